package com.fieldlead.sync;

import com.fasterxml.jackson.annotation.JsonFilter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ser.impl.SimpleBeanPropertyFilter;
import com.fasterxml.jackson.databind.ser.impl.SimpleFilterProvider;
import com.fieldlead.json.Json;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadComponents;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.store.StoredLeadJson;
import com.fieldlead.sync.protocol.RawState;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;

/** The client-facing state of an entity in pull changes and push results: its API JSON, without the tenant id. */
final class EntityStates {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private EntityStates() {}

  /** A lead's state in a push result: written once as JSON, the same text a pull page carries for it. */
  static Map<String, Object> lead(Lead lead) {
    return rawLead(lead);
  }

  /** The mapper of {@link #rawLead}: the API's, writing a lead's sync view ({@link LeadFields#SYNC_VIEW_OMITS}). */
  private static final ObjectMapper SYNC_VIEW = Json.MAPPER
      .copy()
      .addMixIn(Lead.class, SyncView.class)
      .setFilterProvider(new SimpleFilterProvider()
          .addFilter(
              SyncView.NAME,
              SimpleBeanPropertyFilter.serializeAllExcept(LeadFields.SYNC_VIEW_OMITS)));

  @JsonFilter(SyncView.NAME)
  private abstract static class SyncView {
    static final String NAME = "syncView";
  }

  /** {@link #lead} written straight from the record: the same JSON, without building a map first (pull pages). */
  static RawState rawLead(Lead lead) {
    try {
      return new RawState(SYNC_VIEW.writeValueAsString(lead));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lead " + lead.id() + " cannot be written as JSON", e);
    }
  }

  /**
   * A stored lead's state written straight from its document ({@link com.fieldlead.lead.StoredLeadJson}): the same
   * JSON as {@link #rawLead(Lead)}, without building the record; the record path when that writer declines.
   */
  static RawState rawLead(Document stored) {
    String json = StoredLeadJson.write(stored);
    return json != null ? new RawState(json) : rawLead(LeadModule.fromStored(stored));
  }

  /**
   * Of a lead's state, the values of {@code fields} only, each exactly as it reads back from {@link #lead}'s JSON (a
   * string, number, boolean, list or map; absent when null). The merger compares a mutation's fields only, so a push
   * need not write a lead's whole state and parse it back to merge an edit of one field.
   */
  static Map<String, Object> leadValues(Lead lead, Collection<String> fields) {
    Map<String, Object> out = new HashMap<>();
    for (String field : fields) {
      Object value = field.equals(LeadFields.TENANT_ID)
          ? null
          : LeadComponents.value(lead, field); // not state
      if (value instanceof String || value instanceof Boolean || value instanceof Integer) {
        out.put(field, value); // reads back as itself
      } else if (value != null) {
        try {
          out.put(field, Json.MAPPER.readValue(SYNC_VIEW.writeValueAsString(value), Object.class));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(
              "lead " + lead.id() + " field " + field + " cannot be written as JSON", e);
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
