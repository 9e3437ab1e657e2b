package com.fieldlead.analytics;

import com.fieldlead.analytics.AnalyticsReports.AgeBucket;
import com.fieldlead.analytics.AnalyticsReports.AgeGroup;
import com.fieldlead.analytics.AnalyticsReports.Ageing;
import com.fieldlead.analytics.AnalyticsReports.Bucket;
import com.fieldlead.analytics.AnalyticsReports.Conversion;
import com.fieldlead.analytics.AnalyticsReports.ConversionRow;
import com.fieldlead.analytics.AnalyticsReports.Funnel;
import com.fieldlead.analytics.AnalyticsReports.FunnelGroup;
import com.fieldlead.analytics.AnalyticsReports.Leaderboard;
import com.fieldlead.analytics.AnalyticsReports.Money;
import com.fieldlead.analytics.AnalyticsReports.RepRow;
import com.fieldlead.analytics.AnalyticsReports.SpeedStats;
import com.fieldlead.analytics.AnalyticsReports.SpeedToLead;
import com.fieldlead.analytics.AnalyticsReports.Stage;
import com.fieldlead.analytics.AnalyticsReports.StageCount;
import com.fieldlead.analytics.AnalyticsReports.Trend;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.LeadStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The reports, from the cells of the leads a caller sees (already filtered). Pure. */
final class Reports {

  static final String ALL = "all";
  static final String NONE = "(none)";

  /** Names for group keys: a rep's, team's or event's name; null when unknown. */
  @FunctionalInterface
  interface Labels {
    String name(String dimension, String key);
  }

  /** What every report is read in: the days, the tenant's zone and week, now, and the labels. */
  record Frame(
      LocalDate from, LocalDate to, ZoneId zone, DayOfWeek weekStart, Instant now, Labels labels) {

    String label(String dimension, String key) {
      if (ALL.equals(key)) {
        return "All leads";
      }
      if (NONE.equals(key)) {
        return "None";
      }
      String name = dimension == null ? null : labels.name(dimension, key);
      return name != null ? name : key;
    }

    LocalDate weekOf(LocalDate day) {
      return day.with(TemporalAdjusters.previousOrSame(weekStart));
    }
  }

  private Reports() {}

  /** The dimension a grouping name stands for ({@code rep} is the owner); null for none. */
  static String dimension(String groupBy) {
    return switch (groupBy) {
      case "none" -> null;
      case "rep" -> "owner";
      default -> groupBy;
    };
  }

  static Function<Cell, String> keyOf(String dimension) {
    if (dimension == null) {
      return c -> ALL;
    }
    return c -> {
      String v = c.dims().get(dimension);
      return v == null ? NONE : v;
    };
  }

  static Map<String, Tally> grouped(List<Cell> cells, Function<Cell, String> key) {
    Map<String, Tally> by = new TreeMap<>();
    for (Cell c : cells) {
      by.computeIfAbsent(key.apply(c), k -> new Tally()).add(c.tally());
    }
    return by;
  }

  /** The groups added up: every cell is in exactly one group, so this is the total, for a few additions. */
  static Tally sum(Collection<Tally> groups) {
    Tally t = new Tally();
    groups.forEach(t::add);
    return t;
  }

  static Funnel funnel(Frame f, String groupBy, List<Cell> cells, LeadSettings settings) {
    String dim = dimension(groupBy);
    List<Stage> stages = settings.statuses().stream()
        .map(s -> new Stage(s.key(), s.label(), s.meaning()))
        .toList();
    List<FunnelGroup> groups = new ArrayList<>();
    grouped(cells, keyOf(dim)).forEach((key, t) -> {
      List<StageCount> counts = new ArrayList<>();
      Integer previous = null;
      List<LeadStatus> all = settings.statuses();
      for (int i = 0; i < all.size(); i++) {
        LeadStatus s = all.get(i);
        int current = t.now.get(s.key());
        DurationHistogram time = t.stageTime(s.key());
        if (LeadStatus.DEAD.equals(s.meaning())) {
          counts.add(stageCount(s.key(), current, t.ever.get(s.key()), null, time));
          continue;
        }
        int reached = 0;
        for (int j = i; j < all.size(); j++) {
          reached += t.furthest.get(all.get(j).key());
        }
        counts.add(stageCount(
            s.key(), current, reached, previous == null ? null : rate(reached, previous), time));
        previous = reached;
      }
      groups.add(new FunnelGroup(key, f.label(dim, key), t.leads, counts));
    });
    return new Funnel(f.from(), f.to(), f.zone().getId(), f.now(), groupBy, stages, groups);
  }

