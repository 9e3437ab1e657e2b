package com.fieldlead.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fieldlead.analytics.AnalyticsReports.AgeGroup;
import com.fieldlead.analytics.AnalyticsReports.Ageing;
import com.fieldlead.analytics.AnalyticsReports.Bucket;
import com.fieldlead.analytics.AnalyticsReports.Conversion;
import com.fieldlead.analytics.AnalyticsReports.ConversionRow;
import com.fieldlead.analytics.AnalyticsReports.EventRoi;
import com.fieldlead.analytics.AnalyticsReports.EventRow;
import com.fieldlead.analytics.AnalyticsReports.Funnel;
import com.fieldlead.analytics.AnalyticsReports.FunnelGroup;
import com.fieldlead.analytics.AnalyticsReports.HotItem;
import com.fieldlead.analytics.AnalyticsReports.HotUntouched;
import com.fieldlead.analytics.AnalyticsReports.Leaderboard;
import com.fieldlead.analytics.AnalyticsReports.Money;
import com.fieldlead.analytics.AnalyticsReports.RepRow;
import com.fieldlead.analytics.AnalyticsReports.SpeedStats;
import com.fieldlead.analytics.AnalyticsReports.SpeedToLead;
import com.fieldlead.analytics.AnalyticsReports.Stage;
import com.fieldlead.analytics.AnalyticsReports.StageCount;
import com.fieldlead.analytics.AnalyticsReports.Trend;
import com.fieldlead.csv.CsvCells;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every report as CSV (RFC 4180 through the project's CSV library, CRLF line ends, a header line): one line per row
 * of the report, nested figures flattened (money as {@code EUR 1200; USD 50}). Values a spreadsheet would run as a
 * formula get a leading apostrophe, as in the lead export.
 */
final class AnalyticsCsv {

  private static final ObjectWriter WRITER = new CsvMapper()
      .writerFor(String[].class)
      .with(CsvSchema.emptySchema().withLineSeparator("\r\n"));

  private AnalyticsCsv() {}

  static String of(Object report) {
    List<List<Object>> rows = new ArrayList<>();
    if (report instanceof Funnel f) {
      funnel(f, rows);
    } else if (report instanceof Conversion c) {
      conversion(c, rows);
    } else if (report instanceof SpeedToLead s) {
      speed(s, rows);
    } else if (report instanceof Trend t) {
      trend(t, rows);
    } else if (report instanceof EventRoi e) {
      events(e, rows);
    } else if (report instanceof Leaderboard l) {
      leaderboard(l, rows);
    } else if (report instanceof Ageing a) {
      ageing(a, rows);
    } else if (report instanceof HotUntouched h) {
      hot(h, rows);
    } else {
      throw new IllegalArgumentException("no CSV for " + report.getClass());
    }
    StringBuilder out = new StringBuilder();
    try {
      for (List<Object> row : rows) {
        String[] cells = row.stream()
            .map(v -> v == null ? "" : CsvCells.escape(String.valueOf(v)))
            .toArray(String[]::new);
        out.append(WRITER.writeValueAsString(cells));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void funnel(Funnel f, List<List<Object>> rows) {
    rows.add(List.of(
        "group",
        "groupLabel",
        "status",
        "statusLabel",
        "meaning",
        "current",
        "reached",
        "conversionFromPrevious",
        "exits",
        "p50Seconds",
        "p90Seconds"));
    for (FunnelGroup g : f.groups()) {
      for (int i = 0; i < g.stages().size(); i++) {
        StageCount s = g.stages().get(i);
        Stage st = f.stages().get(i);
        rows.add(row(
            g.key(),
            g.label(),
            s.status(),
            st.label(),
            st.meaning(),
            s.current(),
            s.reached(),
            s.conversionFromPrevious(),
            s.exits(),
            s.p50Seconds(),
            s.p90Seconds()));
      }
    }
  }

  private static void conversion(Conversion c, List<List<Object>> rows) {
    rows.add(List.of(
        "key",
        "label",
        "captured",
        "qualified",
        "converted",
        "qualifiedRate",
        "conversionRate",
        "convertedValue"));
    for (ConversionRow r : c.rows()) {
      rows.add(row(
          r.key(),
          r.label(),
          r.captured(),
          r.qualified(),
          r.converted(),
          r.qualifiedRate(),
          r.conversionRate(),
          money(r.convertedValue())));
    }
  }

  private static void speed(SpeedToLead s, List<List<Object>> rows) {
    rows.add(List.of(
        "section",
        "key",
        "label",
        "leads",
        "touched",
        "p50Seconds",
        "p90Seconds",
        "slaMeasured",
        "withinSla",
        "withinSlaShare"));
    rows.add(speedRow("overall", s.overall().key(), s.overall().label(), s.overall()));
    s.groups().forEach(g -> rows.add(speedRow("by", g.key(), g.label(), g)));
    s.weekly()
        .forEach(w ->
            rows.add(speedRow("week", w.weekStart().toString(), w.weekStart().toString(), w)));
  }

  private static List<Object> speedRow(String section, String key, String label, SpeedStats s) {
    return row(
        section,
        key,
        label,
        s.leads(),
        s.touched(),
        s.p50Seconds(),
        s.p90Seconds(),
        s.slaMeasured(),
        s.withinSla(),
        s.withinSlaShare());
  }

  private static void trend(Trend t, List<List<Object>> rows) {
    rows.add(List.of("start", "startsAt", "captured", "qualified", "converted", "touched"));
    for (Bucket b : t.buckets()) {
      rows.add(
          row(b.start(), b.startsAt(), b.captured(), b.qualified(), b.converted(), b.touched()));
    }
  }

  private static void events(EventRoi e, List<List<Object>> rows) {
    rows.add(List.of(
        "eventId",
        "name",
        "startsOn",
        "endsOn",
        "costCurrency",
        "cost",
        "leads",
        "qualified",
        "converted",
        "openBudget",
        "wonValue",
        "costPerLead",
        "costPerQualifiedLead"));
    for (EventRow r : e.events()) {
      rows.add(row(
          r.eventId(),
          r.name(),
          r.startsOn(),
          r.endsOn(),
          r.cost() == null ? null : r.cost().currency(),
          r.cost() == null ? null : r.cost().amount(),
          r.leads(),
          r.qualified(),
          r.converted(),
          r.openBudget(),
          money(r.wonValue()),
          r.costPerLead(),
          r.costPerQualifiedLead()));
    }
  }

  private static void leaderboard(Leaderboard l, List<List<Object>> rows) {
    rows.add(List.of(
        "rank",
        "ownerId",
        "label",
        "leads",
        "touched",
        "qualified",
        "converted",
        "conversionRate",
        "wonValue",
        "p50Seconds",
        "withinSlaShare"));
    for (RepRow r : l.reps()) {
      rows.add(row(
          r.rank(),
          r.ownerId(),
          r.label(),
          r.leads(),
          r.touched(),
          r.qualified(),
          r.converted(),
          r.conversionRate(),
          money(r.wonValue()),
          r.p50Seconds(),
          r.withinSlaShare()));
    }
  }

  private static void ageing(Ageing a, List<List<Object>> rows) {
    List<Object> header = new ArrayList<>(List.of("group", "groupLabel", "open", "neverTouched"));
    a.buckets().forEach(b -> header.add(b.key()));
    rows.add(header);
    for (AgeGroup g : a.groups()) {
      List<Object> r = row(g.key(), g.label(), g.open(), g.neverTouched());
      r.addAll(g.counts());
      rows.add(r);
    }
  }

  private static void hot(HotUntouched h, List<List<Object>> rows) {
    rows.add(List.of(
        "leadId",
        "firstName",
        "lastName",
        "company",
        "score",
        "status",
        "ownerId",
        "ownerLabel",
        "teamId",
        "eventId",
        "capturedAt",
        "waitingSeconds",
        "slaDueAt",
        "slaStatus"));
    for (HotItem i : h.items()) {
      rows.add(row(
          i.leadId(),
          i.firstName(),
          i.lastName(),
          i.company(),
          i.score(),
          i.status(),
          i.ownerId(),
          i.ownerLabel(),
          i.teamId(),
          i.eventId(),
          i.capturedAt(),
          i.waitingSeconds(),
          i.slaDueAt(),
          i.slaStatus()));
    }
  }

  private static List<Object> row(Object... values) {
    List<Object> r = new ArrayList<>();
    for (Object v : values) {
      r.add(v);
    }
    return r;
  }

  static String money(List<Money> values) {
    return values.stream()
        .map(m -> m.currency() + " " + m.amount().toPlainString())
        .collect(Collectors.joining("; "));
  }
}
