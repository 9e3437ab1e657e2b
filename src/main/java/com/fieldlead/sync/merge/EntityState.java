package com.fieldlead.sync.merge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The server's current copy of an entity as the merger sees it: field values and per-field change meta. */
public record EntityState(
    String entityType,
    String entityId,
    long version,
    boolean deleted,
    Map<String, @Nullable Object> values,
    Map<String, FieldMeta> meta) {

  public EntityState {
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(entityId, "entityId");
    values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    meta = meta == null ? Map.of() : Map.copyOf(meta);
  }
}
