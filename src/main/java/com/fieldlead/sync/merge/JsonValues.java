package com.fieldlead.sync.merge;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Equality and list helpers for JSON-like values (null, String, Boolean, Number, List, Map). Numbers compare by value,
 * so {@code 1}, {@code 1L} and {@code 1.0} from different decoders are the same value.
 */
final class JsonValues {

  private JsonValues() {}

  static boolean same(@Nullable Object a, @Nullable Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return decimal(x).compareTo(decimal(y)) == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!same(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      return x.entrySet().stream().allMatch(e -> same(e.getValue(), y.get(e.getKey())));
    }
    return Objects.equals(a, b);
  }

  static boolean contains(List<?> list, @Nullable Object value) {
    return list.stream().anyMatch(v -> same(v, value));
  }

  /** {@code first} followed by the elements of {@code second} it does not already contain, without duplicates. */
  static List<@Nullable Object> union(List<?> first, List<?> second) {
    List<@Nullable Object> out = new ArrayList<>();
    for (Object v : first) {
      if (!contains(out, v)) {
        out.add(v);
      }
    }
    for (Object v : second) {
      if (!contains(out, v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** The elements of {@code list} that {@code other} does not contain. */
  static List<@Nullable Object> minus(List<?> list, List<?> other) {
    List<@Nullable Object> out = new ArrayList<>();
    for (Object v : list) {
      if (!contains(other, v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** A list value, treating null as empty; null when the value is not a list. */
  static @Nullable List<?> asList(@Nullable Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> list ? list : null;
  }

  private static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
  }
}
