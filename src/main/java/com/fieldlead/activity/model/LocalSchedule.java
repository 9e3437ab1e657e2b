package com.fieldlead.activity.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure local-time arithmetic for tasks and cadences: a user's calendar day as instants, the task views of
 * {@code /v1/tasks/mine}, and the instants of cadence steps. Everything is computed in the user's own IANA zone, so
 * DST days of 23 or 25 hours and zones far apart (Auckland vs Los Angeles) come out right.
 */
public final class LocalSchedule {

  private LocalSchedule() {}

  /** A half-open interval {@code [from, to)} of instants; either end may be null (unbounded). */
  public record Window(Instant from, Instant to) {
    public boolean contains(Instant t) {
      return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }
  }

  /** The views of "my tasks". */
  public enum View {
    TODAY,
    OVERDUE,
    UPCOMING;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * An IANA region zone ({@code Europe/Berlin}, {@code UTC}, {@code Etc/GMT+2}); fixed offsets such as
   * {@code +02:00} and unknown names are refused, because a task's zone must follow its user's DST rules.
   */
  public static Optional<ZoneId> ianaZone(String name) {
    if (name == null || !ZoneId.getAvailableZoneIds().contains(name)) {
      return Optional.empty();
    }
    return Optional.of(ZoneId.of(name));
  }

  /** The user's local calendar day containing {@code now}: [00:00, next day's 00:00) as instants. */
  public static Window day(Instant now, ZoneId zone) {
    LocalDate date = now.atZone(zone).toLocalDate();
    // atStartOfDay, not date.atTime(00:00): in zones whose DST gap is at midnight the day starts at
    // 01:00.
    return new Window(
        date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant());
  }

  /**
   * The due-date window of a view: today = the local day; overdue = due before now (open tasks only, the caller
   * filters status); upcoming = from the end of the local day on.
   */
  public static Window window(View view, Instant now, ZoneId zone) {
    Objects.requireNonNull(view, "view");
    return switch (view) {
      case TODAY -> day(now, zone);
      case OVERDUE -> new Window(null, now);
      case UPCOMING -> new Window(day(now, zone).to(), null);
    };
  }

  /** One step of a cadence as the planner needs it. */
  public record Step(int dayOffset, LocalTime localTime) {
    public Step {
      if (dayOffset < 0) {
        throw new IllegalArgumentException("dayOffset must not be negative");
      }
      Objects.requireNonNull(localTime, "localTime");
    }
  }

  /** Where a step lands: the wall-clock time asked for, the instant it maps to, and that instant's local time. */
  public record Planned(int index, LocalDateTime requested, Instant dueAt, LocalDateTime actual) {
    /** True when the requested time did not exist (DST gap) and was moved forward. */
    public boolean shifted() {
      return !requested.equals(actual);
    }
  }

  /**
   * The instants of {@code steps} for a cadence started on {@code startDate} in {@code zone}. A local time that does
   * not exist (spring-forward gap, e.g. 02:30 in Berlin on the last Sunday of March) moves forward by the gap's length
   * (03:30), as {@link ZonedDateTime#of} does; an ambiguous one (autumn overlap) takes the earlier offset, so the task
   * is due the first time the wall clock shows that time.
   */
  public static List<Planned> plan(List<Step> steps, LocalDate startDate, ZoneId zone) {
    List<Planned> out = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      LocalDateTime requested = startDate.plusDays(step.dayOffset()).atTime(step.localTime());
      ZonedDateTime at = ZonedDateTime.of(requested, zone).withEarlierOffsetAtOverlap();
      out.add(new Planned(i, requested, at.toInstant(), at.toLocalDateTime()));
    }
    return List.copyOf(out);
  }
}
