package com.fieldlead.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadComponents;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadJson;
import com.fieldlead.lead.store.MongoLeadRepository;
import com.fieldlead.lead.store.StoredLeadJson;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A lead's sync state: its API JSON without {@link LeadFields#SYNC_VIEW_OMITS} (the tenant, server detail), exactly
 * what a pull change and a push result carry for it.
 */
final class LeadSyncJson {

  /** The API's mapper, writing a lead's sync view. */
  private static final ObjectMapper SYNC_VIEW =
      Json.MAPPER.copy().addMixIn(Lead.class, SyncView.class);

  @JsonSerialize(using = SyncViewWriter.class)
  private abstract static class SyncView {}

  /** The lead's flat JSON without {@link LeadFields#SYNC_VIEW_OMITS}. */
  static final class SyncViewWriter extends LeadJson.Writer {
    SyncViewWriter() {
      super(List.of(LeadFields.SYNC_VIEW_OMITS));
    }
  }

  private LeadSyncJson() {}

  /** The lead's state written straight from the record. */
  static String state(Lead lead) {
    try {
      return SYNC_VIEW.writeValueAsString(lead);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lead " + lead.id() + " cannot be written as JSON", e);
    }
  }

  /**
   * A stored lead's state written straight from its document ({@link StoredLeadJson}): the same JSON as {@link
   * #state(Lead)}, without building the record; the record path when that writer declines.
   */
  static String state(Document stored) {
    String json = StoredLeadJson.write(stored);
    return json != null ? json : state(MongoLeadRepository.toLead(stored));
  }

  /**
   * Of a lead's state, the values of {@code fields} only, each exactly as it reads back from {@link #state(Lead)}'s
   * JSON (a string, number, boolean, list or map; absent when null). The merger compares a mutation's fields only, so
   * a push need not write a lead's whole state and parse it back to merge an edit of one field.
   */
  static Map<String, Object> values(Lead lead, Collection<String> fields) {
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
}
