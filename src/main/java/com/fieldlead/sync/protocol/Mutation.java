package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One queued offline edit. {@code clientMutationId} is unique per device and makes replays idempotent;
 * {@code entityId} is the phone's own UUID on create (never renamed); {@code baseVersion} is the entity version the
 * edit was made on (absent on create); {@code changes} holds only the changed fields; {@code baseValues} optionally
 * the values the phone saw for them (sharpens conflict detection); {@code clientTime} is when the user made it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Mutation(
    String clientMutationId,
    String entityType,
    String entityId,
    Operation op,
    Long baseVersion,
    Map<String, Object> changes,
    Map<String, Object> baseValues,
    Instant clientTime) {

  public Mutation {
    changes = copy(changes);
    baseValues = baseValues == null ? null : copy(baseValues);
  }

  private static Map<String, Object> copy(Map<String, Object> map) {
    // JSON null is a meaningful value here (clear the field), which Map.copyOf refuses.
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
