package com.fieldlead.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sync benchmark's table for one part of the run: a row per figure and, for each store it ran on, three columns:
 * through the API, the same work done directly with the driver, and their ratio. Rows print as they are added, so a
 * run cut short still shows what it measured.
 */
final class BenchTable {

  /** What a figure is, which sets its format and what its ratio means. */
  enum Kind {
    /** Milliseconds; ratio API / driver (1 is par, higher is slower). */
    MS,
    /** Per second, higher is better; ratio driver / API, so above 1 still means the API is slower. */
    RATE,
    /** A count per pushed mutation (store commands, write batches, fsyncs); ratio API / driver, "-" when 0. */
    PER_MUTATION,
    /** Identity bytes (API column) and gzip bytes (driver column); ratio = compression factor. */
    BYTES
  }

  private record Row(Kind kind, Map<String, double[]> byStore) {}

  private final List<String> stores;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /** {@code stores}: the column groups, in order (the stores the run uses). */
  BenchTable(List<String> stores) {
    this.stores = List.copyOf(stores);
  }

  void put(String store, String name, Kind kind, double api, double driver) {
    rows.computeIfAbsent(name, n -> new Row(kind, new LinkedHashMap<>()))
        .byStore()
        .put(store, new double[] {api, driver});
    System.out.printf(
        "[%s] | %s | %s | %s | %s |%n",
        store, name, value(kind, api), value(kind, driver), ratio(kind, api, driver));
  }

  void note(String store, String note) {
    notes.add("[" + store + "] " + note);
    System.out.println("- [" + store + "] " + note);
  }

  /** The table and its notes in markdown, under a {@code ###} heading. */
  String markdown(String title) {
    StringBuilder out = new StringBuilder("### ").append(title).append("\n\n| scenario |");
    for (String s : stores) {
      out.append(' ')
          .append(s)
          .append(" API | ")
          .append(s)
          .append(" driver | ")
          .append(s)
          .append(" API/driver |");
    }
    out.append("\n|---|").append("---:|---:|---:|".repeat(stores.size())).append('\n');
    rows.forEach((name, row) -> {
      out.append("| ").append(name).append(" |");
      for (String s : stores) {
        double[] v = row.byStore().get(s);
        out.append(
            v == null
                ? " | | |"
                : " " + value(row.kind(), v[0]) + " | " + value(row.kind(), v[1]) + " | "
                    + ratio(row.kind(), v[0], v[1]) + " |");
      }
      out.append('\n');
    });
    out.append('\n');
    notes.forEach(n -> out.append("- ").append(n).append('\n'));
    return out.append('\n').toString();
  }

  private static String value(Kind kind, double v) {
    return switch (kind) {
      case MS -> String.format(Locale.ROOT, "%.1f", v);
      case RATE -> String.format(Locale.ROOT, "%,.0f", v);
      case PER_MUTATION -> String.format(Locale.ROOT, "%.2f", v);
      case BYTES -> String.format(Locale.ROOT, "%,.0f", v);
    };
  }

  private static String ratio(Kind kind, double api, double driver) {
    return switch (kind) {
      case MS, PER_MUTATION -> driver == 0 ? "-" : String.format(Locale.ROOT, "%.2f", api / driver);
      case RATE -> api == 0 ? "-" : String.format(Locale.ROOT, "%.2f", driver / api);
      case BYTES -> driver == 0 ? "-" : String.format(Locale.ROOT, "%.1fx", api / driver);
    };
  }
}
