package com.fieldlead.sync.port;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fieldlead.json.Json;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The client-facing state of an activity, task or attachment: its API JSON as a map, without the tenant id. */
public final class EntityJson {

  private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

  private EntityJson() {}

  public static Map<String, @Nullable Object> state(Object entity) {
    Map<String, @Nullable Object> state = Json.MAPPER.convertValue(entity, MAP);
    state.remove("tenantId");
    return state;
  }
}
