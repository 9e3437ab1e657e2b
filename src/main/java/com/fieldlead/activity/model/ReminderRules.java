package com.fieldlead.activity.model;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Pure rules for reminders: how far before the due time a reminder fires, and where a snooze moves it. Bounds are
 * part of the contract (the OpenAPI schemas state them too).
 */
public final class ReminderRules {

  /** A reminder fires at most a week before the due time. */
  public static final Duration MAX_REMIND_BEFORE = Duration.ofDays(7);
  /** A snooze is at least a minute and at most 30 days. */
  public static final Duration MIN_SNOOZE = Duration.ofMinutes(1);

  public static final Duration MAX_SNOOZE = Duration.ofDays(30);

  private ReminderRules() {}

  /** An offset from minutes (an integer) within [0, 7 days]; empty when out of bounds. */
  public static Optional<Duration> ofMinutes(long minutes) {
    return bounded(Duration.ofMinutes(minutes), Duration.ZERO, MAX_REMIND_BEFORE);
  }

  /** An offset from an ISO-8601 duration ({@code PT15M}, {@code P1D}) within [0, 7 days]; empty when invalid. */
  public static Optional<Duration> ofIso(String text) {
    return parse(text).flatMap(d -> bounded(d, Duration.ZERO, MAX_REMIND_BEFORE));
  }

  /** A snooze length (ISO-8601 or minutes as text) within [1 minute, 30 days]; empty when invalid. */
  public static Optional<Duration> snoozeLength(Duration length) {
    return bounded(length, MIN_SNOOZE, MAX_SNOOZE);
  }

  /** Parses an ISO-8601 duration; empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** When the reminder of a task due at {@code dueAt} fires; null offset means no reminder. */
  public static Instant remindAt(Instant dueAt, Duration before) {
    return before == null || dueAt == null ? null : dueAt.minus(before);
  }

  /**
   * Where a snooze moves the reminder: to {@code until} when given (must be after {@code now} and within the snooze
   * bound), else {@code now + length}. Empty when the result is not in (now, now + 30 days].
   */
  public static Optional<Instant> snoozedUntil(Instant now, Instant until, Duration length) {
    return snoozedUntil(now, null, until, length);
  }

  /**
   * Where a snooze moves a reminder that would fire at {@code pending} (null: none): a snooze never makes a reminder
   * earlier, so a length counts from the later of {@code now} and a reminder that has not fired yet, and the bound is
   * 30 days after that. {@code until} is taken as given; {@link #movesEarlier} tells whether it would go back.
   */
  public static Optional<Instant> snoozedUntil(
      Instant now, Instant pending, Instant until, Duration length) {
    Instant from = pending != null && pending.isAfter(now) ? pending : now;
    Instant target = until != null ? until : length == null ? null : from.plus(length);
    if (target == null || !target.isAfter(now) || target.isAfter(from.plus(MAX_SNOOZE))) {
      return Optional.empty();
    }
    return Optional.of(target);
  }

  /** True when {@code target} is before a reminder that has not fired yet ({@code pending} after {@code now}). */
  public static boolean movesEarlier(Instant now, Instant pending, Instant target) {
    return pending != null && pending.isAfter(now) && target.isBefore(pending);
  }

  private static Optional<Duration> bounded(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 || d.compareTo(max) > 0 ? Optional.empty() : Optional.of(d);
  }
}
