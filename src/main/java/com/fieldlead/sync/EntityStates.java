package com.fieldlead.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fieldlead.http.Json;
import com.fieldlead.lead.Lead;
import java.util.Map;

/** The client-facing state of an entity in pull changes and push results: its API JSON, without the tenant id. */
final class EntityStates {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private EntityStates() {}

  static Map<String, Object> lead(Lead lead) {
    Map<String, Object> state = of(lead);
    state.remove("tenantId");
    return state;
  }

  static Map<String, Object> of(Object entity) {
    Map<String, Object> state = Json.MAPPER.convertValue(entity, MAP);
    state.remove("tenantId");
    return state;
  }
}