  private static StageCount stageCount(
      String status, int current, int reached, Double fromPrevious, DurationHistogram time) {
    return new StageCount(
        status, current, reached, fromPrevious, time.count(), time.quantile(50), time.quantile(90));
  }

  static Conversion conversion(Frame f, String by, List<Cell> cells) {
    String dim = dimension(by);
    List<ConversionRow> rows = new ArrayList<>();
    Map<String, Tally> groups = grouped(cells, keyOf(dim));
    groups.forEach((key, t) -> rows.add(conversionRow(key, f.label(dim, key), t)));
    rows.sort(Comparator.comparingInt(ConversionRow::captured).reversed());
    return new Conversion(
        f.from(),
        f.to(),
        f.zone().getId(),
        f.now(),
        by,
        conversionRow(ALL, f.label(null, ALL), sum(groups.values())),
        rows);
  }

  private static ConversionRow conversionRow(String key, String label, Tally t) {
    return new ConversionRow(
        key,
        label,
        t.leads,
        t.qualified,
        t.converted,
        rate(t.qualified, t.leads),
        rate(t.converted, t.leads),
        money(t.won));
  }

  static SpeedToLead speed(Frame f, String by, List<Cell> cells) {
    String dim = dimension(by);
    List<SpeedStats> groups = new ArrayList<>();
    Map<String, Tally> byGroup = grouped(cells, keyOf(dim));
    byGroup.forEach((key, t) -> groups.add(speedStats(f, key, f.label(dim, key), null, t)));
    Map<LocalDate, Tally> weeks = new TreeMap<>();
    for (Cell c : cells) {
      weeks.computeIfAbsent(f.weekOf(c.day()), k -> new Tally()).add(c.tally());
    }
    List<SpeedStats> weekly = new ArrayList<>();
    for (LocalDate w = f.weekOf(f.from()); !w.isAfter(f.to()); w = w.plusWeeks(1)) {
      weekly.add(speedStats(f, null, null, w, weeks.getOrDefault(w, new Tally())));
    }
    return new SpeedToLead(
        f.from(),
        f.to(),
        f.zone().getId(),
        f.now(),
        by,
        speedStats(f, ALL, f.label(null, ALL), null, sum(byGroup.values())),
        groups,
        weekly);
  }

  static SpeedStats speedStats(Frame f, String key, String label, LocalDate week, Tally t) {
    List<Long> sorted = t.touchSeconds.stream().sorted().toList();
    int[] sla = t.sla(f.now().getEpochSecond());
    return new SpeedStats(
        key,
        label,
        week,
        t.leads,
        sorted.size(),
        percentile(sorted, 50),
        percentile(sorted, 90),
        sla[1],
        sla[0],
        rate(sla[0], sla[1]));
  }

