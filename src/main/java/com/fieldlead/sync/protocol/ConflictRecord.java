package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * The loser of a same-field conflict, kept so the device and managers can see and undo it (sync invariant 5):
 * the value both sides started from ({@code base}, null when the client did not send it), the pushed value
 * ({@code mine}) and the server's ({@code theirs}), who/when/which device made each, the declared policy and which
 * side it kept.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConflictRecord(
    String entityType,
    String entityId,
    String field,
    Object base,
    Object mine,
    Object theirs,
    String mineBy,
    Instant mineAt,
    String mineDevice,
    String theirsBy,
    Instant theirsAt,
    String theirsDevice,
    FieldPolicy policy,
    Kept kept) {

  public ConflictRecord {
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(kept, "kept");
  }
}
