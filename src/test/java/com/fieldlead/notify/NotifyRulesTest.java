package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.auth.DeviceTokens.PushToken;
import com.fieldlead.notify.model.Backoff;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.model.NotificationPreferences;
import com.fieldlead.notify.model.PreferencesRules;
import com.fieldlead.notify.model.PushMessage;
import com.fieldlead.notify.model.QuietHours;
import com.fieldlead.notify.model.ReminderTimes;
import com.fieldlead.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure rules of the notify package: quiet hours, reminder times, backoff, payload size, token choice. */
class NotifyRulesTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  private static Instant at(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  @Test
  void aPushInsideOvernightQuietHoursWaitsUntilTheirLocalEnd() {
    QuietHours q = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    assertEquals(
        at("2026-06-11T07:00", BERLIN), q.deferral(at("2026-06-10T23:30", BERLIN), BERLIN));
    assertEquals(
        at("2026-06-11T07:00", BERLIN), q.deferral(at("2026-06-11T05:00", BERLIN), BERLIN));
    Instant day = at("2026-06-11T12:00", BERLIN);
    assertEquals(day, q.deferral(day, BERLIN));
  }

  @Test
  void quietHoursEndAtTheLocalTimeAcrossTheSpringForwardNightInBerlin() {
    // 29 March 2026: clocks jump 02:00 -> 03:00; the night is one hour shorter.
    QuietHours q = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    Instant end = q.deferral(at("2026-03-28T23:00", BERLIN), BERLIN);
    assertEquals(ZonedDateTime.of(2026, 3, 29, 7, 0, 0, 0, BERLIN).toInstant(), end);
    assertEquals(Duration.ofHours(7), Duration.between(at("2026-03-28T23:00", BERLIN), end));
  }

  @Test
  void quietHoursEndingInsideTheDstGapMoveForwardInSydneySpring() {
    // 4 October 2026 in Sydney: 02:00 -> 03:00. Quiet hours ending 02:30 end at 03:30 local that
    // night.
    QuietHours q = new QuietHours(LocalTime.of(23, 0), LocalTime.of(2, 30));
    Instant end = q.deferral(at("2026-10-04T01:00", SYDNEY), SYDNEY);
    assertEquals(LocalTime.of(3, 30), end.atZone(SYDNEY).toLocalTime());
    assertTrue(end.isAfter(at("2026-10-04T01:00", SYDNEY)));
  }

  @Test
  void quietHoursThatStartAndEndTogetherAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new QuietHours(LocalTime.NOON, LocalTime.NOON));
    ProblemException e = assertThrows(
        ProblemException.class,
        () -> PreferencesRules.check(new NotificationPreferences(
            Map.of(), new NotificationPreferences.Window("22:00", "22:00"), null, null)));
    assertEquals("/quietHours/end", e.errors().get(0).field());
  }

  @Test
  void aDayBeforeReminderFiresAtTheSameLocalTimeTheDayBeforeAcrossBerlinSpringForward() {
    Instant due = at("2026-03-29T09:00", BERLIN); // first day of summer time
    Instant fire = ReminderTimes.fireAt(due, "P1D", BERLIN, due.minus(Duration.ofDays(1)), false);
    assertEquals(at("2026-03-28T09:00", BERLIN), fire);
    assertEquals(Duration.ofHours(23), Duration.between(fire, due));
  }

  @Test
  void aDayBeforeReminderFiresAtTheSameLocalTimeTheDayBeforeAcrossSydneyAutumnFallBack() {
    Instant due = at("2026-04-05T09:00", SYDNEY); // first day of standard time (03:00 -> 02:00)
    Instant fire = ReminderTimes.fireAt(due, "P1D", SYDNEY, due.minus(Duration.ofDays(1)), false);
    assertEquals(at("2026-04-04T09:00", SYDNEY), fire);
    assertEquals(Duration.ofHours(25), Duration.between(fire, due));
  }

  @Test
  void minutesBeforeAreElapsedTimeAndASnoozedReminderKeepsItsSnoozedTime() {
    Instant due = at("2026-10-25T03:30", BERLIN);
    assertEquals(
        due.minus(Duration.ofMinutes(90)), ReminderTimes.fireAt(due, "PT90M", BERLIN, null, false));
    Instant snoozed = due.plus(Duration.ofHours(2));
    assertEquals(snoozed, ReminderTimes.fireAt(due, "PT15M", BERLIN, snoozed, true));
  }

  @Test
  void backoffDoublesWithJitterIsCappedAndRetryAfterWinsWhenLonger() {
    Backoff high = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), 5, () -> 1.0);
    Backoff low = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), 5, () -> 0.0);
    assertEquals(Duration.ofSeconds(2), high.delay(1, null));
    assertEquals(Duration.ofSeconds(1), low.delay(1, null));
    assertEquals(Duration.ofSeconds(8), high.delay(3, null));
    assertEquals(Duration.ofMinutes(1), high.delay(20, null));
    assertEquals(Duration.ofSeconds(120), high.delay(1, Duration.ofSeconds(120)));
    assertEquals(Duration.ofSeconds(8), high.delay(3, Duration.ofSeconds(1)));
    assertFalse(high.exhausted(4));
    assertTrue(high.exhausted(5));
  }

  @Test
  void hugeLeadNamesAreCutSoThePayloadStaysUnderFcmsLimit() {
    String huge = "Ünïcødé 🚀 ".repeat(2000);
    PushMessage m = new PushMessage(
        "id-1",
        "Hot lead " + huge,
        huge + " is hot",
        Map.of("type", "hot_lead", "leadId", "x".repeat(5000), "notificationId", "id-1"),
        "hot_lead:id-1",
        false);
    PushMessage fit = PushPayloads.fit(m);
    assertTrue(
        PushPayloads.size(fit) <= PushPayloads.BUDGET_BYTES, "size " + PushPayloads.size(fit));
    assertTrue(PushPayloads.size(fit) < PushPayloads.FCM_LIMIT_BYTES);
    assertTrue(fit.title().endsWith("\u2026"));
    assertTrue(fit.body().endsWith("\u2026"));
    assertEquals("id-1", fit.data().get("notificationId"));
    // No broken surrogate pairs: the text survives a UTF-8 round trip unchanged.
    assertEquals(
        fit.body(),
        new String(fit.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }

  @Test
  void aShortPayloadIsLeftAlone() {
    PushMessage m =
        new PushMessage("id", "Hot lead", "Ada is hot", Map.of("type", "hot_lead"), "k", false);
    assertEquals(m, PushPayloads.fit(m));
  }

  @Test
  void staleTokensDevicesAlreadyServedAndDuplicateTokensAreNotSentTo() {
    Instant now = Instant.parse("2026-05-01T00:00:00Z");
    List<PushToken> tokens = List.of(
        new PushToken("d1", "u", "fresh", now.minus(Duration.ofDays(1))),
        new PushToken("d2", "u", "old", now.minus(Duration.ofDays(31))),
        new PushToken("d3", "u", "served", now),
        new PushToken("d4", "u", "fresh", now.minus(Duration.ofDays(5))),
        new PushToken("d5", "u", "unknown-age", null));
    List<PushToken> chosen = TokenSelection.select(tokens, Set.of("d3"), now, Duration.ofDays(30));
    assertEquals(List.of("d1"), chosen.stream().map(PushToken::deviceId).toList());
  }

  @Test
  void theNotificationIdIsStablePerCauseAndUserAndDataCarriesTypeAndId() {
    NewNotification a = new NewNotification(
        "t",
        "u",
        NotificationKind.HOT_LEAD,
        "event:e1",
        "T",
        "B",
        Map.of("leadId", "L"),
        true,
        null);
    NewNotification b = new NewNotification(
        "t", "u", NotificationKind.HOT_LEAD, "event:e1", "T2", "B2", Map.of(), true, null);
    NewNotification other = new NewNotification(
        "t", "v", NotificationKind.HOT_LEAD, "event:e1", "T", "B", Map.of(), true, null);
    assertEquals(a.id(), b.id());
    assertNotEquals(a.id(), other.id());
    assertEquals(
        Map.of(
            "leadId", "L", "type", "hot_lead", "notificationId", a.id(), "link", "/app/#/leads/L"),
        a.pushData());
  }
}
