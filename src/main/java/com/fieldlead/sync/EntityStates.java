package com.fieldlead.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fieldlead.http.Json;
import com.fieldlead.lead.Lead;
import java.util.Map;

/** The client-facing state of an entity in pull changes and push results: its API JSON, without the tenant id. */
final class EntityStates {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private EntityStates() {}

  /** A lead's state in a push result: written once as JSON, the same text a pull page carries for it. */
  static Map<String, Object> lead(Lead lead) {
    return rawLead(lead);
  }

  /** The mapper of {@link #rawLead}: the API's, with a lead's tenant id left out. */
  private static final com.fasterxml.jackson.databind.ObjectMapper WITHOUT_TENANT = Json.MAPPER.copy()
      .addMixIn(Lead.class, WithoutTenant.class);

  @com.fasterxml.jackson.annotation.JsonIgnoreProperties("tenantId")
  private abstract static class WithoutTenant {}

  /** {@link #lead} written straight from the record: the same JSON, without building a map first (pull pages). */
  static com.fieldlead.sync.protocol.RawState rawLead(Lead lead) {
    try {
      return new com.fieldlead.sync.protocol.RawState(WITHOUT_TENANT.writeValueAsString(lead));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("lead " + lead.id() + " cannot be written as JSON", e);
    }
  }

  /**
   * A stored lead's state written straight from its document ({@link com.fieldlead.lead.StoredLeadJson}): the same
   * JSON as {@link #rawLead(Lead)}, without building the record; the record path when that writer declines.
   */
  static com.fieldlead.sync.protocol.RawState rawLead(org.bson.Document stored) {
    String json = com.fieldlead.lead.StoredLeadJson.write(stored);
    return json != null ? new com.fieldlead.sync.protocol.RawState(json)
        : rawLead(com.fieldlead.lead.LeadModule.fromStored(stored));
  }

  /** Each lead field's record accessor, by its JSON name (the wire names are the component names). */
  private static final Map<String, java.lang.reflect.Method> LEAD_ACCESSORS = leadAccessors();

  private static Map<String, java.lang.reflect.Method> leadAccessors() {
    Map<String, java.lang.reflect.Method> out = new java.util.HashMap<>();
    for (java.lang.reflect.RecordComponent rc : Lead.class.getRecordComponents()) {
      out.put(rc.getName(), rc.getAccessor());
    }
    out.remove("tenantId"); // not part of the state
    return Map.copyOf(out);
  }

  /**
   * Of a lead's state, the values of {@code fields} only, each exactly as it reads back from {@link #lead}'s JSON (a
   * string, number, boolean, list or map; absent when null). The merger compares a mutation's fields only, so a push
   * need not write a lead's whole state and parse it back to merge an edit of one field.
   */
  static Map<String, Object> leadValues(Lead lead, java.util.Collection<String> fields) {
    Map<String, Object> out = new java.util.HashMap<>();
    for (String field : fields) {
      java.lang.reflect.Method accessor = LEAD_ACCESSORS.get(field);
      Object value;
      try {
        value = accessor == null ? null : accessor.invoke(lead);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read lead field " + field, e);
      }
      if (value instanceof String || value instanceof Boolean || value instanceof Integer) {
        out.put(field, value); // reads back as itself
      } else if (value != null) {
        try {
          out.put(field, Json.MAPPER.readValue(WITHOUT_TENANT.writeValueAsString(value), Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException("lead " + lead.id() + " field " + field + " cannot be written as JSON", e);
        }
      }
    }
    return out;
  }

  static Map<String, Object> of(Object entity) {
    Map<String, Object> state = Json.MAPPER.convertValue(entity, MAP);
    state.remove("tenantId");
    return state;
  }
}
