package com.fieldlead.analytics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjIntConsumer;

/**
 * Counts per key (a status, a day), added into in place: a report adds tens of thousands of cells' counts, and a
 * mutable counter per key spares it a boxed sum and a map merge for each. Mutable; used by one thread at a time.
 */
final class Counts {

  private final Map<String, int[]> by = new HashMap<>();

  void add(String key, int n) {
    int[] c = by.get(key);
    if (c == null) {
      by.put(key, new int[] {n});
    } else {
      c[0] += n;
    }
  }

  void addAll(Counts other) {
    for (Map.Entry<String, int[]> e : other.by.entrySet()) {
      add(e.getKey(), e.getValue()[0]);
    }
  }

  /** The count of {@code key}; 0 when it has none. */
  int get(String key) {
    int[] c = by.get(key);
    return c == null ? 0 : c[0];
  }

  int size() {
    return by.size();
  }

  void forEach(ObjIntConsumer<String> action) {
    by.forEach((k, c) -> action.accept(k, c[0]));
  }

  /** The counts by key, sorted (tests, messages). */
  Map<String, Integer> toMap() {
    Map<String, Integer> out = new TreeMap<>();
    by.forEach((k, c) -> out.put(k, c[0]));
    return out;
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
