package com.fieldlead.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests set and move forward by hand (token expiry, lockouts, reminders, decay); {@link #stepOnRead} moves it
 * on by itself on the next reads, to age a lease in the middle of an operation. UTC; thread-safe.
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private volatile Duration stepOnRead = Duration.ZERO;
  private final AtomicInteger steppedReads = new AtomicInteger();

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  public void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }

  /** The next {@code reads} reads each move the clock on by {@code step} after answering. */
  public void stepOnRead(Duration step, int reads) {
    stepOnRead = step;
    steppedReads.set(reads);
  }

  @Override
  public Instant instant() {
    Duration step =
        steppedReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? stepOnRead : Duration.ZERO;
    return now.getAndUpdate(t -> t.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
