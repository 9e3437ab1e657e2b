package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One write to a lead: who, from which device, when, what kind of write, and each changed field's old and new value.
 *
 * @param action create, update, delete, merge, merged_into, convert
 * @param otherLeadId the other lead of a merge
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadHistoryEntry(
    String leadId,
    long version,
    Instant at,
    String by,
    String device,
    String action,
    List<FieldDelta> changes,
    String otherLeadId) {

  public LeadHistoryEntry {
    changes = List.copyOf(changes);
  }

  /** A changed field; values are JSON (null when absent). */
  public record FieldDelta(String field, Object before, Object after) {}
}
