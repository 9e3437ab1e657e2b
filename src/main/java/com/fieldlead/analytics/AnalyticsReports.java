package com.fieldlead.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The reports' wire shapes (api-spec: the {@code Analytics*} schemas). */
final class AnalyticsReports {

  private AnalyticsReports() {}

  record Money(String currency, BigDecimal amount) {}

  record Stage(String key, String label, String meaning) {}

  /**
   * A status's figures in a funnel group; {@code exits} counts the stays in it that ended (a lead moved on), and the
   * two times are read from their histogram (within 5 % of the exact value; null without an exit).
   */
  record StageCount(
      String status,
      int current,
      int reached,
      Double conversionFromPrevious,
      long exits,
      Long p50Seconds,
      Long p90Seconds) {}

  record FunnelGroup(String key, String label, int total, List<StageCount> stages) {}

  record Funnel(
      LocalDate from,
      LocalDate to,
      String timeZone,
      Instant asOf,
      String groupBy,
      List<Stage> stages,
      List<FunnelGroup> groups) {}

  record ConversionRow(
      String key,
      String label,
      int captured,
      int qualified,
      int converted,
      Double qualifiedRate,
      Double conversionRate,
      List<Money> convertedValue) {}

  record Conversion(
      LocalDate from,
      LocalDate to,
      String timeZone,
      Instant asOf,
      String by,
      ConversionRow total,
      List<ConversionRow> rows) {}

  record SpeedStats(
      String key,
      String label,
      LocalDate weekStart,
      int leads,
      int touched,
      Long p50Seconds,
      Long p90Seconds,
      int slaMeasured,
      int withinSla,
      Double withinSlaShare) {}

  record SpeedToLead(
      LocalDate from,
      LocalDate to,
      String timeZone,
      Instant asOf,
      String by,
      SpeedStats overall,
      List<SpeedStats> groups,
      List<SpeedStats> weekly) {}

  record Bucket(
      LocalDate start, Instant startsAt, int captured, int qualified, int converted, int touched) {}

  record Trend(
      LocalDate from,
      LocalDate to,
      String timeZone,
      Instant asOf,
      String interval,
      List<Bucket> buckets) {}

  record EventRow(
      String eventId,
      String name,
      LocalDate startsOn,
      LocalDate endsOn,
      Money cost,
      int leads,
      int qualified,
      int converted,
      BigDecimal openBudget,
      List<Money> wonValue,
      BigDecimal costPerLead,
      BigDecimal costPerQualifiedLead) {}

  record EventRoi(
      LocalDate from, LocalDate to, String timeZone, Instant asOf, List<EventRow> events) {}

  record RepRow(
      int rank,
      String ownerId,
      String label,
      int leads,
      int touched,
      int qualified,
      int converted,
      Double conversionRate,
      List<Money> wonValue,
      Long p50Seconds,
      Double withinSlaShare) {}

  record Leaderboard(
      LocalDate from, LocalDate to, String timeZone, Instant asOf, List<RepRow> reps) {}

  record AgeBucket(String key, int fromDays, Integer toDays) {}

  record AgeGroup(String key, String label, int open, int neverTouched, List<Integer> counts) {}

  record Ageing(
      String timeZone,
      Instant asOf,
      LocalDate today,
      String groupBy,
      List<AgeBucket> buckets,
      List<AgeGroup> groups) {}

  record HotItem(
      String leadId,
      String firstName,
      String lastName,
      String company,
      Integer score,
      String status,
      String ownerId,
      String ownerLabel,
      String teamId,
      String eventId,
      Instant capturedAt,
      long waitingSeconds,
      Instant slaDueAt,
      String slaStatus) {}

  record HotUntouched(Instant asOf, List<HotItem> items) {}

  record EventCost(
      String eventId, BigDecimal amount, String currency, Instant updatedAt, String updatedBy) {}

  record EventCostInput(BigDecimal amount, String currency) {}

  record Settings(String timeZone, String weekStartsOn, Instant updatedAt, String updatedBy) {}

  record SettingsInput(String timeZone, String weekStartsOn) {}

  record Rebuilt(int days, int leads, long tookMs) {}
}
