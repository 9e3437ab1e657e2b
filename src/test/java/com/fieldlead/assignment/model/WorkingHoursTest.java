package com.fieldlead.assignment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.assignment.model.WorkingHours.Slot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkingHoursTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  static WorkingHours nineToSix(ZoneId zone) {
    return WorkingHours.weekdays(zone, LocalTime.of(9, 0), LocalTime.of(18, 0));
  }

  static Instant local(String dateTime, ZoneId zone) {
    return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
  }

  @Test
  void theSameUtcInstantIsWorkingTimeOnlyAfterBerlinSpringsForward() {
    WorkingHours hours = nineToSix(BERLIN);
    assertFalse(hours.isWorking(Instant.parse("2026-03-27T07:30:00Z")), "Friday 08:30 CET");
    assertTrue(hours.isWorking(Instant.parse("2026-03-30T07:30:00Z")), "Monday 09:30 CEST");
    assertTrue(hours.isWorking(local("2026-03-30T09:00", BERLIN)), "the start is inclusive");
    assertFalse(hours.isWorking(local("2026-03-30T18:00", BERLIN)), "the end is exclusive");
    assertFalse(hours.isWorking(local("2026-03-28T11:00", BERLIN)), "Saturday");
  }

  @Test
  void oneWorkingHourFromFridayEveningInBerlinEndsMondayMorningAcrossTheDstChange() {
    Instant due =
        nineToSix(BERLIN).addWorkingTime(local("2026-03-27T17:30", BERLIN), Duration.ofHours(1));
    assertEquals(local("2026-03-30T09:30", BERLIN), due);
    assertEquals(Instant.parse("2026-03-30T07:30:00Z"), due);
  }

  @Test
  void oneWorkingHourFromFridayEveningInNewYorkEndsMondayMorningAfterSpringForward() {
    Instant due = nineToSix(NEW_YORK)
        .addWorkingTime(local("2026-03-06T17:30", NEW_YORK), Duration.ofHours(1));
    assertEquals(
        Instant.parse("2026-03-09T13:30:00Z"), due, "09:30 EDT, UTC-4 (Friday was EST, UTC-5)");
  }

  @Test
  void sydneyLeavingDaylightTimeInAprilIsHandledTheSameWay() {
    Instant friday = local("2026-04-03T17:30", SYDNEY);
    assertEquals(Instant.parse("2026-04-03T06:30:00Z"), friday, "AEDT, UTC+11");
    Instant due = nineToSix(SYDNEY).addWorkingTime(friday, Duration.ofHours(1));
    assertEquals(Instant.parse("2026-04-05T23:30:00Z"), due, "Monday 09:30 AEST, UTC+10");
    assertTrue(nineToSix(SYDNEY).isWorking(due));
  }

  @Test
  void aNightSlotIsAsLongAsTheWallClockSaysOnDstNights() {
    WorkingHours sundayNight = new WorkingHours(
        BERLIN, List.of(new Slot(DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, LocalTime.of(6, 0))));
    Instant springStart = local("2026-03-29T00:00", BERLIN);
    assertEquals(
        local("2026-03-29T06:00", BERLIN),
        sundayNight.addWorkingTime(springStart, Duration.ofHours(5)),
        "spring forward: 00:00-06:00 is 5 hours");
    Instant autumnStart = local("2026-10-25T00:00", BERLIN);
    assertEquals(
        local("2026-10-25T06:00", BERLIN),
        sundayNight.addWorkingTime(autumnStart, Duration.ofHours(7)),
        "fall back: 00:00-06:00 is 7 hours");
  }

  @Test
  void workingTimeSkipsTheGapBetweenSplitSlots() {
    WorkingHours split = new WorkingHours(
        BERLIN,
        List.of(
            new Slot(DayOfWeek.TUESDAY, LocalTime.of(13, 0), LocalTime.of(17, 0)),
            new Slot(DayOfWeek.TUESDAY, LocalTime.of(9, 0), LocalTime.of(12, 0))));
    assertEquals(
        local("2026-06-02T14:00", BERLIN),
        split.addWorkingTime(local("2026-06-02T11:00", BERLIN), Duration.ofHours(2)));
    assertFalse(split.isWorking(local("2026-06-02T12:30", BERLIN)));
  }

  @Test
  void aroundTheClockHoursMakeWorkingTimeEqualWallClockTimeEvenOnDstDays() {
    Instant from = Instant.parse("2026-03-28T12:00:00Z");
    assertEquals(
        from.plus(Duration.ofHours(24)),
        WorkingHours.always(BERLIN).addWorkingTime(from, Duration.ofHours(24)));
    assertTrue(WorkingHours.always(BERLIN).isWorking(local("2026-03-29T03:30", BERLIN)));
  }

  @Test
  void zeroWorkingTimeIsTheStartAndTimeInsideASlotIsAddedDirectly() {
    Instant monday = local("2026-06-01T10:00", BERLIN);
    assertEquals(monday, nineToSix(BERLIN).addWorkingTime(monday, Duration.ZERO));
    assertEquals(
        local("2026-06-01T12:00", BERLIN),
        nineToSix(BERLIN).addWorkingTime(monday, Duration.ofHours(2)));
  }

  @Test
  void theNextWorkingStartAfterASaturdayIsMondayMorning() {
    assertEquals(
        local("2026-06-08T09:00", BERLIN),
        nineToSix(BERLIN).nextWorkingStart(local("2026-06-06T11:00", BERLIN)));
    Instant working = local("2026-06-08T10:00", BERLIN);
    assertEquals(working, nineToSix(BERLIN).nextWorkingStart(working));
  }

  @Test
  void anEmptyScheduleOrABackwardSlotIsRefused() {
    WorkingHours none = new WorkingHours(BERLIN, List.of());
    assertThrows(
        IllegalStateException.class, () -> none.addWorkingTime(Instant.EPOCH, Duration.ofHours(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Slot(DayOfWeek.MONDAY, LocalTime.of(18, 0), LocalTime.of(9, 0)));
  }
}
