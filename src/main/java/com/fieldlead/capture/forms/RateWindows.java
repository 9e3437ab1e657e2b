package com.fieldlead.capture.forms;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Submissions counted per key in one-minute windows, in this instance's memory: public form posts are few next to
 * the API's traffic, and a bot is stopped as well by N instances each holding it to the limit. A refused attempt is
 * not counted. Old windows are dropped as keys come round again and by a sweep once the map grows.
 */
final class RateWindows {

  private static final long WINDOW_MS = 60_000;
  private static final int SWEEP_ABOVE = 10_000;

  private record Window(long start, int count) {}

  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RateWindows(Clock clock) {
    this.clock = clock;
  }

  /**
   * Counts one attempt for {@code key} when it is under {@code limit} this minute; answers 0 when counted, otherwise
   * the seconds until the window ends (for Retry-After).
   */
  long tryAcquire(String key, int limit) {
    long now = clock.millis();
    long start = now - now % WINDOW_MS;
    boolean[] allowed = {false};
    windows.compute(key, (k, w) -> {
      Window current = w == null || w.start() != start ? new Window(start, 0) : w;
      if (current.count() >= limit) {
        return current;
      }
      allowed[0] = true;
      return new Window(start, current.count() + 1);
    });
    if (windows.size() > SWEEP_ABOVE) {
      windows.values().removeIf(w -> w.start() != start);
    }
    return allowed[0] ? 0 : Math.max(1, (start + WINDOW_MS - now + 999) / 1000);
  }

  /** Gives back an attempt counted by {@link #tryAcquire} (a later limit refused the submission). */
  void release(String key) {
    windows.computeIfPresent(
        key, (k, w) -> w.count() > 0 ? new Window(w.start(), w.count() - 1) : w);
  }
}
