package com.fieldlead.analytics;

import com.fieldlead.analytics.AnalyticsReports.EventCost;
import com.fieldlead.analytics.AnalyticsReports.EventRoi;
import com.fieldlead.analytics.AnalyticsReports.EventRow;
import com.fieldlead.analytics.AnalyticsReports.Money;
import com.fieldlead.lead.model.TradeShowEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Event ROI: each event's cost against the figures of its leads. Pure. */
final class EventRoiReport {

  private EventRoiReport() {}

  /**
   * One row per event with leads among {@code cells} or starting in the frame's days.
   *
   * @param events the tenant's events (names and dates)
   * @param costs event costs by event id
   */
  static EventRoi of(
      Reports.Frame f,
      List<Cell> cells,
      List<TradeShowEvent> events,
      Map<String, EventCost> costs) {
    Map<String, Tally> by = Reports.grouped(
        cells.stream().filter(c -> c.dims().eventId() != null).toList(),
        c -> c.dims().eventId());
    Map<String, TradeShowEvent> known = events.stream()
        .collect(Collectors.toMap(TradeShowEvent::id, Function.identity(), (a, b) -> a));
    for (TradeShowEvent e : events) {
      boolean starts = e.startsOn() != null
          && !e.startsOn().isBefore(f.from())
          && !e.startsOn().isAfter(f.to());
      if (starts) {
        by.computeIfAbsent(e.id(), k -> new Tally());
      }
    }
    List<EventRow> rows = new ArrayList<>();
    by.forEach((id, t) -> {
      TradeShowEvent e = known.get(id);
      EventCost cost = costs.get(id);
      rows.add(new EventRow(
          id,
          e == null ? null : e.name(),
          e == null ? null : e.startsOn(),
          e == null ? null : e.endsOn(),
          cost == null ? null : new Money(cost.currency(), cost.amount()),
          t.leads,
          t.qualified,
          t.converted,
          t.openBudget,
          Reports.money(t.won),
          cost == null ? null : per(cost.amount(), t.leads),
          cost == null ? null : per(cost.amount(), t.qualified)));
    });
    rows.sort(Comparator.comparingInt(EventRow::leads).reversed().thenComparing(EventRow::eventId));
    return new EventRoi(f.from(), f.to(), f.zone().getId(), f.now(), rows);
  }

  static BigDecimal per(BigDecimal amount, int n) {
    return n == 0 ? null : amount.divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
  }
}
