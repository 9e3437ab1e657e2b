package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.problem.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filters of a lead list (also what a saved segment stores). Every filter is optional; they combine with AND.
 * {@code statuses} and {@code tags} match any of the listed values; {@code q} is a prefix of the name, last name,
 * company or email (case and accents ignored); {@code externalId} is another system's id as {@code <system>:<id>}
 * (an exact match, answered from the {@code (tenantId, externalKeys)} index).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadQuery(
    List<String> statuses,
    String ownerId,
    String teamId,
    String source,
    String campaign,
    String eventId,
    String temperature,
    List<String> tags,
    Instant createdFrom,
    Instant createdTo,
    Instant updatedFrom,
    Instant updatedTo,
    Instant capturedFrom,
    Instant capturedTo,
    String q,
    Boolean marketable,
    Boolean unassigned,
    String externalId) {

  /** A query without the unassigned-queue and external-id filters. */
  public LeadQuery(
      List<String> statuses,
      String ownerId,
      String teamId,
      String source,
      String campaign,
      String eventId,
      String temperature,
      List<String> tags,
      Instant createdFrom,
      Instant createdTo,
      Instant updatedFrom,
      Instant updatedTo,
      Instant capturedFrom,
      Instant capturedTo,
      String q,
      Boolean marketable) {
    this(
        statuses,
        ownerId,
        teamId,
        source,
        campaign,
        eventId,
        temperature,
        tags,
        createdFrom,
        createdTo,
        updatedFrom,
        updatedTo,
        capturedFrom,
        capturedTo,
        q,
        marketable,
        null,
        null);
  }

  public LeadQuery {
    statuses = statuses == null || statuses.isEmpty() ? null : List.copyOf(statuses);
    tags = tags == null || tags.isEmpty() ? null : List.copyOf(tags);
    q = q == null || q.isBlank() ? null : q;
    externalId = externalId == null || externalId.isBlank() ? null : externalId;
  }

  public static final LeadQuery ALL = new LeadQuery(
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
      null);

  /** Sort keys of a list, each with its stored field; every list is also ordered by id to break ties. */
  public enum Sort {
    CREATED_AT("createdAt", LeadFields.CREATED_AT, true),
    UPDATED_AT("updatedAt", LeadFields.UPDATED_AT, true),
    CAPTURED_AT("capturedAt", LeadFields.CAPTURED_AT, true),
    LAST_NAME("lastName", LeadFields.LAST_NAME_NORM, false),
    COMPANY("company", LeadFields.COMPANY_NORM, false),
    /** Hottest first with {@code -score}; the only sort key that can be null (a lead not scored yet). */
    SCORE("score", LeadFields.SCORE, false);

    public final String wire;
    public final String field;
    public final boolean time;

    Sort(String wire, String field, boolean time) {
      this.wire = wire;
      this.field = field;
      this.time = time;
    }

    public static Sort fromWire(String w) {
      for (Sort s : values()) {
        if (s.wire.equals(w)) {
          return s;
        }
      }
      throw new IllegalArgumentException(w);
    }
  }

  /** A sort key with its direction, parsed from {@code createdAt} / {@code -createdAt}. */
  public record Order(Sort sort, boolean desc) {
    public static Order parse(String s) {
      if (s == null || s.isEmpty()) {
        return new Order(Sort.CREATED_AT, true);
      }
      boolean desc = s.startsWith("-");
      return new Order(Sort.fromWire(desc ? s.substring(1) : s), desc);
    }

    public String wire() {
      return (desc ? "-" : "") + sort.wire;
    }
  }

  /** Errors the contract cannot express (ranges the wrong way round). */
  public List<FieldError> check() {
    List<FieldError> errors = new ArrayList<>();
    range(errors, "created", createdFrom, createdTo);
    range(errors, "updated", updatedFrom, updatedTo);
    range(errors, "captured", capturedFrom, capturedTo);
    if (temperature != null && !LeadRules.TEMPERATURES.contains(temperature)) {
      errors.add(new FieldError(
          "query.temperature", "enum", "temperature is one of " + LeadRules.TEMPERATURES));
    }
    if (source != null && !LeadRules.SOURCES.contains(source)) {
      errors.add(new FieldError("query.source", "enum", "source is one of " + LeadRules.SOURCES));
    }
    return errors;
  }

  private static void range(List<FieldError> errors, String name, Instant from, Instant to) {
    if (from != null && to != null && from.isAfter(to)) {
      errors.add(
          new FieldError("query." + name + "From", "range", name + "From is after " + name + "To"));
    }
  }

  /** A stable text of the filters (for binding a cursor to them). */
  public String canonical() {
    return String.valueOf(Map.ofEntries(
            Map.entry("st", String.valueOf(statuses)),
            Map.entry("o", String.valueOf(ownerId)),
            Map.entry("t", String.valueOf(teamId)),
            Map.entry("s", String.valueOf(source)),
            Map.entry("c", String.valueOf(campaign)),
            Map.entry("e", String.valueOf(eventId)),
            Map.entry("te", String.valueOf(temperature)),
            Map.entry("tg", String.valueOf(tags)),
            Map.entry("cf", String.valueOf(createdFrom)),
            Map.entry("ct", String.valueOf(createdTo)),
            Map.entry("uf", String.valueOf(updatedFrom)),
            Map.entry("ut", String.valueOf(updatedTo)),
            Map.entry("pf", String.valueOf(capturedFrom)),
            Map.entry("pt", String.valueOf(capturedTo)),
            Map.entry("q", String.valueOf(q)),
            Map.entry("m", String.valueOf(marketable)),
            Map.entry("x", String.valueOf(externalId)))
        .entrySet()
        .stream()
        .sorted(Map.Entry.comparingByKey())
        .toList());
  }
}
