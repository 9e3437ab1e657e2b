package com.fieldlead.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.http.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The field diff between two leads names exactly the writable fields whose JSON differs. */
class LeadChangesTest {

  /** The definition: both leads written as JSON, each writable field compared as JSON (absent = null). */
  private static List<String> byJson(Lead before, Lead after) {
    JsonNode b = before == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(before);
    JsonNode a = Json.MAPPER.valueToTree(after);
    List<String> out = new ArrayList<>();
    for (String f : LeadFields.WRITABLE) {
      JsonNode x = b.path(f).isMissingNode() ? NullNode.instance : b.get(f);
      JsonNode y = a.path(f).isMissingNode() ? NullNode.instance : a.get(f);
      if (!Objects.equals(x, y)) {
        out.add(f);
      }
    }
    return out;
  }

  @Test
  void aDiffNamesTheFieldsWhoseJsonDiffersAndNoOthers() throws Exception {
    Random random = new Random(7);
    ObjectNode base = (ObjectNode) Json.MAPPER.readTree("""
        {"id":"l-1","tenantId":"t-1","version":3,"firstName":"Ada","lastName":"Lovelace","company":"AE",
         "status":"new","tags":["vip"],"customFields":{"booth":12,"note":null},
         "bant":{"budget":"approved","budgetAmount":1.50},"location":{"lat":52.5,"lon":13.4},
         "answers":[{"questionId":"q-1","value":"yes"}],"capturedAt":"2026-03-04T05:06:07Z"}""".replace("\n", ""));
    Lead before = Json.TOLERANT.convertValue(base, Lead.class);
    assertEquals(List.of(), names(LeadChanges.diff(before, before)));
    assertEquals(byJson(null, before), names(LeadChanges.diff(null, before)), "a new lead: every field it has");
    String[] fields = {"firstName", "city", "tags", "customFields", "bant", "location", "answers", "capturedAt",
        "ownerId", "status"};
    Object[][] values = {{"Ada", "Grace", null}, {"Berlin", null}, {List.of("vip"), List.of("vip", "expo"), List.of()},
        {Map.of("booth", 12), Map.of("booth", 13)}, {Map.of("budget", "approved", "budgetAmount", 1.5),
        Map.of("budget", "approved", "budgetAmount", new BigDecimal("1.50"))}, {Map.of("lat", 52.5, "lon", 13.4),
        Map.of("lat", 52.5)}, {List.of(Map.of("questionId", "q-1", "value", "yes")), List.of()},
        {"2026-03-04T05:06:07Z", "2026-03-04T05:06:07.000Z", "2026-03-05T00:00:00Z"}, {"u-1", null},
        {"new", "qualified"}};
    for (int round = 0; round < 300; round++) {
      ObjectNode next = base.deepCopy();
      for (int i = 0; i < fields.length; i++) {
        if (random.nextInt(3) == 0) {
          Object v = values[i][random.nextInt(values[i].length)];
          next.set(fields[i], v == null ? NullNode.instance : Json.MAPPER.valueToTree(v));
        }
      }
      Lead after = Json.TOLERANT.convertValue(next, Lead.class);
      assertEquals(byJson(before, after), names(LeadChanges.diff(before, after)), next::toString);
      assertEquals(byJson(after, before), names(LeadChanges.diff(after, before)), next::toString);
    }
  }

  private static List<String> names(List<LeadChanges.Change> changes) {
    return changes.stream().map(LeadChanges.Change::field).toList();
  }
}
