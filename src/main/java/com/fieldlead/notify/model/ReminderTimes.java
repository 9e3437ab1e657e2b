package com.fieldlead.notify.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Pure: when a task's reminder fires, in the assignee's terms. {@code remindBefore} whole days are calendar days in
 * the assignee's zone ("a day before 09:00" is 09:00 the day before, even across a DST change), the rest is elapsed
 * time; a snoozed task fires at its snoozed {@code remindAt}. Also the instant of a daily digest.
 */
public final class ReminderTimes {

  private ReminderTimes() {}

  /**
   * The fire time, or null when the task has no reminder.
   *
   * @param remindBefore ISO-8601 duration as stored on the task, or null
   * @param remindAt the stored reminder instant (due - remindBefore, or where the last snooze moved it)
   */
  public static Instant fireAt(
      Instant dueAt, String remindBefore, ZoneId zone, Instant remindAt, boolean snoozed) {
    if (snoozed || remindBefore == null || dueAt == null) {
      return remindAt;
    }
    Duration before;
    try {
      before = Duration.parse(remindBefore);
    } catch (DateTimeParseException e) {
      return remindAt;
    }
    long days = before.toDays();
    return dueAt.atZone(zone).minusDays(days).toInstant().minus(before.minusDays(days));
  }

  /** The digest instant of the local day containing {@code now} (a time in a DST gap moves forward). */
  public static Instant digestAt(Instant now, ZoneId zone, LocalTime time) {
    LocalDate today = now.atZone(zone).toLocalDate();
    return ZonedDateTime.of(today, time, zone).toInstant();
  }
}
