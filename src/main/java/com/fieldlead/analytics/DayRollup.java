package com.fieldlead.analytics;

import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.LeadStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cells of one day from its leads' facts. Pure. */
final class DayRollup {

  private DayRollup() {}

  /**
   * The day's cells: one per distinct set of dimensions among {@code facts}, each with the tally of its leads.
   *
   * @param statuses the tenant's statuses in order (which are open, which lie on the path)
   */
  static List<Cell> cells(LocalDate day, List<LeadFact> facts, LeadSettings statuses, ZoneId zone) {
    Map<LeadFact.Dims, Tally> by = new LinkedHashMap<>();
    List<String> path = statuses.statuses().stream()
        .filter(s -> !LeadStatus.DEAD.equals(s.meaning()))
        .map(LeadStatus::key)
        .toList();
    for (LeadFact f : facts) {
      Tally t = by.computeIfAbsent(f.dims(), k -> new Tally());
      count(t, f, statuses, path, zone);
    }
    List<Cell> out = new ArrayList<>();
    by.forEach((dims, t) -> out.add(new Cell(day, dims, t)));
    return out;
  }

  private static void count(
      Tally t, LeadFact f, LeadSettings statuses, List<String> path, ZoneId zone) {
    t.leads++;
    if (f.qualified()) {
      t.qualified++;
    }
    boolean open = statuses.status(f.status()).map(LeadStatus::open).orElse(false);
    boolean converted =
        f.converted() || statuses.status(f.status()).map(LeadStatus::converted).orElse(false);
    if (converted) {
      t.converted++;
      if (f.wonCurrency() != null && f.wonValue() != null) {
        t.won.merge(f.wonCurrency(), f.wonValue(), BigDecimal::add);
      }
    }
    if (f.status() != null) {
      t.now.add(f.status(), 1);
    }
    f.statuses().forEach(s -> t.ever.add(s, 1));
    int far = -1;
    for (int i = 0; i < path.size(); i++) {
      if (f.statuses().contains(path.get(i))) {
        far = i;
      }
    }
    if (far >= 0) {
      t.furthest.add(path.get(far), 1);
    }
    if (f.firstTouchAt() != null) {
      t.touchSeconds.add(
          Math.max(0, Duration.between(f.capturedAt(), f.firstTouchAt()).getSeconds()));
    }
    for (LeadFact.Stay stay : f.stays()) {
      t.stageTimes
          .computeIfAbsent(stay.status(), k -> new DurationHistogram())
          .record(stay.seconds());
    }
    if (f.slaStatus() != null) {
      switch (f.slaStatus()) {
        case "met" -> t.slaMet++;
        case "breached" -> t.slaBreached++;
        case "pending" -> {
          if (f.slaDueAt() != null) {
            t.pendingDue.add(f.slaDueAt().getEpochSecond());
          }
        }
        default -> {}
      }
    }
    if (open) {
      t.open++;
      if (f.budgetAmount() != null) {
        t.openBudget = t.openBudget.add(f.budgetAmount());
      }
      if (f.lastTouchAt() == null) {
        t.neverTouched++;
      }
      LocalDate last = (f.lastTouchAt() != null ? f.lastTouchAt() : f.capturedAt())
          .atZone(zone)
          .toLocalDate();
      t.lastTouchDays.add(last.toString(), 1);
    }
  }
}
