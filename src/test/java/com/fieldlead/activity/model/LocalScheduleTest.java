package com.fieldlead.activity.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalScheduleTest {

  static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
  static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  @Test
  void aUserInAucklandAndOneInLosAngelesSeeDifferentCalendarDaysAtTheSameInstant() {
    Instant now =
        Instant.parse("2025-03-12T20:00:00Z"); // Auckland: 13 Mar 09:00; Los Angeles: 12 Mar 13:00

    LocalSchedule.Window auckland = LocalSchedule.day(now, AUCKLAND);
    LocalSchedule.Window la = LocalSchedule.day(now, LOS_ANGELES);

    assertEquals(Instant.parse("2025-03-12T11:00:00Z"), auckland.from());
    assertEquals(Instant.parse("2025-03-13T11:00:00Z"), auckland.to());
    assertEquals(Instant.parse("2025-03-12T07:00:00Z"), la.from());
    assertEquals(Instant.parse("2025-03-13T07:00:00Z"), la.to());
  }

  @Test
  void aTaskDueAtOneInstantIsTodayForOneUserAndTomorrowOrYesterdayForTheOther() {
    Instant now = Instant.parse("2025-03-12T20:00:00Z");
    Instant aucklandEvening =
        Instant.parse("2025-03-13T08:00:00Z"); // Auckland 21:00 today; LA 01:00 tomorrow
    Instant laMorning =
        Instant.parse("2025-03-12T10:00:00Z"); // LA 03:00 today; Auckland 23:00 yesterday

    assertTrue(LocalSchedule.day(now, AUCKLAND).contains(aucklandEvening));
    assertFalse(LocalSchedule.day(now, LOS_ANGELES).contains(aucklandEvening));
    assertTrue(LocalSchedule.day(now, LOS_ANGELES).contains(laMorning));
    assertFalse(LocalSchedule.day(now, AUCKLAND).contains(laMorning));
  }

  @Test
  void theSpringForwardDayInBerlinIs23HoursLong() {
    LocalSchedule.Window day = LocalSchedule.day(Instant.parse("2025-03-30T12:00:00Z"), BERLIN);

    assertEquals(Instant.parse("2025-03-29T23:00:00Z"), day.from());
    assertEquals(Instant.parse("2025-03-30T22:00:00Z"), day.to());
    assertEquals(Duration.ofHours(23), Duration.between(day.from(), day.to()));
  }

  @Test
  void theFallBackDayInBerlinIs25HoursLongAndIncludesBothLateEveningHours() {
    LocalSchedule.Window day = LocalSchedule.day(Instant.parse("2025-10-26T12:00:00Z"), BERLIN);

    assertEquals(Instant.parse("2025-10-25T22:00:00Z"), day.from());
    assertEquals(Instant.parse("2025-10-26T23:00:00Z"), day.to());
    assertEquals(Duration.ofHours(25), Duration.between(day.from(), day.to()));
    assertTrue(day.contains(Instant.parse("2025-10-26T22:59:59Z"))); // 23:59:59 local
    assertFalse(day.contains(Instant.parse("2025-10-26T23:00:00Z"))); // next day's midnight
  }

  @Test
  void
      inTheSouthernHemisphereSydneyEndsDstInAprilWithA25HourDayAndStartsItInOctoberWithA23HourDay() {
    LocalSchedule.Window april = LocalSchedule.day(Instant.parse("2025-04-06T01:00:00Z"), SYDNEY);
    LocalSchedule.Window october = LocalSchedule.day(Instant.parse("2025-10-05T01:00:00Z"), SYDNEY);

    assertEquals(Instant.parse("2025-04-05T13:00:00Z"), april.from());
    assertEquals(Duration.ofHours(25), Duration.between(april.from(), april.to()));
    assertEquals(Instant.parse("2025-10-04T14:00:00Z"), october.from());
    assertEquals(Duration.ofHours(23), Duration.between(october.from(), october.to()));
  }

  @Test
  void aucklandsDstStartInSeptemberMakesA23HourDay() {
    LocalSchedule.Window day = LocalSchedule.day(Instant.parse("2025-09-28T00:00:00Z"), AUCKLAND);

    assertEquals(Instant.parse("2025-09-27T12:00:00Z"), day.from());
    assertEquals(Duration.ofHours(23), Duration.between(day.from(), day.to()));
  }

  @Test
  void whereDstBeginsAtMidnightTheDayStartsAtOneOClockLocalTime() {
    ZoneId santiago = ZoneId.of("America/Santiago"); // 2024-09-08 00:00 does not exist there
    LocalSchedule.Window day = LocalSchedule.day(Instant.parse("2024-09-08T15:00:00Z"), santiago);

    assertEquals(
        LocalDateTime.parse("2024-09-08T01:00"), day.from().atZone(santiago).toLocalDateTime());
    assertEquals(Duration.ofHours(23), Duration.between(day.from(), day.to()));
  }

  @Test
  void theLastMillisecondBeforeLocalMidnightIsStillToday() {
    Instant now = Instant.parse("2025-03-13T10:59:59.999Z"); // Auckland 23:59:59.999 on 13 Mar
    LocalSchedule.Window day = LocalSchedule.day(now, AUCKLAND);

    assertTrue(day.contains(now));
    assertEquals(Instant.parse("2025-03-13T11:00:00Z"), day.to());
  }

  @Test
  void overdueMeansDueBeforeNowWithNoLowerBound() {
    Instant now = Instant.parse("2025-03-12T20:00:00Z");
    LocalSchedule.Window w = LocalSchedule.window(LocalSchedule.View.OVERDUE, now, AUCKLAND);

    assertNull(w.from());
    assertEquals(now, w.to());
    assertFalse(w.contains(now));
  }

  @Test
  void upcomingStartsWhereTheUsersTodayEnds() {
    Instant now = Instant.parse("2025-03-12T20:00:00Z");
    LocalSchedule.Window w = LocalSchedule.window(LocalSchedule.View.UPCOMING, now, LOS_ANGELES);

    assertEquals(Instant.parse("2025-03-13T07:00:00Z"), w.from());
    assertNull(w.to());
  }

  @Test
  void stepsLandOnTheirLocalTimeOnEachDayEvenAcrossADstChange() {
    List<LocalSchedule.Planned> plan = LocalSchedule.plan(
        List.of(
            new LocalSchedule.Step(0, LocalTime.of(10, 0)),
            new LocalSchedule.Step(2, LocalTime.of(10, 0)),
            new LocalSchedule.Step(7, LocalTime.of(9, 0))),
        LocalDate.of(2025, 3, 28),
        BERLIN);

    assertEquals(Instant.parse("2025-03-28T09:00:00Z"), plan.get(0).dueAt()); // CET, +01:00
    assertEquals(Instant.parse("2025-03-30T08:00:00Z"), plan.get(1).dueAt()); // CEST, +02:00
    assertEquals(Instant.parse("2025-04-04T07:00:00Z"), plan.get(2).dueAt());
    assertFalse(plan.get(1).shifted());
  }

  @Test
  void aStepAt0230OnBerlinsSpringForwardDayMovesToTheSameTimeAfterTheGap() {
    List<LocalSchedule.Planned> plan = LocalSchedule.plan(
        List.of(new LocalSchedule.Step(0, LocalTime.of(2, 30))), LocalDate.of(2025, 3, 30), BERLIN);

    assertEquals(Instant.parse("2025-03-30T01:30:00Z"), plan.get(0).dueAt());
    assertEquals(LocalDateTime.parse("2025-03-30T03:30"), plan.get(0).actual());
    assertEquals(LocalDateTime.parse("2025-03-30T02:30"), plan.get(0).requested());
    assertTrue(plan.get(0).shifted());
  }

  @Test
  void aStepAt0230OnBerlinsFallBackDayIsTheFirstOfTheTwo0230s() {
    List<LocalSchedule.Planned> plan = LocalSchedule.plan(
        List.of(new LocalSchedule.Step(0, LocalTime.of(2, 30))),
        LocalDate.of(2025, 10, 26),
        BERLIN);

    assertEquals(
        Instant.parse("2025-10-26T00:30:00Z"), plan.get(0).dueAt()); // 02:30 CEST, not 02:30 CET
    assertFalse(plan.get(0).shifted());
  }

  @Test
  void aStepInSydneysOctoberGapAndInAucklandsSeptemberGapMovesForwardByAnHour() {
    var sydney = LocalSchedule.plan(
        List.of(new LocalSchedule.Step(0, LocalTime.of(2, 30))), LocalDate.of(2025, 10, 5), SYDNEY);
    var auckland = LocalSchedule.plan(
        List.of(new LocalSchedule.Step(1, LocalTime.of(2, 15))),
        LocalDate.of(2025, 9, 27),
        AUCKLAND);

    assertEquals(Instant.parse("2025-10-04T16:30:00Z"), sydney.get(0).dueAt()); // 03:30 AEDT
    assertEquals(
        Instant.parse("2025-09-27T14:15:00Z"), auckland.get(0).dueAt()); // 03:15 NZDT on 28 Sep
    assertEquals(LocalDateTime.parse("2025-09-28T03:15"), auckland.get(0).actual());
  }

  @Test
  void aStepInSydneysAprilOverlapTakesTheEarlierOffset() {
    var plan = LocalSchedule.plan(
        List.of(new LocalSchedule.Step(0, LocalTime.of(2, 30))), LocalDate.of(2025, 4, 6), SYDNEY);

    assertEquals(Instant.parse("2025-04-05T15:30:00Z"), plan.get(0).dueAt()); // 02:30 AEDT (+11)
  }

  @Test
  void theSameCadenceStartedTheSameDayIsDueAtDifferentInstantsForOwnersInDifferentZones() {
    List<LocalSchedule.Step> steps = List.of(new LocalSchedule.Step(0, LocalTime.of(10, 0)));
    LocalDate day = LocalDate.of(2025, 3, 12);

    assertEquals(
        Instant.parse("2025-03-11T21:00:00Z"),
        LocalSchedule.plan(steps, day, AUCKLAND).get(0).dueAt());
    assertEquals(
        Instant.parse("2025-03-12T17:00:00Z"),
        LocalSchedule.plan(steps, day, LOS_ANGELES).get(0).dueAt());
  }

  @Test
  void ianaRegionZonesAreAcceptedAndOffsetsOrUnknownNamesAreNot() {
    assertTrue(LocalSchedule.ianaZone("Europe/Berlin").isPresent());
    assertTrue(LocalSchedule.ianaZone("UTC").isPresent());
    assertFalse(LocalSchedule.ianaZone("+02:00").isPresent());
    assertFalse(LocalSchedule.ianaZone("Mars/Olympus_Mons").isPresent());
    assertFalse(LocalSchedule.ianaZone("europe/berlin").isPresent());
    assertFalse(LocalSchedule.ianaZone(null).isPresent());
  }
}
