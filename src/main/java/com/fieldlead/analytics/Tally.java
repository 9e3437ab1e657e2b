package com.fieldlead.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a set of leads that add up: kept per day and dimension in the rollups, added together by the
 * reports. Mutable; used by one thread at a time. Values won are sorted by currency, the order reports list them in.
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
  final Counts now = new Counts();
  /** Leads per status they are or have been in. */
  final Counts ever = new Counts();
  /** Leads per furthest status on the tenant's path (open and converted statuses, in order) they reached. */
  final Counts furthest = new Counts();
  /** Conversion values per currency. */
  final Map<String, BigDecimal> won = new TreeMap<>();
  /** BANT budget amounts of open leads. */
  BigDecimal openBudget = BigDecimal.ZERO;
  /** Seconds from capture to first touch, one per touched lead. */
  final List<Long> touchSeconds = new ArrayList<>();
  /** Due times (epoch seconds) of pending SLA clocks: met or breached is decided when read. */
  final List<Long> pendingDue = new ArrayList<>();
  /** Open leads per day (ISO date, tenant's zone) of their last touch, or of their capture when never touched. */
  final Counts lastTouchDays = new Counts();
  /**
   * Per status: how long the leads' stays in it lasted, one duration per stay that ended (the lead moved on to
   * another status); a stay still going on is not counted.
   */
  final Map<String, DurationHistogram> stageTimes = new HashMap<>();

  void add(Tally o) {
    leads += o.leads;
    qualified += o.qualified;
    converted += o.converted;
    open += o.open;
    neverTouched += o.neverTouched;
    slaMet += o.slaMet;
    slaBreached += o.slaBreached;
    now.addAll(o.now);
    ever.addAll(o.ever);
    furthest.addAll(o.furthest);
    o.won.forEach((k, v) -> won.merge(k, v, BigDecimal::add));
    openBudget = openBudget.add(o.openBudget);
    touchSeconds.addAll(o.touchSeconds);
    pendingDue.addAll(o.pendingDue);
    lastTouchDays.addAll(o.lastTouchDays);
    o.stageTimes.forEach((status, h) ->
        stageTimes.computeIfAbsent(status, k -> new DurationHistogram()).addAll(h));
  }

  /** The stays in {@code status} that ended, as a histogram (empty when none). */
  DurationHistogram stageTime(String status) {
    DurationHistogram h = stageTimes.get(status);
    return h == null ? new DurationHistogram() : h;
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
}
