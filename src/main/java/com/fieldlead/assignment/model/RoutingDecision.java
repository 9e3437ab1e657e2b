package com.fieldlead.assignment.model;

import java.util.Objects;

/**
 * Where a lead goes: exactly one of an owner or a queue, the id of the rule that chose it ({@code fallback} for the
 * fallback queue, {@code manual} for a manager's reassignment), a human-readable reason, and the round-robin cursor to
 * persist.
 */
public record RoutingDecision(
    String ownerId, String queue, String ruleId, String reason, RoundRobinCursor newCursor) {

  public static final String FALLBACK_RULE = "fallback";
  public static final String MANUAL_RULE = "manual";

  public RoutingDecision {
    if ((ownerId == null) == (queue == null)) {
      throw new IllegalArgumentException("exactly one of ownerId and queue must be set");
    }
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(newCursor, "newCursor");
  }

  public boolean queued() {
    return queue != null;
  }
}
