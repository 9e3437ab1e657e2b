package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** An entity's id and current version, as listed by a re-baseline page. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EntityRef(String entityType, String entityId, long version) {
  public EntityRef {
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(entityId, "entityId");
  }
}
