package com.fieldlead.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {

  static final long YEAR = 365L * 86_400;

  @Test
  void anEmptyHistogramHasNoQuantile() {
    DurationHistogram h = new DurationHistogram();
    assertEquals(0, h.count());
    assertTrue(h.isEmpty());
    assertNull(h.quantile(50));
    assertNull(h.quantile(90));
    h.addAll(new DurationHistogram());
    assertNull(h.quantile(50), "adding an empty one leaves it empty");
    assertEquals(new DurationHistogram(), h);
  }

  @Test
  void quantilesAreWithinFivePercentOfTheExactNearestRankFromASecondToAYear() {
    Random r = new Random(7);
    for (int run = 0; run < 200; run++) {
      int n = 1 + r.nextInt(300);
      List<Long> values = new ArrayList<>();
      DurationHistogram h = new DurationHistogram();
      for (int i = 0; i < n; i++) {
        // log-uniform from 1 s to a year: every bucket width is exercised
        long v = Math.max(1, Math.round(Math.exp(r.nextDouble() * Math.log(YEAR))));
        values.add(v);
        h.record(v);
      }
      Collections.sort(values);
      assertEquals(n, h.count());
      for (int p : new int[] {1, 10, 50, 90, 99, 100}) {
        long exact = Reports.percentile(values, p);
        long read = h.quantile(p);
        assertTrue(
            Math.abs(read - exact) <= 0.05 * exact + 0.5,
            "p" + p + " of " + n + " values: read " + read + ", exact " + exact);
      }
    }
  }

  @Test
  void everyDurationFromZeroToBeyondAYearIsReadBackWithinTheResolution() {
    for (long v = 0; v < 5_000; v++) {
      assertWithin(v);
    }
    for (long v = 5_000; v < YEAR; v += 997) {
      assertWithin(v);
    }
    assertWithin(YEAR);
    // past the top bucket: at least its lower bound
    long top = DurationHistogram.value(DurationHistogram.OVER);
    assertTrue(top > YEAR, "the buckets reach past a year: " + top);
    DurationHistogram h = new DurationHistogram();
    h.record(10 * YEAR);
    assertEquals(top, h.quantile(50));
    assertEquals(DurationHistogram.OVER, DurationHistogram.bucket(Long.MAX_VALUE));
  }

  @Test
  void histogramsMergeByAddingCountsInAnyOrder() {
    Random r = new Random(11);
    List<DurationHistogram> parts = new ArrayList<>();
    DurationHistogram whole = new DurationHistogram();
    for (int p = 0; p < 30; p++) {
      DurationHistogram part = new DurationHistogram();
      for (int i = r.nextInt(20); i > 0; i--) {
        long v = r.nextInt(4) == 0 ? 0 : r.nextInt(30 * 86_400);
        part.record(v);
        whole.record(v);
      }
      parts.add(part);
    }
    DurationHistogram forward = new DurationHistogram();
    parts.forEach(forward::addAll);
    DurationHistogram backward = new DurationHistogram();
    for (int i = parts.size() - 1; i >= 0; i--) {
      backward.addAll(parts.get(i));
    }
    assertEquals(whole, forward);
    assertEquals(whole, backward);
    assertEquals(whole.count(), forward.count());
    assertEquals(whole.quantile(50), backward.quantile(50));
    assertEquals(whole.quantile(90), backward.quantile(90));
  }

  @Test
  void theMedianOfMergedHistogramsIsNotTheMedianOfTheirMedians() {
    // day 1: 1 min, 1 min, 1 min; day 2: 1 day, 1 day: the median of both days is a minute
    DurationHistogram one = new DurationHistogram();
    for (int i = 0; i < 3; i++) {
      one.record(60);
    }
    DurationHistogram two = new DurationHistogram();
    two.record(86_400);
    two.record(86_400);
    one.addAll(two);
    assertEquals(5, one.count());
    assertEquals(DurationHistogram.value(DurationHistogram.bucket(60)), one.quantile(50));
    assertEquals(DurationHistogram.value(DurationHistogram.bucket(86_400)), one.quantile(90));
  }

  @Test
  void zeroSecondsIsItsOwnBucketAndNegativeDurationsAreRefused() {
    DurationHistogram h = new DurationHistogram();
    h.record(0);
    assertEquals(0L, h.quantile(50));
    assertThrows(IllegalArgumentException.class, () -> h.record(-1));
    assertThrows(IllegalArgumentException.class, () -> h.add(DurationHistogram.OVER + 1, 1));
  }

  private static void assertWithin(long v) {
    long read = DurationHistogram.value(DurationHistogram.bucket(v));
    assertTrue(Math.abs(read - v) <= 0.05 * v + 0.5, v + " s read back as " + read);
  }
}
