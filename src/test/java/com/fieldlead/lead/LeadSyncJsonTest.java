package com.fieldlead.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadComponents;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.store.LeadWireFormTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The merger's view of a lead's fields is exactly what the lead's state reads back as, field by field. */
class LeadSyncJsonTest {

  private static final String LEAD = """
      {"id":"l-1","tenantId":"t-1","version":7,"firstName":"Ada","lastName":"Lovelace","phone":"+4930123456",
       "phoneValid":true,"company":"AE","location":{"lat":52.52,"lon":13.405},"capturedAt":"2026-03-04T05:06:07.890Z",
       "bant":{"budget":"approved","budgetAmount":1.50,"timeline":"this-quarter"},
       "answers":[{"questionId":"q-1","value":"yes"},{"questionId":"q-2","value":3},{"questionId":"q-3","value":[1.5]}],
       "status":"qualified","tags":["vip","expo"],"consents":[{"purpose":"marketing","granted":true,
       "at":"2026-03-04T05:06:07Z"}],"marketingOptOut":false,"customFields":{"booth":42,"big":12345678901,
       "ratio":0.25,"nested":{"a":[1,"two"]}},"score":85,"temperature":"hot",
       "fieldMeta":{"city":{"version":6,"at":"2026-03-04T05:06:07Z","by":"u-1","device":"d-1"}},
       "conversion":{"value":12500.00,"currency":"EUR","date":"2026-04-01"}}""".replace("\n", "");

  @Test
  void eachFieldReadsBackAsItDoesFromTheWholeState() throws Exception {
    Lead lead = Json.TOLERANT.readValue(LEAD, Lead.class);
    Map<String, Object> whole =
        Json.MAPPER.readValue(LeadSyncJson.state(lead), new TypeReference<>() {});
    List<String> fields = new ArrayList<>();
    for (String name : LeadComponents.names()) {
      if (!List.of(LeadFields.SYNC_VIEW_OMITS).contains(name)) {
        fields.add(name); // the state a merge compares against is the sync view
      }
    }
    fields.add("noSuchField");
    Map<String, Object> values = LeadSyncJson.values(lead, fields);
    for (String f : fields) {
      assertEquals(whole.get(f), values.get(f), f);
      assertEquals(
          whole.containsKey(f), values.containsKey(f), f + ": present in one, absent in the other");
    }
    assertFalse(whole.containsKey("tenantId"), "the tenant is not part of a lead's state");
    assertFalse(
        whole.containsKey("fieldMeta") || whole.containsKey("scoreDetails"),
        "server detail is left out");
    assertEquals(
        Set.of("tags"),
        LeadSyncJson.values(lead, List.of("city", "tags")).keySet(),
        "only the fields asked for, and of those only the ones the lead has");
  }

  @Test
  void aFullyPopulatedLeadsStateFromTheRecordIsTheGoldenSyncState() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/lead/golden/sync-full.json")) {
      assertEquals(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          LeadSyncJson.state(LeadWireFormTest.fullyPopulated()) + "\n",
          "the record path writes the state the stored document's path wrote before the split");
    }
  }
}
