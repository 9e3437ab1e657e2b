package com.fieldlead.notify.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A user's quiet hours: local wall-clock times {@code [start, end)} in their IANA zone, possibly across midnight
 * (22:00-07:00). Pure. A push due inside is deferred to the local end; an end time that does not exist that day (DST
 * gap) moves forward as {@link ZonedDateTime#of} does, so DST days of 23 or 25 hours come out right.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  public QuietHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.equals(end)) {
      throw new IllegalArgumentException("quiet hours must not start and end at the same time");
    }
  }

  /** True when the local time of {@code at} in {@code zone} is inside the quiet hours. */
  public boolean contains(Instant at, ZoneId zone) {
    LocalTime t = at.atZone(zone).toLocalTime();
    return start.isBefore(end)
        ? !t.isBefore(start) && t.isBefore(end)
        : !t.isBefore(start) || t.isBefore(end);
  }

  /** {@code at} itself when outside the quiet hours, else the instant they end. */
  public Instant deferral(Instant at, ZoneId zone) {
    if (!contains(at, zone)) {
      return at;
    }
    ZonedDateTime local = at.atZone(zone);
    LocalDate endDate = local.toLocalDate();
    if (!local.toLocalTime().isBefore(end)) {
      endDate = endDate.plusDays(1); // quiet hours across midnight, we are in the evening part
    }
    Instant endsAt = ZonedDateTime.of(endDate, end, zone).toInstant();
    return endsAt.isAfter(at) ? endsAt : at;
  }
}
