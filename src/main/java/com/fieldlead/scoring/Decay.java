package com.fieldlead.scoring;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Half-life arithmetic of behaviour points: {@code points(age) = raw * 0.5^(age / halfLife)}, rounded half away from
 * zero to whole points, and the instant at which the rounded value next drops.
 */
public final class Decay {

  private Decay() {}

  /** {@code raw} decayed over {@code age}; a negative age (device clock ahead) counts as zero, so points never grow. */
  public static double decayed(int raw, Duration age, Duration halfLife) {
    if (halfLife == null || halfLife.isZero() || halfLife.isNegative() || age.isNegative()) {
      return raw;
    }
    return raw * Math.pow(0.5, age.toMillis() / (double) halfLife.toMillis());
  }

  /** Whole points, rounding half away from zero (2.5 is 3, -2.5 is -3). */
  public static int round(double points) {
    return (int) (Math.signum(points) * Math.round(Math.abs(points)));
  }

  /**
   * The first instant (whole seconds) after which {@code raw} points of an event at {@code occurredAt} round to less
   * than {@code current} in magnitude; null when they already round to zero or nothing decays.
   */
  public static Instant nextDrop(int raw, Instant occurredAt, Duration halfLife, int current) {
    int magnitude = Math.abs(current);
    if (magnitude == 0 || halfLife == null || halfLife.isZero() || halfLife.isNegative()) {
      return null;
    }
    // |raw| * 0.5^(t/h) < magnitude - 0.5  <=>  t > h * log2(|raw| / (magnitude - 0.5))
    double halfLives = Math.log(Math.abs(raw) / (magnitude - 0.5)) / Math.log(2);
    long millis = (long) Math.ceil(halfLives * halfLife.toMillis());
    Instant at = occurredAt.plusMillis(Math.max(0, millis));
    return at.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
  }
}