  /** Nearest rank: the smallest value with at least {@code p} % of the values at or below it. */
  static Long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  static Trend trend(Frame f, String interval, List<Cell> cells) {
    boolean weeks = "week".equals(interval);
    Map<LocalDate, Tally> by = new TreeMap<>();
    for (Cell c : cells) {
      by.computeIfAbsent(weeks ? f.weekOf(c.day()) : c.day(), k -> new Tally()).add(c.tally());
    }
    List<Bucket> buckets = new ArrayList<>();
    LocalDate first = weeks ? f.weekOf(f.from()) : f.from();
    for (LocalDate d = first; !d.isAfter(f.to()); d = weeks ? d.plusWeeks(1) : d.plusDays(1)) {
      Tally t = by.getOrDefault(d, new Tally());
      buckets.add(new Bucket(
          d, d.atStartOfDay(f.zone()).toInstant(), t.leads, t.qualified, t.converted, t.touched()));
    }
    return new Trend(f.from(), f.to(), f.zone().getId(), f.now(), weeks ? "week" : "day", buckets);
  }

  static Leaderboard leaderboard(Frame f, List<Cell> cells) {
    List<RepRow> rows = new ArrayList<>();
    grouped(cells, keyOf("owner")).forEach((owner, t) -> {
      if (NONE.equals(owner)) {
        return;
      }
      SpeedStats s = speedStats(f, owner, null, null, t);
      rows.add(new RepRow(
          0,
          owner,
          f.label("owner", owner),
          t.leads,
          t.touched(),
          t.qualified,
          t.converted,
          rate(t.converted, t.leads),
          money(t.won),
          s.p50Seconds(),
          s.withinSlaShare()));
    });
    rows.sort(Comparator.comparingInt(RepRow::converted)
        .thenComparingInt(RepRow::qualified)
        .thenComparingInt(RepRow::touched)
        .reversed()
        .thenComparing(RepRow::ownerId));
    List<RepRow> ranked = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      RepRow r = rows.get(i);
      ranked.add(new RepRow(
          i + 1,
          r.ownerId(),
          r.label(),
          r.leads(),
          r.touched(),
          r.qualified(),
          r.converted(),
          r.conversionRate(),
          r.wonValue(),
          r.p50Seconds(),
          r.withinSlaShare()));
    }
    return new Leaderboard(f.from(), f.to(), f.zone().getId(), f.now(), ranked);
  }

  static final List<AgeBucket> AGE_BUCKETS = List.of(
      new AgeBucket("0-1", 0, 1),
      new AgeBucket("2-3", 2, 3),
      new AgeBucket("4-7", 4, 7),
      new AgeBucket("8-14", 8, 14),
      new AgeBucket("15-30", 15, 30),
      new AgeBucket("31+", 31, null));

  static Ageing ageing(Frame f, String groupBy, List<Cell> cells) {
    String dim = dimension(groupBy);
    LocalDate today = f.now().atZone(f.zone()).toLocalDate();
    List<AgeGroup> groups = new ArrayList<>();
    grouped(cells, keyOf(dim)).forEach((key, t) -> {
      if (t.open == 0) {
        return;
      }
      int[] counts = new int[AGE_BUCKETS.size()];
      t.lastTouchDays.forEach((day, n) -> {
        long days = Math.max(0, ChronoUnit.DAYS.between(LocalDate.parse(day), today));
        counts[bucketOf(days)] += n;
      });
      groups.add(new AgeGroup(
          key,
          f.label(dim, key),
          t.open,
          t.neverTouched,
          Arrays.stream(counts).boxed().toList()));
    });
    return new Ageing(f.zone().getId(), f.now(), today, groupBy, AGE_BUCKETS, groups);
  }

  static int bucketOf(long days) {
    for (int i = AGE_BUCKETS.size() - 1; i >= 0; i--) {
      if (days >= AGE_BUCKETS.get(i).fromDays()) {
        return i;
      }
    }
    return 0;
  }

  static List<Money> money(Map<String, BigDecimal> byCurrency) {
    return byCurrency.entrySet().stream()
        .map(e -> new Money(e.getKey(), e.getValue()))
        .toList();
  }

  /** {@code part / whole} to four places; null when {@code whole} is 0. */
  static Double rate(int part, int whole) {
    if (whole == 0) {
      return null;
    }
    return BigDecimal.valueOf(part)
        .divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP)
        .doubleValue();
  }
}
