package com.fieldlead.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The figures of a set of leads that add up: kept per day and dimension in the rollups, added together by the
 * reports. Mutable; used by one thread at a time.
 */
final class Tally {

  int leads;
  int qualified;
  int converted;
  int open;
  int neverTouched;
  int slaMet;
  int slaBreached;
  /** Leads per status now. */
  final Map<String, Integer> now = new TreeMap<>();
  /** Leads per status they are or have been in. */
  final Map<String, Integer> ever = new TreeMap<>();
  /** Leads per furthest status on the tenant's path (open and converted statuses, in order) they reached. */
  final Map<String, Integer> furthest = new TreeMap<>();
  /** Conversion values per currency. */
  final Map<String, BigDecimal> won = new TreeMap<>();
  /** BANT budget amounts of open leads. */
  BigDecimal openBudget = BigDecimal.ZERO;
  /** Seconds from capture to first touch, one per touched lead. */
  final List<Long> touchSeconds = new ArrayList<>();
  /** Due times (epoch seconds) of pending SLA clocks: met or breached is decided when read. */
  final List<Long> pendingDue = new ArrayList<>();
  /** Open leads per day (ISO date, tenant's zone) of their last touch, or of their capture when never touched. */
  final Map<String, Integer> lastTouchDays = new TreeMap<>();

  void add(Tally o) {
    leads += o.leads;
    qualified += o.qualified;
    converted += o.converted;
    open += o.open;
    neverTouched += o.neverTouched;
    slaMet += o.slaMet;
    slaBreached += o.slaBreached;
    o.now.forEach((k, v) -> now.merge(k, v, Integer::sum));
    o.ever.forEach((k, v) -> ever.merge(k, v, Integer::sum));
    o.furthest.forEach((k, v) -> furthest.merge(k, v, Integer::sum));
    o.won.forEach((k, v) -> won.merge(k, v, BigDecimal::add));
    openBudget = openBudget.add(o.openBudget);
    touchSeconds.addAll(o.touchSeconds);
    pendingDue.addAll(o.pendingDue);
    o.lastTouchDays.forEach((k, v) -> lastTouchDays.merge(k, v, Integer::sum));
  }

  int touched() {
    return touchSeconds.size();
  }

  /** SLA clocks met, and met or breached, as of {@code nowEpochSecond} (a pending clock past due is breached). */
  int[] sla(long nowEpochSecond) {
    int overdue = 0;
    for (long due : pendingDue) {
      if (due < nowEpochSecond) {
        overdue++;
      }
    }
    return new int[] {slaMet, slaMet + slaBreached + overdue};
  }

  Document toDocument() {
    Document d = new Document()
        .append("n", leads)
        .append("q", qualified)
        .append("c", converted)
        .append("o", open)
        .append("nt", neverTouched)
        .append("sm", slaMet)
        .append("sb", slaBreached)
        .append("now", new Document(new TreeMap<>(now)))
        .append("ever", new Document(new TreeMap<>(ever)))
        .append("far", new Document(new TreeMap<>(furthest)))
        .append("budget", openBudget.toPlainString())
        .append("touch", touchSeconds)
        .append("due", pendingDue)
        .append("last", new Document(new TreeMap<>(lastTouchDays)));
    Document w = new Document();
    won.forEach((k, v) -> w.append(k, v.toPlainString()));
    return d.append("won", w);
  }

  static Tally fromDocument(Document d) {
    Tally t = new Tally();
    t.leads = d.getInteger("n", 0);
    t.qualified = d.getInteger("q", 0);
    t.converted = d.getInteger("c", 0);
    t.open = d.getInteger("o", 0);
    t.neverTouched = d.getInteger("nt", 0);
    t.slaMet = d.getInteger("sm", 0);
    t.slaBreached = d.getInteger("sb", 0);
    counts(d.get("now", Document.class), t.now);
    counts(d.get("ever", Document.class), t.ever);
    counts(d.get("far", Document.class), t.furthest);
    counts(d.get("last", Document.class), t.lastTouchDays);
    Document w = d.get("won", Document.class);
    if (w != null) {
      w.forEach((k, v) -> t.won.put(k, new BigDecimal(String.valueOf(v))));
    }
    String budget = d.getString("budget");
    t.openBudget = budget == null ? BigDecimal.ZERO : new BigDecimal(budget);
    numbers(d.getList("touch", Number.class), t.touchSeconds);
    numbers(d.getList("due", Number.class), t.pendingDue);
    return t;
  }

  private static void counts(Document d, Map<String, Integer> into) {
    if (d != null) {
      d.forEach((k, v) -> into.put(k, ((Number) v).intValue()));
    }
  }

  private static void numbers(List<Number> from, List<Long> into) {
    if (from != null) {
      from.forEach(n -> into.add(n.longValue()));
    }
  }
}
