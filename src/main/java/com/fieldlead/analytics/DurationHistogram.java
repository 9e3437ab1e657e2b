package com.fieldlead.analytics;

import java.util.Arrays;

/**
 * Durations (whole seconds) counted in fixed log-spaced buckets, so that histograms add up: the rollups keep one per
 * cell and status, and a report adds the cells' histograms of its days and group and reads the median and the 90th
 * percentile from the sum. A median of medians would be wrong; a merged histogram is exact up to its resolution.
 *
 * <p>Bucket 0 holds 0 seconds; bucket {@code i} (1 to {@link #TOP}) holds {@code [1.1^(i-1), 1.1^i)} seconds, so
 * from 1 second to about 395 days ({@code 1.1^182} s, past a year) each bucket is 10 % wide; bucket {@link #OVER}
 * holds longer stays. A quantile is read as the geometric middle of its bucket, {@code 1.1^(i-1/2)} rounded to the
 * second: within 5 % (and half a second) of the exact nearest-rank value, which the reports state. Longer than the
 * top bucket answers the top bucket's lower bound (at least that long). The bucket of a duration is computed with
 * {@link StrictMath}, the same on every JVM, so two instances computing a day store the same histogram.
 *
 * <p>Sparse: only the buckets that hold a count are kept, in order (a cell's lead has one stay per status, a report's
 * sum a few dozen buckets). Mutable; used by one thread at a time.
 */
final class DurationHistogram {

  /** Each bucket's upper bound over its lower bound. */
  static final double GROWTH = 1.1;

  /** The last bucket of 10 % width: it ends at {@code 1.1^182} s, about 395 days. */
  static final int TOP = 182;

  /** The bucket of stays longer than the top bucket's end. */
  static final int OVER = TOP + 1;

  private static final double LOG_GROWTH = StrictMath.log(GROWTH);

  private int[] index = new int[2];
  private int[] count = new int[2];
  private int size;
  private long total;

  /** The bucket of a duration of {@code seconds} (0 or more). */
  static int bucket(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("negative duration: " + seconds);
    }
    if (seconds == 0) {
      return 0;
    }
    int i = 1 + (int) Math.floor(StrictMath.log(seconds) / LOG_GROWTH);
    return Math.min(i, OVER);
  }

  /** What a quantile in bucket {@code i} is reported as, in seconds (see the class comment). */
  static long value(int i) {
    if (i <= 0) {
      return 0;
    }
    if (i >= OVER) {
      return Math.round(StrictMath.pow(GROWTH, TOP));
    }
    return Math.round(StrictMath.pow(GROWTH, i - 0.5));
  }

  /** Counts one duration. */
  void record(long seconds) {
    add(bucket(seconds), 1);
  }

  /** Adds {@code n} to bucket {@code i}. */
  void add(int i, int n) {
    if (i < 0 || i > OVER) {
      throw new IllegalArgumentException("no bucket " + i);
    }
    if (n <= 0) {
      if (n == 0) {
        return;
      }
      throw new IllegalArgumentException("negative count: " + n);
    }
    int at = Arrays.binarySearch(index, 0, size, i);
    if (at >= 0) {
      count[at] += n;
    } else {
      int pos = -at - 1;
      if (size == index.length) {
        index = Arrays.copyOf(index, size * 2);
        count = Arrays.copyOf(count, size * 2);
      }
      System.arraycopy(index, pos, index, pos + 1, size - pos);
      System.arraycopy(count, pos, count, pos + 1, size - pos);
      index[pos] = i;
      count[pos] = n;
      size++;
    }
    total += n;
  }

  /** Adds every count of {@code other} (histograms merge by adding bucket counts). */
  void addAll(DurationHistogram other) {
    for (int k = 0; k < other.size; k++) {
      add(other.index[k], other.count[k]);
    }
  }

  /** How many durations were counted. */
  long count() {
    return total;
  }

  boolean isEmpty() {
    return total == 0;
  }

  /** The buckets that hold a count. */
  int buckets() {
    return size;
  }

  /** The {@code k}-th bucket holding a count (in increasing order) and its count. */
  int bucketAt(int k) {
    return index[k];
  }

  int countAt(int k) {
    return count[k];
  }

  /**
   * The {@code p}-th percentile (nearest rank, as the speed-to-lead figures: the smallest bucket with at least
   * {@code p} % of the durations at or below it), as its bucket's value; null when nothing was counted.
   */
  Long quantile(int p) {
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
    long seen = 0;
    for (int k = 0; k < size; k++) {
      seen += count[k];
      if (seen >= rank) {
        return value(index[k]);
      }
    }
    return value(index[size - 1]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DurationHistogram h
        && h.size == size
        && Arrays.equals(index, 0, size, h.index, 0, size)
        && Arrays.equals(count, 0, size, h.count, 0, size);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int k = 0; k < size; k++) {
      h = 31 * (31 * h + index[k]) + count[k];
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int k = 0; k < size; k++) {
      b.append(k == 0 ? "" : ", ").append(value(index[k])).append("s:").append(count[k]);
    }
    return b.append('}').toString();
  }
}
