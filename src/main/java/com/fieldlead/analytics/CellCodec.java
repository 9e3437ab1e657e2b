package com.fieldlead.analytics;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A day's cells as one compact byte string (stored as one BSON binary): a table of the day's distinct strings, then
 * each cell as variable-length integers (dimensions and map keys as positions in the table). One binary value costs
 * the store, the wire and the driver one copy, where the same cells as nested documents cost every layer a document
 * per cell and per map (measured: README, Analytics). Pure.
 *
 * <p>The times in stage follow the cells as a trailing section: the cells that have any, each by its position, its
 * statuses and their histograms' buckets (each bucket as the step from the one before, then its count). A reader of
 * the release before stops after the cells and never sees it, so a day written with it still reads there (rolling
 * upgrades); a day written without it (by that release) reads here with no times in stage, until it is computed
 * again (schema step 4 marks every stored day for that).
 */
final class CellCodec {

  private static final int VERSION = 1;

  private CellCodec() {}

  static byte[] encode(List<Cell> cells) {
    Map<String, Integer> table = new HashMap<>();
    List<String> strings = new ArrayList<>();
    Out body = new Out();
    body.uint(cells.size());
    for (Cell c : cells) {
      for (String name : LeadFact.Dims.NAMES) {
        body.uint(ref(c.dims().get(name), table, strings));
      }
      Tally t = c.tally();
      body.uint(t.leads);
      body.uint(t.qualified);
      body.uint(t.converted);
      body.uint(t.open);
      body.uint(t.neverTouched);
      body.uint(t.slaMet);
      body.uint(t.slaBreached);
      counts(body, t.now, table, strings);
      counts(body, t.ever, table, strings);
      counts(body, t.furthest, table, strings);
      counts(body, t.lastTouchDays, table, strings);
      body.uint(t.won.size());
      t.won.forEach((currency, amount) -> {
        body.uint(ref(currency, table, strings));
        body.uint(ref(amount.toPlainString(), table, strings));
      });
      body.uint(ref(t.openBudget.toPlainString(), table, strings));
      body.uint(t.touchSeconds.size());
      t.touchSeconds.forEach(body::ulong);
      body.uint(t.pendingDue.size());
      t.pendingDue.forEach(body::ulong);
    }
    stageTimes(body, cells, table, strings);
    Out out = new Out();
    out.uint(VERSION);
    out.uint(strings.size());
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.uint(b.length);
      out.bytes.write(b, 0, b.length);
    }
    byte[] rest = body.bytes.toByteArray();
    out.bytes.write(rest, 0, rest.length);
    return out.bytes.toByteArray();
  }

  static List<Cell> decode(LocalDate day, byte[] data) {
    In in = new In(data);
    int version = in.uint();
    if (version != VERSION) {
      throw new IllegalStateException("analytics day of an unknown format " + version);
    }
    String[] strings = new String[in.uint() + 1];
    for (int i = 1; i < strings.length; i++) {
      int n = in.uint();
      strings[i] = new String(data, in.pos, n, StandardCharsets.UTF_8);
      in.pos += n;
    }
    // amounts repeat across a day's cells (0, a few budgets): each is parsed once
    BigDecimal[] decimals = new BigDecimal[strings.length];
    int count = in.uint();
    List<Cell> cells = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      LeadFact.Dims dims = new LeadFact.Dims(
          strings[in.uint()],
          strings[in.uint()],
          strings[in.uint()],
          strings[in.uint()],
          strings[in.uint()],
          strings[in.uint()],
          strings[in.uint()]);
      Tally t = new Tally();
      t.leads = in.uint();
      t.qualified = in.uint();
      t.converted = in.uint();
      t.open = in.uint();
      t.neverTouched = in.uint();
      t.slaMet = in.uint();
      t.slaBreached = in.uint();
      counts(in, strings, t.now);
      counts(in, strings, t.ever);
      counts(in, strings, t.furthest);
      counts(in, strings, t.lastTouchDays);
      int won = in.uint();
      for (int w = 0; w < won; w++) {
        String currency = strings[in.uint()];
        t.won.put(currency, decimal(in.uint(), strings, decimals));
      }
      t.openBudget = decimal(in.uint(), strings, decimals);
      int touched = in.uint();
      for (int k = 0; k < touched; k++) {
        t.touchSeconds.add(in.ulong());
      }
      int due = in.uint();
      for (int k = 0; k < due; k++) {
        t.pendingDue.add(in.ulong());
      }
      cells.add(new Cell(day, dims, t));
    }
    if (in.pos < data.length) {
      stageTimes(in, strings, cells);
    }
    return cells;
  }

  /** The trailing section: times in stage of the cells that have any (statuses in order, for the same bytes). */
  private static void stageTimes(
      Out out, List<Cell> cells, Map<String, Integer> table, List<String> strings) {
    int with = 0;
    for (Cell c : cells) {
      if (!c.tally().stageTimes.isEmpty()) {
        with++;
      }
    }
    out.uint(with);
    for (int i = 0; i < cells.size(); i++) {
      Map<String, DurationHistogram> times = cells.get(i).tally().stageTimes;
      if (times.isEmpty()) {
        continue;
      }
      out.uint(i);
      out.uint(times.size());
      for (String status : new TreeMap<>(times).keySet()) {
        DurationHistogram h = times.get(status);
        out.uint(ref(status, table, strings));
        out.uint(h.buckets());
        int previous = 0;
        for (int k = 0; k < h.buckets(); k++) {
          out.uint(h.bucketAt(k) - previous);
          out.uint(h.countAt(k));
          previous = h.bucketAt(k);
        }
      }
    }
  }

  private static void stageTimes(In in, String[] strings, List<Cell> cells) {
    int with = in.uint();
    for (int c = 0; c < with; c++) {
      Tally t = cells.get(in.uint()).tally();
      int statuses = in.uint();
      for (int s = 0; s < statuses; s++) {
        DurationHistogram h = new DurationHistogram();
        t.stageTimes.put(strings[in.uint()], h);
        int buckets = in.uint();
        int bucket = 0;
        for (int k = 0; k < buckets; k++) {
          bucket += in.uint();
          h.add(bucket, in.uint());
        }
      }
    }
  }

  private static BigDecimal decimal(int ref, String[] strings, BigDecimal[] decimals) {
    BigDecimal d = decimals[ref];
    if (d == null) {
      d = new BigDecimal(strings[ref]);
      decimals[ref] = d;
    }
    return d;
  }

  /** Position + 1 of {@code s} in the table (added when new); 0 for null. */
  private static int ref(String s, Map<String, Integer> table, List<String> strings) {
    if (s == null) {
      return 0;
    }
    return table.computeIfAbsent(s, k -> {
      strings.add(k);
      return strings.size();
    });
  }

  private static void counts(
      Out out, Counts counts, Map<String, Integer> table, List<String> strings) {
    out.uint(counts.size());
    counts.forEach((k, v) -> {
      out.uint(ref(k, table, strings));
      out.uint(v);
    });
  }

  private static void counts(In in, String[] strings, Counts into) {
    int n = in.uint();
    for (int i = 0; i < n; i++) {
      String k = strings[in.uint()];
      into.add(k, in.uint());
    }
  }

  /** Unsigned LEB128 writer. */
  private static final class Out {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void uint(int v) {
      ulong(v & 0xFFFFFFFFL);
    }

    void ulong(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative: " + v);
      }
      while ((v & ~0x7FL) != 0) {
        bytes.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      bytes.write((int) v);
    }
  }

  /** Unsigned LEB128 reader. */
  private static final class In {
    final byte[] data;
    int pos;

    In(byte[] data) {
      this.data = data;
    }

    int uint() {
      return (int) ulong();
    }

    long ulong() {
      long v = 0;
      int shift = 0;
      while (true) {
        byte b = data[pos++];
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
        shift += 7;
      }
    }
  }
}
