package com.fieldlead.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: {@code base * 2^(attempt-1)} capped at {@link #MAX_DELAY}, with "equal
 * jitter" (a random point in the upper half of that delay, so receivers coming back do not get every retry at once);
 * a {@code Retry-After} longer than that wins. Nothing is tried after {@link #WINDOW} from the delivery's first
 * attempt (its window start): the delivery has then failed for good. Pure.
 */
public final class RetryPolicy {

  public static final Duration WINDOW = Duration.ofDays(3);
  public static final Duration MAX_DELAY = Duration.ofHours(6);

  private final Duration base;
  private final DoubleSupplier random;

  public RetryPolicy(Duration base, DoubleSupplier random) {
    this.base = base;
    this.random = random;
  }

  /** The next attempt's time after failed attempt number {@code attempt}, or empty when the window is over. */
  public Optional<Instant> next(
      int attempt, Instant now, Instant windowStart, Duration retryAfter) {
    long baseMs = base.toMillis();
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long capped = Math.min(MAX_DELAY.toMillis(), baseMs << shift);
    long delay = capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2));
    if (retryAfter != null && retryAfter.toMillis() > delay) {
      delay = retryAfter.toMillis();
    }
    Instant at = now.plusMillis(delay);
    return at.isAfter(windowStart.plus(WINDOW)) ? Optional.empty() : Optional.of(at);
  }

  /** A {@code Retry-After} header's value (seconds, or an HTTP date) as a duration from {@code now}; null if unusable. */
  public static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, WINDOW.toSeconds()));
    } catch (NumberFormatException e) {
      try {
        Instant at =
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
