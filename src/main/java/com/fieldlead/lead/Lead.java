package com.fieldlead.lead;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A lead as stored and as answered (the same shape: wire names are stored names). Client-writable fields are listed
 * in {@link LeadFields#WRITABLE}; the rest is set by the server. {@code fieldMeta} records, per top-level field, the
 * version, time, user and device of its last change, so offline edits can later be merged field by field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lead(
    String id, String tenantId, long version,
    String firstName, String lastName, String email, String phone, String phoneRaw, Boolean phoneValid,
    String company, String title, String website,
    String industry, String companySize, String country, String region, String city, Location location,
    String source, String campaign, String eventId, String captureMethod, String capturedBy, Instant capturedAt,
    Instant deviceCapturedAt, Instant receivedAt,
    Bant bant, List<Answer> answers,
    String status, String statusReason, List<StageChange> stageHistory,
    String ownerId, String teamId, List<String> tags, List<Consent> consents, Boolean marketingOptOut,
    Map<String, Object> customFields,
    Integer score, String temperature, List<String> scoreExplanation,
    Conversion conversion, Map<String, FieldChange> fieldMeta,
    Instant createdAt, String createdBy, Instant updatedAt, Instant deletedAt, String mergedInto,
    ScoreDetails scoreDetails, Instant scoreNextDecayAt, HotOverride hotOverride) {

  /** Optional capture location of the device. */
  public record Location(Double lat, Double lon, Double accuracy) {}

  /** BANT qualification; each part a small enum (see the contract), budgetAmount optional. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bant(String budget, BigDecimal budgetAmount, String authority, String need, String timeline) {}

  /** A typed answer to a tenant-defined qualifier question. */
  public record Answer(String questionId, Object value) {}

  /** One consent statement: what (purpose), granted or withdrawn, when, how, captured by whom. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Consent(String purpose, Boolean granted, Instant at, String method, String capturedBy) {}

  /** One status change, kept for speed and conversion metrics. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageChange(String from, String to, String by, Instant at, String reason) {}

  /** What the lead became. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conversion(
      BigDecimal value, String currency, LocalDate date, String contactId, String accountId, Instant convertedAt,
      String convertedBy) {}

  /** Last change of one field. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FieldChange(long version, Instant at, String by, String device) {}

  /**
   * How the score was computed (server-owned, set by the scoring feature): the structured explanation lines (their
   * points add up to {@code score}), the tenant's rules version used, and when it was computed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScoreDetails(List<ScoreLine> contributions, Integer rulesVersion, Instant computedAt) {
    public ScoreDetails {
      contributions = contributions == null ? List.of() : List.copyOf(contributions);
    }
  }

  /** One explanation line: the rule, its category ({@code fit}, {@code bant}, ...), the label and the points. */
  public record ScoreLine(String ruleId, String category, String label, int points) {}

  /** Booth staff (or the capturing rep) marked the lead hot at capture: who and when (server time). */
  public record HotOverride(String by, Instant at) {}

  /** Server-owned defaults until the scoring feature computes them. */
  public static final int DEFAULT_SCORE = 0;
  public static final String DEFAULT_TEMPERATURE = "cold";

  public boolean deleted() {
    return deletedAt != null;
  }

  /** A copy with the scoring feature's server-owned fields replaced (the version is not changed here). */
  public Lead withScore(Integer newScore, String newTemperature, List<String> explanation, ScoreDetails details,
      Instant nextDecayAt) {
    return new Lead(id, tenantId, version, firstName, lastName, email, phone, phoneRaw, phoneValid, company, title,
        website, industry, companySize, country, region, city, location, source, campaign, eventId, captureMethod,
        capturedBy, capturedAt, deviceCapturedAt, receivedAt, bant, answers, status, statusReason, stageHistory,
        ownerId, teamId, tags, consents, marketingOptOut, customFields, newScore, newTemperature, explanation,
        conversion, fieldMeta, createdAt, createdBy, updatedAt, deletedAt, mergedInto, details, nextDecayAt,
        hotOverride);
  }

  /** A copy with another owner and team (routing; the version is not changed here). */
  public Lead withOwner(String newOwnerId, String newTeamId) {
    return new Lead(id, tenantId, version, firstName, lastName, email, phone, phoneRaw, phoneValid, company, title,
        website, industry, companySize, country, region, city, location, source, campaign, eventId, captureMethod,
        capturedBy, capturedAt, deviceCapturedAt, receivedAt, bant, answers, status, statusReason, stageHistory,
        newOwnerId, newTeamId, tags, consents, marketingOptOut, customFields, score, temperature, scoreExplanation,
        conversion, fieldMeta, createdAt, createdBy, updatedAt, deletedAt, mergedInto, scoreDetails,
        scoreNextDecayAt, hotOverride);
  }

  /** A copy with the booth hot mark set (create only). */
  public Lead withHotOverride(HotOverride override) {
    return new Lead(id, tenantId, version, firstName, lastName, email, phone, phoneRaw, phoneValid, company, title,
        website, industry, companySize, country, region, city, location, source, campaign, eventId, captureMethod,
        capturedBy, capturedAt, deviceCapturedAt, receivedAt, bant, answers, status, statusReason, stageHistory,
        ownerId, teamId, tags, consents, marketingOptOut, customFields, score, temperature, scoreExplanation,
        conversion, fieldMeta, createdAt, createdBy, updatedAt, deletedAt, mergedInto, scoreDetails,
        scoreNextDecayAt, override);
  }

  /** A copy at another version and update time (the server-side write path stamps both). */
  public Lead withVersion(long newVersion, Instant newUpdatedAt) {
    return new Lead(id, tenantId, newVersion, firstName, lastName, email, phone, phoneRaw, phoneValid, company, title,
        website, industry, companySize, country, region, city, location, source, campaign, eventId, captureMethod,
        capturedBy, capturedAt, deviceCapturedAt, receivedAt, bant, answers, status, statusReason, stageHistory,
        ownerId, teamId, tags, consents, marketingOptOut, customFields, score, temperature, scoreExplanation,
        conversion, fieldMeta, createdAt, createdBy, newUpdatedAt, deletedAt, mergedInto, scoreDetails,
        scoreNextDecayAt, hotOverride);
  }
}
