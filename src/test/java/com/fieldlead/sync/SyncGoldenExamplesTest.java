package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.json.Json;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays the golden payloads of mobile-contract/examples against the running server, from a phone's session (bound to
 * a registered device), and checks every answer against the contract's JSON Schemas.
 */
class SyncGoldenExamplesTest {

  private static final Path CONTRACT = Path.of("mobile-contract");
  static TestServer server;
  static Api api;
  static String phone;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    SyncFixture f = SyncFixture.create(server, "Golden");
    String device = AuthFixtures.device(api, f.rep1());
    Api.Response login = api.post(
        "/v1/auth/login",
        Map.of("email", f.rep1().email(), "password", AuthFixtures.PASSWORD, "deviceId", device),
        null);
    assertEquals(200, login.status(), login::toString);
    phone = login.json().get("accessToken").asText();
    f.leadOwnedBy(f.rep1());
  }

  @Test
  void theFirstSyncExampleAnswersAPageValidAgainstThePullResponseSchema() throws IOException {
    Api.Response r = api.post("/v1/sync/pull", example("pull-request.first-sync"), phone);
    assertEquals(200, r.status(), r::toString);
    assertValid("pull-response", r.text());
    assertEquals("delta", r.json().get("mode").asText());
    assertTrue(r.json().get("changes").size() >= 1, r::toString);
  }

  @Test
  void theResumeExamplesMadeUpCheckpointIsRefusedWithAValidSyncProblem() throws IOException {
    Api.Response r = api.post("/v1/sync/pull", example("pull-request.resume"), phone);
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.code().startsWith("CHECKPOINT_"), r::toString);
    assertValid("sync-problem", r.text());
  }

  @Test
  void thePushExampleGetsOneValidResultPerMutationAndItsReplayOnlyDuplicates() throws IOException {
    JsonNode request = example("push-request");
    Api.Response r = api.post("/v1/sync/push", request, phone);
    assertEquals(200, r.status(), r::toString);
    assertValid("push-response", r.text());
    JsonNode results = r.json().get("results");
    assertEquals(request.get("mutations").size(), results.size());
    for (int i = 0; i < results.size(); i++) {
      assertEquals(
          request.get("mutations").get(i).get("clientMutationId").asText(),
          results.get(i).get("clientMutationId").asText());
    }
    Api.Response replay = api.post("/v1/sync/push", request, phone);
    assertValid("push-response", replay.text());
    replay
        .json()
        .get("results")
        .forEach(x -> assertEquals("duplicate", x.get("result").asText(), replay::toString));
  }

  @Test
  void theVersionTwoFirstSyncExampleAnswersAVersionTwoPageValidAgainstThePullResponseSchema()
      throws IOException {
    Api.Response r = api.post("/v1/sync/pull", example("pull-request.v2"), phone);
    assertEquals(200, r.status(), r::toString);
    assertValid("pull-response", r.text());
    assertEquals(2, r.json().get("protocolVersion").asInt(), r::toString);
    assertTrue(r.json().get("changes").size() >= 1, r::toString);
  }

  @Test
  void theVersionTwoPushExampleIsAnsweredInVersionTwoAndItsReplayRepeatsEachResultFlaggedReplayed()
      throws IOException {
    JsonNode request = example("push-request.v2");
    Api.Response r = api.post("/v1/sync/push", request, phone);
    assertEquals(200, r.status(), r::toString);
    assertValid("push-response", r.text());
    assertEquals(2, r.json().get("protocolVersion").asInt());
    JsonNode first = r.json().get("results");
    assertEquals("applied", first.get(0).get("result").asText(), r::toString);

    Api.Response replay = api.post("/v1/sync/push", request, phone);

    assertEquals(200, replay.status(), replay::toString);
    assertValid("push-response", replay.text());
    JsonNode again = replay.json().get("results");
    assertEquals(first.size(), again.size());
    for (int i = 0; i < first.size(); i++) {
      JsonNode x = again.get(i);
      assertEquals(first.get(i).get("result"), x.get("result"), replay::toString);
      assertEquals(first.get(i).get("version"), x.get("version"), replay::toString);
      assertTrue(x.get("replayed").asBoolean(), replay::toString);
      assertFalse(x.has("original"), replay::toString);
    }
    for (JsonNode x : first) {
      assertFalse(x.has("replayed"), "a first answer is not a replay: " + r);
    }
  }

  @Test
  void theProtocolVersionExampleIsWhatAnOutdatedAppGets() throws IOException {
    JsonNode golden = example("sync-problem.protocol-version");
    ObjectNode old = (ObjectNode) example("pull-request.first-sync");
    old.put("protocolVersion", 0);
    Api.Response r = api.post("/v1/sync/pull", old, phone);
    assertEquals(golden.get("status").asInt(), r.status(), r::toString);
    assertValid("sync-problem", r.text());
    for (String field :
        new String[] {"type", "title", "code", "detail", "minProtocolVersion", "maxProtocolVersion"
        }) {
      assertEquals(golden.get(field), r.json().get(field), field);
    }
  }

  private static JsonNode example(String name) throws IOException {
    return Json.MAPPER.readTree(Files.readString(CONTRACT.resolve("examples/" + name + ".json")));
  }

  static void assertValid(String schemaName, String body) throws IOException {
    JsonObject schema = new JsonObject(
        Files.readString(CONTRACT.resolve("schemas/" + schemaName + ".schema.json")));
    OutputUnit result = Validator.create(
            JsonSchema.of(schema),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("https://fieldlead.dev/sync/v1/"))
        .validate(new JsonObject(body));
    assertTrue(result.getValid(), () -> schemaName + ": " + result.getErrors() + " in " + body);
  }
}
