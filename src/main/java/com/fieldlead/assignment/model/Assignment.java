package com.fieldlead.assignment.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One recorded assignment of a lead: to an owner (and team) or to a queue, by which rule (or {@code manual}), why,
 * when, and by whom ({@code byKind} {@code system} for routing, {@code manager}/{@code admin} for a hand
 * reassignment, {@code by} then names the user).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Assignment(
    String id,
    String leadId,
    String ownerId,
    String teamId,
    String queue,
    String ruleId,
    String reason,
    Instant at,
    String by,
    String byKind,
    String previousOwnerId) {

  public static final String SYSTEM = "system";
}
