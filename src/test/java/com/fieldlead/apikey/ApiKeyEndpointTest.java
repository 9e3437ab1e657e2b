package com.fieldlead.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.StoreScan;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API keys: scopes per operation, revocation, the secret shown once, attribution in history, isolation, rates. */
class ApiKeyEndpointTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static TestServer server;
  private static Api api;
  private static Session admin;

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Keys Co");
  }

  private static Api.Response createLead(String secret, String lastName) {
    return api.post(
        "/v1/leads",
        Map.of("id", UUID.randomUUID().toString(), "firstName", "Key", "lastName", lastName),
        secret);
  }

  @Test
  void aKeyWithLeadsWriteCreatesALeadAndHistoryNamesTheKeyAsTheWritersDevice() {
    JsonNode created = ApiKeyHarness.create(api, admin, List.of("leads:read", "leads:write"), null);
    String secret = created.path("secret").asText();
    String keyId = created.path("key").path("id").asText();
    Api.Response lead = createLead(secret, "Written");
    assertEquals(201, lead.status(), lead::toString);
    String leadId = lead.json().path("id").asText();

    Api.Response history = api.get("/v1/leads/" + leadId + "/history", secret);
    assertEquals(200, history.status(), history::toString);
    JsonNode entry = history.json().path("items").get(0);
    assertEquals("apikey:" + keyId, entry.path("device").asText(), entry::toString);
    assertEquals(admin.userId(), entry.path("by").asText(), "acts as the admin who created it");
  }

  @Test
  void anOperationOutsideTheKeysScopesIs403AndChangesNothing() {
    String reader = ApiKeyHarness.secret(api, admin, "leads:read");
    Api.Response write = createLead(reader, "Refused");
    assertEquals(403, write.status(), write::toString);
    assertEquals("FORBIDDEN", write.code());
    assertTrue(write.json().path("detail").asText().contains("leads:write"), write::toString);
    assertEquals(200, api.get("/v1/leads", reader).status(), "its own scope works");

    Api.Response users = api.get("/v1/users", reader);
    assertEquals(403, users.status(), "operations no scope opens are closed to keys");
    String all = ApiKeyHarness.secret(
        api, admin, "leads:read", "leads:write", "webhooks:manage", "audit:read");
    Api.Response keys = api.post(
        "/v1/api-keys",
        Map.of(
            "name",
            "escalate",
            "scopes",
            List.of("leads:read"),
            "expiresAt",
            "2027-01-01T00:00:00Z"),
        all);
    assertEquals(403, keys.status(), "a key never makes keys");
    assertEquals(403, api.post("/v1/sync/pull", Map.of(), all).status(), "nor syncs");
    assertEquals(200, api.get("/v1/webhooks", all).status(), "webhooks:manage opens webhooks");
  }

  @Test
  void aRevokedKeyIs401OnItsVeryNextRequestAndRevokingIsAudited() {
    JsonNode created = ApiKeyHarness.create(api, admin, List.of("leads:read"), null);
    String secret = created.path("secret").asText();
    String keyId = created.path("key").path("id").asText();
    assertEquals(200, api.get("/v1/leads", secret).status());
    Api.Response revoked =
        api.post("/v1/api-keys/" + keyId + "/revoke", Map.of(), admin.accessToken());
    assertEquals(200, revoked.status(), revoked::toString);
    assertTrue(revoked.json().has("revokedAt"));

    Api.Response after = api.get("/v1/leads", secret);
    assertEquals(401, after.status(), after::toString);
    assertEquals("SESSION_REVOKED", after.code());
    assertNotNull(after.header("WWW-Authenticate"));

    Api.Response audit = api.get("/v1/audit?targetId=" + keyId, admin.accessToken());
    assertEquals(200, audit.status(), audit::toString);
    List<String> actions = new ArrayList<>();
    audit.json().path("items").forEach(e -> actions.add(e.path("action").asText()));
    assertEquals(List.of("apikey.revoked", "apikey.created"), actions);
    assertEquals(
        admin.userId(), audit.json().path("items").get(0).path("actorUserId").asText());
  }

  @Test
  void aForgedOrMangledSecretIs401() {
    String secret = ApiKeyHarness.secret(api, admin, "leads:read");
    String forged = secret.substring(0, secret.length() - 4) + "AAAA";
    Api.Response r = api.get("/v1/leads", forged);
    assertEquals(401, r.status(), r::toString);
    assertEquals("TOKEN_INVALID", r.code());
    assertEquals(401, api.get("/v1/leads", "flk_nothing").status());
  }

  @Test
  void theSecretIsAnsweredOnceAndStoredNowhere() throws Exception {
    JsonNode created = ApiKeyHarness.create(api, admin, List.of("leads:read"), null);
    String secret = created.path("secret").asText();
    String keyId = created.path("key").path("id").asText();
    assertTrue(secret.startsWith("flk_" + keyId + "_"), secret);
    Api.Response one = api.get("/v1/api-keys/" + keyId, admin.accessToken());
    Api.Response list = api.get("/v1/api-keys", admin.accessToken());
    assertEquals(200, one.status());
    // after the prefix and id: base64url has '_' too, so the last '_' may cut a tail short enough
    // to appear in the answer by chance
    String random = secret.substring(("flk_" + keyId + "_").length());
    assertFalse(one.text().contains(random), one::toString);
    assertFalse(list.text().contains(random), list::toString);
    assertTrue(one.json().path("hint").asText().startsWith("flk_"));

    assertTrue(StoreScan.collections(server) > 10);
    assertEquals(List.of(), StoreScan.find(server, random), "the secret is stored nowhere");
  }

  @Test
  void anotherTenantsKeySeesNoneOfThisTenantsLeadsAndItsAdminCannotReadOrRevokeTheKey() {
    Session other = AuthFixtures.tenantWithAdmin(server, "Other Co");
    String mine = ApiKeyHarness.secret(api, admin, "leads:read", "leads:write");
    Api.Response lead = createLead(mine, "Mine");
    String leadId = lead.json().path("id").asText();
    JsonNode theirs = ApiKeyHarness.create(api, other, List.of("leads:read"), null);
    String theirSecret = theirs.path("secret").asText();
    assertEquals(404, api.get("/v1/leads/" + leadId, theirSecret).status());
    assertEquals(0, api.get("/v1/leads", theirSecret).json().path("items").size());
    String theirKeyId = theirs.path("key").path("id").asText();
    assertEquals(404, api.get("/v1/api-keys/" + theirKeyId, admin.accessToken()).status());
    assertEquals(
        404,
        api.post("/v1/api-keys/" + theirKeyId + "/revoke", Map.of(), admin.accessToken())
            .status());
    assertEquals(200, api.get("/v1/leads", theirSecret).status(), "still works");
    Api.Response audit = api.get("/v1/audit", other.accessToken());
    audit
        .json()
        .path("items")
        .forEach(e -> assertEquals(other.userId(), e.path("actorUserId").asText()));
  }

  @Test
  void aKeyPastItsRatePerMinuteGets429WithRetryAfter() {
    String secret = ApiKeyHarness.create(api, admin, List.of("leads:read"), 3)
        .path("secret")
        .asText();
    for (int i = 0; i < 3; i++) {
      assertEquals(200, api.get("/v1/leads", secret).status());
    }
    Api.Response refused = api.get("/v1/leads", secret);
    // the window may have turned between the requests: then the fourth is the new window's first
    if (refused.status() != 200) {
      assertEquals(429, refused.status(), refused::toString);
      assertEquals("TOO_MANY_REQUESTS", refused.code());
      assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
    } else {
      for (int i = 0; i < 3; i++) {
        api.get("/v1/leads", secret);
      }
      assertEquals(429, api.get("/v1/leads", secret).status());
    }
  }

  @Test
  void badInputIs400NamingTheFieldAndCreatesNoKey() {
    int before =
        api.get("/v1/api-keys", admin.accessToken()).json().path("items").size();
    Api.Response past = api.post(
        "/v1/api-keys",
        Map.of("name", "old", "scopes", List.of("leads:read"), "expiresAt", "2020-01-01T00:00:00Z"),
        admin.accessToken());
    assertEquals(400, past.status(), past::toString);
    assertEquals("/expiresAt", past.json().path("errors").get(0).path("field").asText());
    Api.Response scope = api.post(
        "/v1/api-keys",
        Map.of(
            "name",
            "x",
            "scopes",
            List.of("users:admin"),
            "expiresAt",
            Instant.now().plusSeconds(3600).toString()),
        admin.accessToken());
    assertEquals(400, scope.status(), scope::toString);
    assertEquals(
        before,
        api.get("/v1/api-keys", admin.accessToken()).json().path("items").size());
  }

  @Test
  void aRepCannotManageKeysNorReadTheAuditLog() {
    Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(403, api.get("/v1/api-keys", rep.accessToken()).status());
    assertEquals(403, api.get("/v1/audit", rep.accessToken()).status());
  }

  @Test
  void everyOperationAScopeOpensIsInTheContract() throws Exception {
    String spec = Files.readString(Path.of("api-spec/openapi.yaml"));
    for (String op : ApiScopes.operations()) {
      assertTrue(spec.contains("operationId: " + op + "\n"), op + " is not in the contract");
    }
  }
}
