package com.fieldlead.assignment.model;

import static com.fieldlead.assignment.model.WorkingHoursTest.BERLIN;
import static com.fieldlead.assignment.model.WorkingHoursTest.NEW_YORK;
import static com.fieldlead.assignment.model.WorkingHoursTest.local;
import static com.fieldlead.assignment.model.WorkingHoursTest.nineToSix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fieldlead.assignment.model.SlaPolicy.Clock;
import com.fieldlead.assignment.model.SlaPolicy.ContactActivity;
import com.fieldlead.assignment.model.SlaPolicy.Evaluation;
import com.fieldlead.assignment.model.SlaPolicy.SlaRule;
import com.fieldlead.assignment.model.SlaPolicy.Status;
import com.fieldlead.scoring.Temperature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {

  private static final SlaPolicy DEFAULTS = SlaPolicy.defaults();

  @Test
  void aHotLeadCapturedFridayEveningIsDueMondayMorningInTheOwnersHours() {
    Instant captured = local("2026-03-27T17:30", BERLIN);
    assertEquals(
        local("2026-03-30T09:30", BERLIN),
        DEFAULTS.dueAt(Temperature.HOT, captured, nineToSix(BERLIN), captured),
        "across the weekend and the spring-forward change");
  }

  @Test
  void aHotLeadOfANewYorkOwnerIsDueInNewYorkWorkingHoursAcrossDst() {
    Instant captured = local("2026-03-06T17:30", NEW_YORK);
    assertEquals(
        Instant.parse("2026-03-09T13:30:00Z"),
        DEFAULTS.dueAt(Temperature.HOT, captured, nineToSix(NEW_YORK), captured));
  }

  @Test
  void anyOtherLeadIsDueWithin24WallClockHours() {
    Instant captured = local("2026-03-27T17:30", BERLIN);
    assertEquals(
        captured.plus(Duration.ofHours(24)),
        DEFAULTS.dueAt(Temperature.WARM, captured, nineToSix(BERLIN), captured));
    assertEquals(
        captured.plus(Duration.ofHours(24)),
        DEFAULTS.dueAt(Temperature.COLD, captured, null, captured));
  }

  @Test
  void withoutOwnerHoursAWorkingHoursRuleRunsOnTheWallClock() {
    Instant captured = local("2026-03-27T17:30", BERLIN);
    assertEquals(
        captured.plus(Duration.ofHours(1)),
        DEFAULTS.dueAt(Temperature.HOT, captured, null, captured));
  }

  @Test
  void firstContactIsMeasuredFromTheDeviceCaptureSoTheOfflineGapCounts() {
    Instant capturedOnDevice = local("2026-06-02T10:00", BERLIN);
    Instant syncedAt = local("2026-06-02T13:00", BERLIN);
    Instant firstCall = local("2026-06-02T13:05", BERLIN);
    Evaluation e = DEFAULTS.evaluate(
        Temperature.HOT,
        capturedOnDevice,
        nineToSix(BERLIN),
        firstCall,
        syncedAt.plus(Duration.ofHours(1)));
    assertEquals(Status.BREACHED, e.status());
    assertEquals("hot-1-working-hour", e.ruleId());
    assertEquals(local("2026-06-02T11:00", BERLIN), e.dueAt());
    assertEquals(Duration.ofMinutes(185), e.timeToContact());
    assertEquals(Duration.ofMinutes(125), e.overdueBy());
  }

  @Test
  void aContactBeforeTheDueTimeMeetsTheSla() {
    Instant captured = local("2026-06-02T10:00", BERLIN);
    Evaluation e = DEFAULTS.evaluate(
        Temperature.HOT,
        captured,
        nineToSix(BERLIN),
        captured.plusSeconds(1800),
        captured.plus(Duration.ofDays(2)));
    assertEquals(Status.MET, e.status());
    assertEquals(Duration.ofMinutes(30), e.timeToContact());
    assertNull(e.overdueBy());
  }

  @Test
  void anUncontactedLeadIsPendingUntilDueAndBreachedAfter() {
    Instant captured = local("2026-06-02T10:00", BERLIN);
    Evaluation pending = DEFAULTS.evaluate(
        Temperature.WARM, captured, null, null, captured.plus(Duration.ofHours(20)));
    assertEquals(Status.PENDING, pending.status());
    assertEquals(Duration.ofHours(4), pending.remaining());
    Evaluation late = DEFAULTS.evaluate(
        Temperature.WARM, captured, null, null, captured.plus(Duration.ofHours(30)));
    assertEquals(Status.BREACHED, late.status());
    assertEquals(Duration.ofHours(6), late.overdueBy());
    assertNull(late.timeToContact());
  }

  @Test
  void aCaptureTimeInTheFutureStartsTheClockNow() {
    Instant now = Instant.parse("2026-06-02T08:00:00Z");
    assertEquals(
        now.plus(Duration.ofHours(24)),
        DEFAULTS.dueAt(Temperature.COLD, now.plusSeconds(7200), null, now));
  }

  @Test
  void onlyCallsMeetingsAndEmailsCountAsFirstContactUnlessConfigured() {
    Instant t = Instant.parse("2026-06-02T08:00:00Z");
    List<ContactActivity> activities = List.of(
        new ContactActivity("note", t),
        new ContactActivity("visit", t.plusSeconds(60)),
        new ContactActivity("email", t.plusSeconds(600)),
        new ContactActivity("CALL", t.plusSeconds(300)));
    assertEquals(Optional.of(t.plusSeconds(300)), DEFAULTS.firstContact(activities));
    SlaPolicy visitsCount =
        new SlaPolicy(DEFAULTS.rules(), Set.of("call", "meeting", "email", "visit"));
    assertEquals(Optional.of(t.plusSeconds(60)), visitsCount.firstContact(activities));
    assertEquals(Optional.empty(), DEFAULTS.firstContact(List.of(new ContactActivity("note", t))));
  }

  @Test
  void aLeadNoRuleCoversHasNoSla() {
    SlaPolicy hotOnly = new SlaPolicy(
        List.of(new SlaRule("hot", Temperature.HOT, Duration.ofHours(1), Clock.WALL)),
        Set.of("call"));
    assertEquals(
        Status.NONE,
        hotOnly
            .evaluate(Temperature.COLD, Instant.EPOCH, null, null, Instant.EPOCH)
            .status());
    assertNull(hotOnly.dueAt(Temperature.COLD, Instant.EPOCH, null, Instant.EPOCH));
  }

  @Test
  void anSlaPolicyNeedsPositiveDurationsUniqueIdsAndContactTypes() {
    SlaPolicy bad = new SlaPolicy(
        List.of(
            new SlaRule("a", null, Duration.ZERO, Clock.WALL),
            new SlaRule("a", null, Duration.ofHours(1), Clock.WALL)),
        Set.of());
    assertEquals(
        List.of("/rules/0/within range", "/rules/1/id unique", "/contactTypes required"),
        bad.validate().stream().map(f -> f.field() + " " + f.code()).toList());
    assertEquals(List.of(), DEFAULTS.validate());
  }
}
