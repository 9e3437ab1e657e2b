package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's qualifier question, for one event, one campaign, or (neither set) every lead.
 *
 * @param type text, number, boolean, single_choice, multi_choice or date
 * @param options the allowed values of the choice types
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualifierQuestion(
    String id,
    String eventId,
    String campaign,
    String text,
    String type,
    List<String> options,
    boolean required,
    Instant createdAt,
    String createdBy) {

  public static final List<String> TYPES =
      List.of("text", "number", "boolean", "single_choice", "multi_choice", "date");

  public QualifierQuestion {
    options = options == null ? null : List.copyOf(options);
  }

  /** Whether this question is asked for a lead of {@code eventId} / {@code campaign}. */
  @JsonIgnore
  public boolean appliesTo(String leadEventId, String leadCampaign) {
    if (eventId == null && campaign == null) {
      return true;
    }
    return (eventId != null && Objects.equals(eventId, leadEventId))
        || (campaign != null && Objects.equals(campaign, leadCampaign));
  }

  @JsonIgnore
  public boolean isChoice() {
    return "single_choice".equals(type) || "multi_choice".equals(type);
  }
}
