package com.fieldlead.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One admin action: who (a user, and the API key when one was used), what, to which thing, when.
 *
 * @param actorKeyId the API key the action was made with, or null for a user's session
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
    String id,
    Instant at,
    String actorUserId,
    String actorKeyId,
    String action,
    String targetType,
    String targetId,
    Map<String, Object> details) {

  public AuditEntry {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
