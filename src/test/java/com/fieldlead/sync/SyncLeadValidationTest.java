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

/**
 * A pushed create or update (lead, activity, task) is validated by the API's own validation of the same change, and
 * every bad field is named.
 */
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
    for (Map<String, Object> changes : List.<Map<String, Object>>of(
        Map.of("firstName", 12345, "lastName", "Num"),
        Map.of("lastName", true, "company", "Bool"))) {
      String id = UUID.randomUUID().toString();
      Api.Response rest = f.api()
          .post(
              "/v1/leads",
              with(changes, "id", UUID.randomUUID().toString()),
              f.rep1().accessToken());
      assertEquals(400, rest.status(), rest::toString);
      JsonNode r = f.push(
              f.rep1(),
              "d-valid",
              List.of(mutation("v-" + id, "lead", id, "create", null, changes)))
          .json()
          .get("results")
          .get(0);
      assertEquals("rejected", r.get("result").asText(), r::toString);
      assertEquals("VALIDATION_FAILED", r.get("code").asText(), r::toString);
      assertEquals(
          fields("/changes", rest.json().get("errors")), fields("", r.get("errors")), r::toString);
      assertEquals(
          404,
          f.api().get("/v1/leads/" + id, f.admin().accessToken()).status(),
          "a refused create stored");
    }
  }

  @Test
  void aRejectedCreateNamesEveryBadFieldAsTheApiDoesUnderChanges() {
    Map<String, Object> changes =
        Map.of("firstName", 12345, "favouriteColour", "teal", "email", "nope", "lastName", "Many");
    Api.Response rest = f.api()
        .post(
            "/v1/leads",
            with(changes, "id", UUID.randomUUID().toString()),
            f.rep1().accessToken());
    assertEquals(400, rest.status(), rest::toString);
    String id = UUID.randomUUID().toString();
    Api.Response push = f.push(
        f.rep1(), "d-valid", List.of(mutation("many-" + id, "lead", id, "create", null, changes)));
    JsonNode r = push.json().get("results").get(0);
    assertEquals("rejected", r.get("result").asText(), push::toString);
    TreeSet<String> named = fields("", r.get("errors"));
    assertEquals(fields("/changes", rest.json().get("errors")), named, push::toString);
    // one error per field, the one that says what is wrong with it
    Map<String, String> byField = new HashMap<>();
    r.get("errors")
        .forEach(e -> assertEquals(
            null, byField.put(e.get("field").asText(), e.get("code").asText()), push::toString));
    assertEquals(
        Map.of(
            "/changes/firstName",
            "type",
            "/changes/email",
            "format",
            "/changes/favouriteColour",
            "additionalProperties"),
        byField,
        push::toString);
  }

  @Test
  void aPushedUpdateWithAWrongTypeIsRejectedAsPatchRejectsItWithServerOwnedFieldsNamedToo() {
    String lead = f.leadOwnedBy(f.rep1());
    long version = f.lead(lead).get("version").asLong();
    Api.Response rest = f.api()
        .patch(
            "/v1/leads/" + lead,
            Map.of("title", 42),
            f.rep1().accessToken(),
            Map.of("If-Match", "\"" + version + "\""));
    assertEquals(400, rest.status(), rest::toString);
    JsonNode r = f.push(
            f.rep1(),
            "d-valid",
            List.of(mutation(
                "u-" + lead, "lead", lead, "update", version, Map.of("title", 42, "score", 99))))
        .json()
        .get("results")
        .get(0);
    assertEquals("rejected", r.get("result").asText(), r::toString);
    assertEquals("SERVER_OWNED_FIELD", r.get("code").asText(), r::toString);
    TreeSet<String> named = fields("", r.get("errors"));
    assertTrue(named.contains("/changes/title") && named.contains("/changes/score"), r::toString);
    assertEquals(version, f.lead(lead).get("version").asLong(), "a refused update wrote");
    assertFalse(f.lead(lead).has("title") && f.lead(lead).get("title").asText().equals("42"));
  }

  @Test
  void anUpdateOfServerOwnedFieldsOnlyNamesThoseFieldsAndNothingElse() {
    String lead = f.leadOwnedBy(f.rep1());
    long version = f.lead(lead).get("version").asLong();
    JsonNode r = f.push(
            f.rep1(),
            "d-valid",
            List.of(mutation("so-" + lead, "lead", lead, "update", version, Map.of("score", 99))))
        .json()
        .get("results")
        .get(0);
    assertEquals("rejected", r.get("result").asText(), r::toString);
    assertEquals("SERVER_OWNED_FIELD", r.get("code").asText(), r::toString);
    assertEquals(
        new TreeSet<>(List.of("/changes/score")), fields("", r.get("errors")), r::toString);
  }

  @Test
  void aRuleTheLeadServiceChecksIsNamedUnderChangesToo() {
    Map<String, Object> changes = Map.of("lastName", "Nowhere", "eventId", "no-such-event");
    Api.Response rest = f.api()
        .post(
            "/v1/leads",
            with(changes, "id", UUID.randomUUID().toString()),
            f.rep1().accessToken());
    assertEquals(400, rest.status(), rest::toString);
    String id = UUID.randomUUID().toString();
    JsonNode r = f.push(
            f.rep1(), "d-valid", List.of(mutation("e-" + id, "lead", id, "create", null, changes)))
        .json()
        .get("results")
        .get(0);
    assertEquals("rejected", r.get("result").asText(), r::toString);
    assertEquals(
        fields("/changes", rest.json().get("errors")), fields("", r.get("errors")), r::toString);
    assertTrue(fields("", r.get("errors")).contains("/changes/eventId"), r::toString);
  }

  @Test
  void aPushedActivityWithWrongTypesIsRejectedAsTheActivityApiRejectsItAndNothingIsStored() {
    String lead = f.leadOwnedBy(f.rep1());
    Map<String, Object> body = Map.of(
        "type",
        "call",
        "call",
        Map.of("direction", "outbound", "durationSeconds", "long"),
        "mood",
        "happy");
    Api.Response rest =
        f.api().post("/v1/leads/" + lead + "/activities", body, f.rep1().accessToken());
    assertEquals(400, rest.status(), rest::toString);
    String id = UUID.randomUUID().toString();
    JsonNode r = f.push(
            f.rep1(),
            "d-valid",
            List.of(
                mutation("a-" + id, "activity", id, "create", null, with(body, "leadId", lead))))
        .json()
        .get("results")
        .get(0);
    assertEquals("rejected", r.get("result").asText(), r::toString);
    assertEquals("VALIDATION_FAILED", r.get("code").asText(), r::toString);
    TreeSet<String> named = fields("", r.get("errors"));
    assertEquals(fields("/changes", rest.json().get("errors")), named, r::toString);
    assertTrue(
        named.contains("/changes/call/durationSeconds") && named.contains("/changes/mood"),
        r::toString);
    JsonNode listed = f.api()
        .get("/v1/leads/" + lead + "/activities", f.rep1().accessToken())
        .json()
        .get("items");
    listed.forEach(
        a -> assertFalse(a.get("id").asText().equals(id), "a refused activity was stored"));
  }

  @Test
  void aPushedTaskCreateOrUpdateWithWrongTypesIsRejectedAsTheTaskApiRejectsIt() {
    String lead = f.leadOwnedBy(f.rep1());
    Map<String, Object> body = Map.of(
        "title",
        42,
        "dueAt",
        "2030-01-01T09:00:00Z",
        "leadId",
        lead,
        "priority",
        "whenever",
        "timeZone",
        "Europe/Berlin");
    Api.Response rest = f.api().post("/v1/tasks", body, f.rep1().accessToken());
    assertEquals(400, rest.status(), rest::toString);
    String id = UUID.randomUUID().toString();
    JsonNode r = f.push(
            f.rep1(), "d-valid", List.of(mutation("t-" + id, "task", id, "create", null, body)))
        .json()
        .get("results")
        .get(0);
    assertEquals("rejected", r.get("result").asText(), r::toString);
    assertEquals(
        fields("/changes", rest.json().get("errors")), fields("", r.get("errors")), r::toString);
    assertEquals(
        404,
        f.api().get("/v1/tasks/" + id, f.rep1().accessToken()).status(),
        "a refused task was stored");

    // a valid task, then an update with a wrong type: refused as PATCH /v1/tasks/{id} refuses it
    JsonNode made = f.push(
            f.rep1(),
            "d-valid",
            List.of(mutation(
                "t-ok-" + id,
                "task",
                id,
                "create",
                null,
                Map.of(
                    "title",
                    "Call back",
                    "dueAt",
                    "2030-01-01T09:00:00Z",
                    "leadId",
                    lead,
                    "timeZone",
                    "Europe/Berlin"))))
        .json()
        .get("results")
        .get(0);
    assertEquals("applied", made.get("result").asText(), made::toString);
    long version = made.get("version").asLong();
    Api.Response patch = f.api()
        .patch(
            "/v1/tasks/" + id,
            Map.of("urgent", "yes"),
            f.rep1().accessToken(),
            Map.of("If-Match", "\"" + version + "\""));
    assertEquals(400, patch.status(), patch::toString);
    JsonNode u = f.push(
            f.rep1(),
            "d-valid",
            List.of(mutation("t-up-" + id, "task", id, "update", version, Map.of("urgent", "yes"))))
        .json()
        .get("results")
        .get(0);
    assertEquals("rejected", u.get("result").asText(), u::toString);
    assertEquals(
        fields("/changes", patch.json().get("errors")), fields("", u.get("errors")), u::toString);
    assertEquals(
        version,
        f.api()
            .get("/v1/tasks/" + id, f.rep1().accessToken())
            .json()
            .get("version")
            .asLong());
  }

  private static Map<String, Object> with(Map<String, Object> changes, String key, Object value) {
    Map<String, Object> out = new HashMap<>(changes);
    out.put(key, value);
    return out;
  }

  private static TreeSet<String> fields(String prefix, JsonNode errors) {
    List<String> out = new ArrayList<>();
    errors.forEach(e -> out.add(
        prefix + (e.get("field").asText().equals("/") ? "" : e.get("field").asText())));
    return new TreeSet<>(out);
  }
}
