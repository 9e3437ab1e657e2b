package com.fieldlead.assignment.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The last rep assigned by round robin, per team. The caller persists it with the rules and passes it back; the policy
 * returns an advanced copy. Immutable.
 */
public record RoundRobinCursor(Map<String, String> lastAssigned) {

  public RoundRobinCursor {
    lastAssigned = Map.copyOf(lastAssigned == null ? Map.of() : lastAssigned);
  }

  public static RoundRobinCursor empty() {
    return new RoundRobinCursor(Map.of());
  }

  /** The last user assigned in {@code teamId}, or null. */
  public String last(String teamId) {
    return lastAssigned.get(teamId);
  }

  /** A copy with {@code userId} as the last assigned in {@code teamId}. */
  public RoundRobinCursor advance(String teamId, String userId) {
    Map<String, String> next = new HashMap<>(lastAssigned);
    next.put(teamId, userId);
    return new RoundRobinCursor(next);
  }
}
