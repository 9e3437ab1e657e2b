package com.fieldlead.lead.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The field diff between two leads names exactly the writable fields whose JSON differs; a patch applied to a lead
 * gives the lead its merged JSON reads back as, with field errors named.
 */
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
    assertEquals(
        byJson(null, before),
        names(LeadChanges.diff(null, before)),
        "a new lead: every field it has");
    String[] fields = {
      "firstName",
      "city",
      "tags",
      "customFields",
      "bant",
      "location",
      "answers",
      "capturedAt",
      "ownerId",
      "status"
    };
    Object[][] values = {
      {"Ada", "Grace", null},
      {"Berlin", null},
      {List.of("vip"), List.of("vip", "expo"), List.of()},
      {Map.of("booth", 12), Map.of("booth", 13)},
      {
        Map.of("budget", "approved", "budgetAmount", 1.5),
        Map.of("budget", "approved", "budgetAmount", new BigDecimal("1.50"))
      },
      {Map.of("lat", 52.5, "lon", 13.4), Map.of("lat", 52.5)},
      {List.of(Map.of("questionId", "q-1", "value", "yes")), List.of()},
      {"2026-03-04T05:06:07Z", "2026-03-04T05:06:07.000Z", "2026-03-05T00:00:00Z"},
      {"u-1", null},
      {"new", "qualified"}
    };
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

  /** The definition of applying a patch: the lead written as JSON, each field set (null: removed), read back. */
  private static Lead byJson(Lead base, ObjectNode patch) throws Exception {
    ObjectNode node = Json.MAPPER.valueToTree(base);
    patch.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        node.remove(e.getKey());
      } else {
        node.set(e.getKey(), e.getValue());
      }
      if (e.getKey().equals(LeadFields.PHONE)) {
        node.remove(LeadFields.PHONE_RAW);
        node.remove(LeadFields.PHONE_VALID);
      }
    });
    return Json.MAPPER.treeToValue(node, Lead.class);
  }

  private static final String BASE = """
      {"id":"l-1","tenantId":"t-1","version":3,"firstName":"Ada","lastName":"Lovelace","company":"AE",
       "phone":"+4930123456","phoneRaw":"030 123456","phoneValid":true,
       "status":"new","tags":["vip"],"customFields":{"booth":12},"score":40,"temperature":"warm",
       "bant":{"budget":"approved","budgetAmount":1.50},"location":{"lat":52.5,"lon":13.4},
       "answers":[{"questionId":"q-1","value":"yes"}],"capturedAt":"2026-03-04T05:06:07Z",
       "fieldMeta":{"city":{"version":2,"at":"2026-03-04T05:06:07Z","by":"u-1"}}}""".replace("\n", "");

  @Test
  void aPatchGivesTheLeadItsMergedJsonReadsBackAs() throws Exception {
    Random random = new Random(11);
    Lead base = Json.TOLERANT.readValue(BASE, Lead.class);
    String[] fields = {
      "firstName",
      "city",
      "phone",
      "tags",
      "customFields",
      "bant",
      "location",
      "answers",
      "capturedAt",
      "ownerId",
      "status",
      "consents",
      "title"
    };
    Object[][] values = {
      {"Grace", null},
      {"Berlin", null},
      {"+4940999", null},
      {List.of("a", "b"), List.of(), null},
      {Map.of("booth", 13, "deep", Map.of("x", List.of(1, 2.5))), null},
      {Map.of("budget", "none", "budgetAmount", new BigDecimal("10.00")), null},
      {Map.of("lat", 1.0), null},
      {List.of(Map.of("questionId", "q-2", "value", 3)), null},
      {"2026-03-05T00:00:00.123Z", null},
      {"u-9", null},
      {"qualified", "new"},
      {List.of(Map.of("purpose", "email", "granted", true, "at", "2026-03-04T05:06:07Z"))},
      {"CTO", null}
    };
    for (int round = 0; round < 300; round++) {
      ObjectNode patch = Json.MAPPER.createObjectNode();
      for (int i = 0; i < fields.length; i++) {
        if (random.nextInt(3) == 0) {
          Object v = values[i][random.nextInt(values[i].length)];
          patch.set(fields[i], v == null ? NullNode.instance : Json.MAPPER.valueToTree(v));
        }
      }
      Lead applied = LeadChanges.apply(base, patch, false);
      // as JSON: the definition's round trip also rescales the base's decimals (1.50 reads back as
      // 1.5)
      assertEquals(
          Json.MAPPER.valueToTree(byJson(base, patch)),
          Json.MAPPER.valueToTree(applied),
          patch::toString);
      for (String f : LeadComponents.names()) {
        boolean derived = patch.has(LeadFields.PHONE)
            && (f.equals(LeadFields.PHONE_RAW) || f.equals(LeadFields.PHONE_VALID));
        if (!patch.has(f) && !derived && !LeadComponents.primitive(LeadComponents.position(f))) {
          Assertions.assertSame(
              LeadComponents.value(base, f),
              LeadComponents.value(applied, f),
              () -> f + " was not patched: it keeps the base's value as it is");
        }
      }
    }
    ObjectNode withId = (ObjectNode) Json.MAPPER.readTree("{\"id\":\"other\",\"city\":\"Rome\"}");
    Lead created = LeadChanges.apply(base, withId, true);
    assertEquals("l-1", created.id(), "a create's id in the body is the lead's already");
    assertEquals("Rome", created.organization().city());
  }

  @Test
  void aNewPhoneForgetsWhatWasDerivedFromTheOldOne() throws Exception {
    Lead base = Json.TOLERANT.readValue(BASE, Lead.class);
    Lead other =
        LeadChanges.apply(base, (ObjectNode) Json.MAPPER.readTree("{\"city\":\"Rome\"}"), false);
    assertEquals("030 123456", other.contact().phoneRaw());
    assertEquals(true, other.contact().phoneValid());
    Lead phoned = LeadChanges.apply(
        base, (ObjectNode) Json.MAPPER.readTree("{\"phone\":\"+4940999\"}"), false);
    assertEquals("+4940999", phoned.contact().phone());
    assertEquals(null, phoned.contact().phoneRaw());
    assertEquals(null, phoned.contact().phoneValid());
  }

  @Test
  void aValueOfTheWrongTypeIsNamedWithThePathInsideTheField() throws Exception {
    Lead base = Json.TOLERANT.readValue(BASE, Lead.class);
    assertEquals(
        "/bant/budgetAmount",
        fieldOfError(base, "{\"city\":\"Rome\",\"bant\":{\"budgetAmount\":\"lots\"}}"));
    assertEquals("/tags", fieldOfError(base, "{\"tags\":{\"a\":1}}"));
    assertEquals(
        "/answers/0/questionId", fieldOfError(base, "{\"answers\":[{\"questionId\":[1]}]}"));
    assertEquals("/location/alt", fieldOfError(base, "{\"location\":{\"alt\":3}}"));
  }

  @Test
  void unknownAndServerOwnedFieldsAreNamedBeforeAnyValueIsRead() throws Exception {
    Lead base = Json.TOLERANT.readValue(BASE, Lead.class);
    var e = Assertions.assertThrows(
        ProblemException.class,
        () -> LeadChanges.apply(
            base,
            (ObjectNode) Json.MAPPER.readTree(
                "{\"tags\":{\"a\":1},\"score\":5,\"nope\":1,\"hotAtCapture\":true}"),
            false));
    assertEquals(
        List.of("/score readOnly", "/nope unknown", "/hotAtCapture createOnly"),
        e.errors().stream().map(f -> f.field() + " " + f.code()).toList());
  }

  private static String fieldOfError(Lead base, String patch) throws Exception {
    var e = Assertions.assertThrows(
        ProblemException.class,
        () -> LeadChanges.apply(base, (ObjectNode) Json.MAPPER.readTree(patch), false));
    assertEquals(1, e.errors().size(), e.errors()::toString);
    return e.errors().get(0).field();
  }

  private static List<String> names(List<LeadChanges.Change> changes) {
    return changes.stream().map(LeadChanges.Change::field).toList();
  }
}
