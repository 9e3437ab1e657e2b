package com.fieldlead.activity.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReminderRulesTest {

  static final Instant NOW = Instant.parse("2025-03-12T10:00:00Z");

  @Test
  void remindBeforeAcceptsMinutesAndIsoDurationsUpToAWeek() {
    assertEquals(Optional.of(Duration.ofMinutes(15)), ReminderRules.ofMinutes(15));
    assertEquals(Optional.of(Duration.ofMinutes(30)), ReminderRules.ofIso("PT30M"));
    assertEquals(Optional.of(Duration.ofDays(7)), ReminderRules.ofIso("P7D"));
    assertEquals(Optional.of(Duration.ZERO), ReminderRules.ofMinutes(0));
  }

  @Test
  void remindBeforeRefusesNegativeTooLongAndUnparseableValues() {
    assertTrue(ReminderRules.ofMinutes(-1).isEmpty());
    assertTrue(ReminderRules.ofMinutes(7 * 24 * 60 + 1).isEmpty());
    assertTrue(ReminderRules.ofIso("P8D").isEmpty());
    assertTrue(ReminderRules.ofIso("PT-5M").isEmpty());
    assertTrue(ReminderRules.ofIso("half an hour").isEmpty());
  }

  @Test
  void theReminderFiresTheOffsetBeforeTheDueTime() {
    assertEquals(
        Instant.parse("2025-03-12T09:30:00Z"),
        ReminderRules.remindAt(Instant.parse("2025-03-12T10:00:00Z"), Duration.ofMinutes(30)));
  }

  @Test
  void aSnoozeForADurationEndsThatLongAfterNow() {
    assertEquals(
        Optional.of(NOW.plus(Duration.ofHours(1))),
        ReminderRules.snoozedUntil(NOW, null, Duration.ofHours(1)));
  }

  @Test
  void aSnoozeUntilAnInstantMustEndInTheFutureAndWithinThirtyDays() {
    assertTrue(ReminderRules.snoozedUntil(NOW, NOW.minusSeconds(1), null).isEmpty());
    assertTrue(ReminderRules.snoozedUntil(NOW, NOW, null).isEmpty());
    assertTrue(
        ReminderRules.snoozedUntil(NOW, NOW.plus(Duration.ofDays(31)), null).isEmpty());
    assertEquals(
        Optional.of(NOW.plusSeconds(60)),
        ReminderRules.snoozedUntil(NOW, NOW.plusSeconds(60), null));
  }

  @Test
  void aSnoozeOfAReminderStillToComeCountsFromThatReminderAndNeverGoesBack() {
    Instant pending = NOW.plus(Duration.ofDays(2));
    assertEquals(
        Optional.of(pending.plus(Duration.ofHours(2))),
        ReminderRules.snoozedUntil(NOW, pending, null, Duration.ofHours(2)));
    assertTrue(ReminderRules.movesEarlier(NOW, pending, NOW.plus(Duration.ofHours(2))));
    assertTrue(
        !ReminderRules.movesEarlier(NOW, NOW.minusSeconds(60), NOW.plus(Duration.ofHours(2))),
        "a reminder that fired already is snoozed from now");
    assertEquals(
        Optional.of(NOW.plus(Duration.ofHours(2))),
        ReminderRules.snoozedUntil(NOW, NOW.minusSeconds(60), null, Duration.ofHours(2)));
  }

  @Test
  void snoozeLengthsAreBetweenAMinuteAndThirtyDays() {
    assertTrue(ReminderRules.snoozeLength(Duration.ofSeconds(30)).isEmpty());
    assertTrue(ReminderRules.snoozeLength(Duration.ofDays(31)).isEmpty());
    assertEquals(
        Optional.of(Duration.ofMinutes(1)), ReminderRules.snoozeLength(Duration.ofMinutes(1)));
  }

  @Test
  void aCursorSurvivesTheRoundTripAndGarbageIsRefused() {
    Cursor c = new Cursor(
        Instant.parse("2025-03-12T10:00:00.123Z"), "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");
    assertEquals(Optional.of(c), Cursor.decode(c.encode()));
    assertTrue(Cursor.decode("not a cursor!").isEmpty());
    assertTrue(Cursor.decode("eHl6").isEmpty());
  }
}
