package com.fieldlead.app;

import com.fieldlead.config.FieldleadConfig;

/** A child JVM for {@link QuickJitTest}: applies a JIT mode, then runs one hot method long enough for C2 to want it. */
public final class QuickJitProbe {

  private QuickJitProbe() {}

  public static void main(String[] args) {
    boolean excluded = QuickJit.apply(FieldleadConfig.Jit.valueOf(args[0]));
    System.out.println("PROBE excluded=" + excluded);
    long sum = 0;
    long until = System.nanoTime() + 1_500_000_000L;
    for (int round = 0; System.nanoTime() < until; round++) {
      for (int i = 0; i < 10_000; i++) {
        sum += hot(i, round);
      }
    }
    System.out.println("PROBE sum=" + sum);
  }

  static long hot(int i, int round) {
    long x = (long) i * 31 + round;
    return (x ^ (x >>> 7)) % 1_000_003;
  }
}
