package com.fieldlead.externalid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.apikey.ApiKeyHarness;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PUT /v1/leads/by-external-id/{system}/{id}: idempotent, through the lead service, searchable, synced. */
class ExternalIdUpsertTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static TestServer server;
  private static Api api;
  private static Session admin;
  private static String key;

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Upsert Co");
    key = ApiKeyHarness.secret(api, admin, "leads:read", "leads:write");
  }

  private static Map<String, Object> body(String email) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("firstName", "Ana");
    b.put("lastName", "Souza");
    b.put("email", email);
    b.put("company", "Northwind");
    return b;
  }

  private static String path(String system, String id) {
    return "/v1/leads/by-external-id/" + system + "/" + id;
  }

  @Test
  void theSameBodyTwiceMakesOneLeadCreatedThenUnchanged() {
    String ext = "00Q" + UUID.randomUUID().toString().substring(0, 8);
    String email = "ana." + ext + "@northwind.example";
    Api.Response first = api.put(path("salesforce", ext), body(email), key);
    assertEquals(201, first.status(), first::toString);
    assertEquals("created", first.json().path("result").asText());
    JsonNode lead = first.json().path("lead");
    assertEquals(ext, lead.path("externalIds").path("salesforce").asText());
    assertTrue(lead.has("score"), "scored like any capture");
    assertTrue(first.header("Location").endsWith(lead.path("id").asText()));

    Api.Response second = api.put(path("salesforce", ext), body(email), key);
    assertEquals(200, second.status(), second::toString);
    assertEquals("unchanged", second.json().path("result").asText());
    assertEquals(lead.path("id").asText(), second.json().path("lead").path("id").asText());
    assertEquals(
        lead.path("version").asLong(),
        second.json().path("lead").path("version").asLong());

    Api.Response listed = api.get("/v1/leads?q=" + email, admin.accessToken());
    assertEquals(1, listed.json().path("items").size(), listed::toString);
    Api.Response history = api.get("/v1/leads/" + lead.path("id").asText() + "/history", key);
    assertEquals(1, history.json().path("items").size(), "no entry for the unchanged upsert");
  }

  @Test
  void aChangedBodyUpdatesTheLeadAndKeepsWhatItLeavesOut() {
    String ext = "hs-" + UUID.randomUUID();
    String email = "b." + UUID.randomUUID() + "@example.test";
    Map<String, Object> b = body(email);
    b.put("title", "CTO");
    Api.Response created = api.put(path("hubspot", ext), b, key);
    assertEquals(201, created.status(), created::toString);
    long version = created.json().path("lead").path("version").asLong();

    Api.Response updated = api.put(path("hubspot", ext), Map.of("company", "Contoso"), key);
    assertEquals(200, updated.status(), updated::toString);
    assertEquals("updated", updated.json().path("result").asText());
    JsonNode lead = updated.json().path("lead");
    assertEquals("Contoso", lead.path("company").asText());
    assertEquals("CTO", lead.path("title").asText(), "kept");
    assertEquals(ext, lead.path("externalIds").path("hubspot").asText());
    assertEquals(version + 1, lead.path("version").asLong());

    Api.Response got = api.get(path("hubspot", ext), admin.accessToken());
    assertEquals(200, got.status());
    assertEquals(lead.path("id").asText(), got.json().path("id").asText());
  }

  @Test
  void aSecondSystemsIdIsAddedBesideTheFirstAndBothFindTheLead() {
    String sf = "sf-" + UUID.randomUUID();
    String hs = "hs-" + UUID.randomUUID();
    Api.Response created = api.put(path("salesforce", sf), body("c." + sf + "@x.test"), key);
    String id = created.json().path("lead").path("id").asText();
    Api.Response both =
        api.put(path("salesforce", sf), Map.of("externalIds", Map.of("hubspot", hs)), key);
    assertEquals("updated", both.json().path("result").asText(), both::toString);
    assertEquals(id, api.get(path("hubspot", hs), key).json().path("id").asText());
    assertEquals(id, api.get(path("salesforce", sf), key).json().path("id").asText());
  }

  @Test
  void aBodyNamingAnotherIdForThePathsSystemIs400AndStoresNothing() {
    String ext = "x-" + UUID.randomUUID();
    Map<String, Object> b = body("d@x.test");
    b.put("externalIds", Map.of("salesforce", "something-else"));
    Api.Response r = api.put(path("salesforce", ext), b, key);
    assertEquals(400, r.status(), r::toString);
    assertEquals(
        "/externalIds/salesforce", r.json().path("errors").get(0).path("field").asText());
    assertEquals(404, api.get(path("salesforce", ext), key).status());
    Api.Response badSystem = api.put(path("Sales%20Force", ext), body("e@x.test"), key);
    assertEquals(400, badSystem.status(), badSystem::toString);
  }

  @Test
  void aDuplicateByEmailIsReportedAndInvalidFieldsAreRefusedAsOnCreate() {
    String email = "dup." + UUID.randomUUID() + "@example.test";
    assertEquals(201, api.post("/v1/leads", body(email), admin.accessToken()).status());
    Api.Response r = api.put(path("hubspot", "dup-" + UUID.randomUUID()), body(email), key);
    assertEquals(201, r.status(), r::toString);
    assertEquals(
        "email", r.json().path("possibleDuplicates").get(0).path("reason").asText());

    Map<String, Object> bad = body("f@x.test");
    bad.put("score", 99);
    assertEquals(400, api.put(path("hubspot", "bad-1"), bad, key).status());
  }

  @Test
  void anotherTenantNeitherFindsNorUpdatesTheLeadByItsExternalId() {
    String ext = "iso-" + UUID.randomUUID();
    Api.Response mine = api.put(path("salesforce", ext), body("g@x.test"), key);
    Session other = AuthFixtures.tenantWithAdmin(server, "Other Upsert Co");
    assertEquals(404, api.get(path("salesforce", ext), other.accessToken()).status());
    Api.Response theirs = api.put(path("salesforce", ext), body("h@x.test"), other.accessToken());
    assertEquals(201, theirs.status(), "their own lead");
    assertFalse(mine.json()
        .path("lead")
        .path("id")
        .asText()
        .equals(theirs.json().path("lead").path("id").asText()));
    assertEquals(
        "g@x.test",
        api.get(path("salesforce", ext), key).json().path("email").asText(),
        "mine untouched");
  }

  @Test
  void aPhonePullsTheLeadWithItsExternalIds() {
    String ext = "pull-" + UUID.randomUUID();
    Api.Response created = api.put(path("salesforce", ext), body("i@x.test"), admin.accessToken());
    String id = created.json().path("lead").path("id").asText();
    Api.Response pull = api.post(
        "/v1/sync/pull",
        Map.of("protocolVersion", 1, "limit", 500, "deviceId", "laptop-1"),
        admin.accessToken());
    assertEquals(200, pull.status(), pull::toString);
    JsonNode state = null;
    for (JsonNode c : pull.json().path("changes")) {
      if (c.path("entityId").asText().equals(id)) {
        state = c.path("state");
      }
    }
    assertTrue(state != null, "the lead is in the pull");
    assertEquals(ext, state.path("externalIds").path("salesforce").asText(), state::toString);
  }

  @Test
  void theLeadListFindsALeadByItsExternalIdWithinTheCallersVisibilityAndTenant() {
    Session rep = AuthFixtures.user(api, admin, "rep");
    Session otherRep = AuthFixtures.user(api, admin, "rep");
    String ext = "list-" + UUID.randomUUID();
    Map<String, Object> b = body("list." + ext + "@x.test");
    b.put("ownerId", rep.userId());
    String id =
        api.put(path("hubspot", ext), b, key).json().path("lead").path("id").asText();
    Map<String, Object> near = body("near." + ext + "@x.test");
    near.put("ownerId", rep.userId());
    api.put(path("hubspot", ext + "-2"), near, key); // a longer id with the same beginning
    api.put(path("salesforce", ext), body("sf." + ext + "@x.test"), key); // same id, other system

    for (String token : List.of(admin.accessToken(), rep.accessToken(), key)) {
      Api.Response r = api.get("/v1/leads?externalId=hubspot:" + ext, token);
      assertEquals(200, r.status(), r::toString);
      assertEquals(1, r.json().path("items").size(), r::toString);
      assertEquals(id, r.json().path("items").get(0).path("id").asText());
    }
    Api.Response notTheirs = api.get("/v1/leads?externalId=hubspot:" + ext, otherRep.accessToken());
    assertEquals(
        0, notTheirs.json().path("items").size(), "a rep who may not see it: " + notTheirs);
    Api.Response combined =
        api.get("/v1/leads?externalId=hubspot:" + ext + "&status=lost", admin.accessToken());
    assertEquals(0, combined.json().path("items").size(), "filters combine: " + combined);
    Api.Response counted =
        api.get("/v1/leads?externalId=hubspot:" + ext + "&total=true", admin.accessToken());
    assertEquals(1, counted.json().path("total").asLong(), counted::toString);

    Session other = AuthFixtures.tenantWithAdmin(server, "Other List Co");
    Api.Response foreign = api.get("/v1/leads?externalId=hubspot:" + ext, other.accessToken());
    assertEquals(0, foreign.json().path("items").size(), "another tenant: " + foreign);

    Api.Response noSystem = api.get("/v1/leads?externalId=" + ext, admin.accessToken());
    assertEquals(400, noSystem.status(), noSystem::toString);
    assertEquals(
        "query.externalId", noSystem.json().path("errors").get(0).path("field").asText());
  }
}
