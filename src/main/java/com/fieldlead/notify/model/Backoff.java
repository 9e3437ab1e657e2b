package com.fieldlead.notify.model;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Pure retry timing of the outbox: exponential backoff with full jitter in the upper half
 * ({@code base * 2^(attempt-1)}, capped, then a random point in [d/2, d]), and a server's Retry-After wins when it
 * is longer. After {@code maxAttempts} attempts there is no next one.
 */
public final class Backoff {

  private final Duration base;
  private final Duration max;
  private final int maxAttempts;
  private final DoubleSupplier random;

  public Backoff(Duration base, Duration max, int maxAttempts, DoubleSupplier random) {
    this.base = Objects.requireNonNull(base, "base");
    this.max = Objects.requireNonNull(max, "max");
    this.maxAttempts = maxAttempts;
    this.random = Objects.requireNonNull(random, "random");
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** True when {@code attemptsMade} attempts used up the budget (the notification goes to the dead letters). */
  public boolean exhausted(int attemptsMade) {
    return attemptsMade >= maxAttempts;
  }

  /** The delay before the next attempt after {@code attemptsMade} failed ones (1 = after the first). */
  public Duration delay(int attemptsMade, Duration retryAfter) {
    int shift = Math.min(Math.max(attemptsMade - 1, 0), 30);
    long cap = max.toMillis();
    long exp = base.toMillis() > (cap >> shift) ? cap : Math.min(cap, base.toMillis() << shift);
    long jittered = exp / 2 + (long) (random.getAsDouble() * (exp - exp / 2));
    Duration d = Duration.ofMillis(Math.max(1, jittered));
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
