package com.fieldlead.sync;

import static com.fieldlead.sync.SyncFixture.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pushed lead create or update is validated by the lead API's own validation, and every bad field is named. */
class SyncLeadValidationTest {

  static TestServer server;
  static SyncFixture f;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    f = SyncFixture.create(server, "Validation");
  }

  @Test
  void aPushedCreateWithWrongTypesIsRejectedAsPostV1LeadsRejectsItAndNothingIsStored() {
    for (Map<String, Object> changes : List.<Map<String, Object>>of(Map.of("firstName", 12345, "lastName", "Num"),
        Map.of("lastName", true, "company", "Bool"))) {
      String id = UUID.randomUUID().toString();
      Api.Response rest = f.api().post("/v1/leads", with(changes, "id", UUID.randomUUID().toString()),
          f.rep1().accessToken());
      assertEquals(400, rest.status(), rest::toString);
      JsonNode r = f.push(f.rep1(), "d-valid", List.of(mutation("v-" + id, "lead", id, "create", null, changes)))
          .json().get("results").get(0);
      assertEquals("rejected", r.get("result").asText(), r::toString);
      assertEquals("VALIDATION_FAILED", r.get("code").asText(), r::toString);
      assertEquals(fields("/changes", rest.json().get("errors")), fields("", r.get("errors")), r::toString);
      assertEquals(404, f.api().get("/v1/leads/" + id, f.admin().accessToken()).status(), "a refused create stored");
    }
  }

  @Test
  void aRejectedCreateNamesEveryBadFieldAsTheApiDoesUnderChanges() {
    Map<String, Object> changes = Map.of("firstName", 12345, "favouriteColour", "teal", "email", "nope",
        "lastName", "Many");
    Api.Response rest = f.api().post("/v1/leads", with(changes, "id", UUID.randomUUID().toString()),
        f.rep1().accessToken());
    assertEquals(400, rest.status(), rest::toString);
    String id = UUID.randomUUID().toString();
    Api.Response push = f.push(f.rep1(), "d-valid", List.of(mutation("many-" + id, "lead", id, "create", null,
        changes)));
    JsonNode r = push.json().get("results").get(0);
    assertEquals("rejected", r.get("result").asText(), push::toString);
    TreeSet<String> named = fields("", r.get("errors"));
    assertEquals(fields("/changes", rest.json().get("errors")), named, push::toString);
    // one error per field, the one that says what is wrong with it
    Map<String, String> byField = new HashMap<>();
    r.get("errors").forEach(e -> assertEquals(null, byField.put(e.get("field").asText(), e.get("code").asText()),
        push::toString));
    assertEquals(Map.of("/changes/firstName", "type", "/changes/email", "format", "/changes/favouriteColour",
        "additionalProperties"), byField, push::toString);
  }

  @Test
  void aPushedUpdateWithAWrongTypeIsRejectedAsPatchRejectsItWithServerOwnedFieldsNamedToo() {
    String lead = f.leadOwnedBy(f.rep1());
    long version = f.lead(lead).get("version").asLong();
    Api.Response rest = f.api().patch("/v1/leads/" + lead, Map.of("title", 42), f.rep1().accessToken(),
        Map.of("If-Match", "\"" + version + "\""));
    assertEquals(400, rest.status(), rest::toString);
    JsonNode r = f.push(f.rep1(), "d-valid", List.of(mutation("u-" + lead, "lead", lead, "update", version,
        Map.of("title", 42, "score", 99)))).json().get("results").get(0);
    assertEquals("rejected", r.get("result").asText(), r::toString);
    assertEquals("SERVER_OWNED_FIELD", r.get("code").asText(), r::toString);
    TreeSet<String> named = fields("", r.get("errors"));
    assertTrue(named.contains("/changes/title") && named.contains("/changes/score"), r::toString);
    assertEquals(version, f.lead(lead).get("version").asLong(), "a refused update wrote");
    assertFalse(f.lead(lead).has("title") && f.lead(lead).get("title").asText().equals("42"));
  }

  @Test
  void aRuleTheLeadServiceChecksIsNamedUnderChangesToo() {
    Map<String, Object> changes = Map.of("lastName", "Nowhere", "eventId", "no-such-event");
    Api.Response rest = f.api().post("/v1/leads", with(changes, "id", UUID.randomUUID().toString()),
        f.rep1().accessToken());
    assertEquals(400, rest.status(), rest::toString);
    String id = UUID.randomUUID().toString();
    JsonNode r = f.push(f.rep1(), "d-valid", List.of(mutation("e-" + id, "lead", id, "create", null, changes)))
        .json().get("results").get(0);
    assertEquals("rejected", r.get("result").asText(), r::toString);
    assertEquals(fields("/changes", rest.json().get("errors")), fields("", r.get("errors")), r::toString);
    assertTrue(fields("", r.get("errors")).contains("/changes/eventId"), r::toString);
  }

  private static Map<String, Object> with(Map<String, Object> changes, String key, Object value) {
    Map<String, Object> out = new HashMap<>(changes);
    out.put(key, value);
    return out;
  }

  private static TreeSet<String> fields(String prefix, JsonNode errors) {
    List<String> out = new ArrayList<>();
    errors.forEach(e -> out.add(prefix + (e.get("field").asText().equals("/") ? "" : e.get("field").asText())));
    return new TreeSet<>(out);
  }
}
