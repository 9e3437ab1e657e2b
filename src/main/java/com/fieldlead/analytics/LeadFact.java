package com.fieldlead.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the rollups need of one live lead, read from the lead, its activities and its SLA clock.
 *
 * @param dims the lead's dimensions (team, owner, capturer, source, campaign, event, capture method)
 * @param capturedAt the capture time the phone recorded
 * @param status the status now
 * @param statuses every status the lead has been in (its stage history and its status now)
 * @param firstTouchAt the earliest activity other than a note (null: never touched)
 * @param lastTouchAt the latest activity other than a note
 * @param slaStatus the SLA clock's status (pending, met, breached, none; null without a clock)
 * @param slaDueAt the clock's due time (null without one)
 * @param stays the lead's stays in a status that ended (it moved on), in the order of its stage history
 */
record LeadFact(
    String leadId,
    Dims dims,
    Instant capturedAt,
    String status,
    Set<String> statuses,
    boolean qualified,
    boolean converted,
    String wonCurrency,
    BigDecimal wonValue,
    BigDecimal budgetAmount,
    Instant firstTouchAt,
    Instant lastTouchAt,
    String slaStatus,
    Instant slaDueAt,
    List<Stay> stays) {

  LeadFact {
    statuses = Set.copyOf(statuses);
    stays = stays == null ? List.of() : List.copyOf(stays);
  }

  /** A stay in {@code status} that ended after {@code seconds} (0 or more). */
  record Stay(String status, long seconds) {}

  private static final Set<String> BUDGET = Set.of("planned", "approved");
  private static final Set<String> AUTHORITY = Set.of("influencer", "decision_maker");
  private static final Set<String> NEED = Set.of("medium", "high");
  private static final Set<String> TIMELINE =
      Set.of("immediate", "within_3_months", "within_6_months");

  /**
   * BANT-qualified: budget planned or approved, authority influencer or decision maker, need medium or high, and a
   * timeline within six months.
   */
  static boolean qualified(String budget, String authority, String need, String timeline) {
    return budget != null
        && authority != null
        && need != null
        && timeline != null
        && BUDGET.contains(budget)
        && AUTHORITY.contains(authority)
        && NEED.contains(need)
        && TIMELINE.contains(timeline);
  }

  /** The dimensions a lead is counted under (each may be null). */
  record Dims(
      String teamId,
      String ownerId,
      String capturedBy,
      String source,
      String campaign,
      String eventId,
      String captureMethod) {

    static final List<String> NAMES =
        List.of("team", "owner", "capturedBy", "source", "campaign", "event", "captureMethod");

    /** The value of dimension {@code name} (one of {@link #NAMES}). */
    String get(String name) {
      return switch (name) {
        case "team" -> teamId;
        case "owner" -> ownerId;
        case "capturedBy" -> capturedBy;
        case "source" -> source;
        case "campaign" -> campaign;
        case "event" -> eventId;
        case "captureMethod" -> captureMethod;
        default -> throw new IllegalArgumentException(name);
      };
    }
  }
}
