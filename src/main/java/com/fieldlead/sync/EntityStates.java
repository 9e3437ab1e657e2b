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

  static Map<String, Object> of(Object entity) {
    Map<String, Object> state = Json.MAPPER.convertValue(entity, MAP);
    state.remove("tenantId");
    return state;
  }
}
