package com.fieldlead.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A test clock moved by hand; {@link #stepOnRead} advances it on the next reads, to age a lease mid-operation. */
final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private volatile Duration stepOnRead = Duration.ZERO;
  private final java.util.concurrent.atomic.AtomicInteger steppedReads = new java.util.concurrent.atomic.AtomicInteger();

  MutableClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  /** The next {@code reads} reads each move the clock on by {@code step} after answering. */
  void stepOnRead(Duration step, int reads) {
    stepOnRead = step;
    steppedReads.set(reads);
  }

  @Override
  public Instant instant() {
    Duration step = steppedReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? stepOnRead : Duration.ZERO;
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
