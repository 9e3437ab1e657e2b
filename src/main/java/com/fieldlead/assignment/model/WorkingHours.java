package com.fieldlead.assignment.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * A rep's weekly working hours in their own IANA zone, and the arithmetic routing and SLAs need: is the rep working at
 * an instant, and what instant lies N working hours after another. Slots are local wall-clock times converted per
 * date, so DST is handled: a 09:00-18:00 day is 9 real hours on either side of a transition, and a slot spanning the
 * transition is as long as the clock says (00:00-06:00 is 5 hours on a spring-forward night). A slot ending at
 * {@code 00:00} ends at midnight (24:00).
 */
public record WorkingHours(ZoneId zone, List<Slot> slots) {

  /** Stops {@link #addWorkingTime} on schedules that almost never work; ten years of days. */
  private static final int MAX_DAYS = 3660;

  public WorkingHours {
    Objects.requireNonNull(zone, "zone");
    slots = slots == null
        ? List.of()
        : slots.stream()
            .sorted(Comparator.comparing(Slot::day).thenComparing(Slot::start))
            .toList();
  }

  /** One working period on a day of the week, {@code [start, end)}; {@code end} 00:00 means midnight. */
  public record Slot(DayOfWeek day, LocalTime start, LocalTime end) {
    public Slot {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
        throw new IllegalArgumentException("slot start " + start + " must be before end " + end);
      }
    }
  }

  /** Always working (24/7): working time equals wall-clock time. */
  public static WorkingHours always(ZoneId zone) {
    return days(zone, EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
  }

  /** Monday to Friday, {@code start} to {@code end}. */
  public static WorkingHours weekdays(ZoneId zone, LocalTime start, LocalTime end) {
    return days(zone, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), start, end);
  }

  private static WorkingHours days(
      ZoneId zone, EnumSet<DayOfWeek> days, LocalTime start, LocalTime end) {
    return new WorkingHours(
        zone, days.stream().map(d -> new Slot(d, start, end)).toList());
  }

  /** True when {@code at} falls into one of the slots of its local day. */
  public boolean isWorking(Instant at) {
    LocalDate date = at.atZone(zone).toLocalDate();
    for (Slot s : slotsOn(date.getDayOfWeek())) {
      if (!at.isBefore(startOf(date, s)) && at.isBefore(endOf(date, s))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The instant at which {@code amount} of working time has passed after {@code from}; time outside the slots does not
   * count. Zero gives {@code from}. Fails with IllegalStateException when the schedule has no slots.
   */
  public Instant addWorkingTime(Instant from, Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative");
    }
    if (amount.isZero()) {
      return from;
    }
    if (slots.isEmpty()) {
      throw new IllegalStateException("no working hours");
    }
    Duration remaining = amount;
    Instant cursor = from;
    LocalDate date =
        from.atZone(zone).toLocalDate().minusDays(1); // a slot may still run after a DST shift
    for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
      for (Slot s : slotsOn(date.getDayOfWeek())) {
        Instant end = endOf(date, s);
        if (!end.isAfter(cursor)) {
          continue;
        }
        Instant start = startOf(date, s).isAfter(cursor) ? startOf(date, s) : cursor;
        Duration available = Duration.between(start, end);
        if (remaining.compareTo(available) <= 0) {
          return start.plus(remaining);
        }
        remaining = remaining.minus(available);
        cursor = end;
      }
    }
    throw new IllegalStateException(
        "working time of " + amount + " not reached within " + MAX_DAYS + " days");
  }

  /** The first instant at or after {@code from} at which the rep is working, or null when there are no slots. */
  public Instant nextWorkingStart(Instant from) {
    if (slots.isEmpty()) {
      return null;
    }
    return isWorking(from) ? from : addWorkingTime(from, Duration.ofNanos(1)).minusNanos(1);
  }

  private List<Slot> slotsOn(DayOfWeek day) {
    return slots.stream().filter(s -> s.day() == day).toList();
  }

  private Instant startOf(LocalDate date, Slot s) {
    // ZonedDateTime.of moves a time in a DST gap forward and takes the earlier offset in an
    // overlap.
    return ZonedDateTime.of(date, s.start(), zone).toInstant();
  }

  private Instant endOf(LocalDate date, Slot s) {
    return s.end().equals(LocalTime.MIDNIGHT)
        ? date.plusDays(1).atStartOfDay(zone).toInstant()
        : ZonedDateTime.of(date, s.end(), zone).toInstant();
  }
}
