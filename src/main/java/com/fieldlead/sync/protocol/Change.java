package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import java.util.Objects;

/**
 * One changed entity in a pull page: its current {@code state} and {@code version}, or a tombstone
 * ({@code deleted = true}, no state). {@code removedFromScope} says the entity left the caller's scope (reassigned):
 * the phone drops it like a tombstone, though it still exists (sync invariant 8). {@code erased} (on a lead's
 * tombstone only) says the person's data was erased at their request: the phone drops the lead with everything of it,
 * unsent edits included (protocol.md, "Erasure").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Change(
    String entityType,
    String entityId,
    long version,
    boolean deleted,
    Boolean removedFromScope,
    @JsonSerialize(using = RawState.Serializer.class) Map<String, Object> state,
    Boolean erased) {

  public Change {
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(entityId, "entityId");
  }

  /** A change that is not an erasure. */
  public Change(
      String entityType,
      String entityId,
      long version,
      boolean deleted,
      Boolean removedFromScope,
      Map<String, Object> state) {
    this(entityType, entityId, version, deleted, removedFromScope, state, null);
  }
}
