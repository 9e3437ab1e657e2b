package com.fieldlead.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admin actions of users, roles, webhooks and rules land in the audit log, successes only, without personal data. */
class AdminOperationsAuditTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(
          ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_HTTP, "true",
          ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_PRIVATE_ADDRESSES, "true"),
      Clock.systemUTC());

  private static TestServer server;
  private static Api api;
  private static Session admin;

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Audit Co");
  }

  /**
   * The entry with {@code action} on {@code targetId}: recorded as the answer is written, so it is read again until it
   * shows (bounded; each try is a request).
   */
  private static JsonNode entry(String action, String targetId) {
    for (int i = 0; i < 200; i++) {
      Api.Response r = api.get(
          "/v1/audit?action=" + action + (targetId == null ? "" : "&targetId=" + targetId),
          admin.accessToken());
      assertEquals(200, r.status(), r::toString);
      if (r.json().path("items").size() > 0) {
        return r.json().path("items").get(0);
      }
    }
    throw new AssertionError("no audit entry " + action + " for " + targetId);
  }

  @Test
  void creatingAUserAndChangingTheirRoleAreRecordedWithTheActorTheTargetAndTheNewRole() {
    Session rep = AuthFixtures.user(api, admin, "rep");
    JsonNode created = entry("user.created", rep.userId());
    assertEquals(admin.userId(), created.path("actorUserId").asText());
    assertEquals("user", created.path("targetType").asText());
    assertFalse(created.toString().contains(rep.email()), "no email in the log: " + created);

    Api.Response promoted = api.patch(
        "/v1/users/" + rep.userId(), Map.of("role", "manager"), admin.accessToken(), Map.of());
    assertEquals(200, promoted.status(), promoted::toString);
    JsonNode updated = entry("user.updated", rep.userId());
    assertEquals("manager", updated.path("details").path("role").asText(), updated::toString);
    assertEquals("role", updated.path("details").path("fields").get(0).asText(), updated::toString);
  }

  @Test
  void rulesAndWebhookChangesAreRecordedAndARefusedChangeIsNot() {
    Api.Response sla = api.put(
        "/v1/sla/policy",
        Map.of(
            "contactTypes",
            List.of("call"),
            "rules",
            List.of(Map.of("id", "any", "withinMinutes", 120, "clock", "wall"))),
        admin.accessToken());
    assertEquals(200, sla.status(), sla::toString);
    JsonNode rules = entry("rules.sla_updated", null);
    assertEquals("putSlaPolicy", rules.path("details").path("operation").asText());

    Api.Response hook = api.post(
        "/v1/webhooks",
        Map.of("url", "http://127.0.0.1:9/fieldlead", "events", List.of("lead.hot")),
        admin.accessToken());
    assertEquals(201, hook.status(), hook::toString);
    String hookId = hook.json().path("subscription").path("id").asText();
    JsonNode subscribed = entry("webhook.created", hookId);
    assertFalse(subscribed.toString().contains("whsec_"), "no secret in the log");
    assertEquals(204, api.delete("/v1/webhooks/" + hookId, admin.accessToken()).status());
    entry("webhook.deleted", hookId);

    Api.Response refused = api.put(
        "/v1/sla/policy",
        Map.of("contactTypes", List.of(), "rules", List.of()),
        admin.accessToken());
    assertEquals(400, refused.status(), refused::toString);
    Api.Response all = api.get("/v1/audit?action=rules.sla_updated", admin.accessToken());
    assertEquals(1, all.json().path("items").size(), "only the accepted change: " + all);
    Session other = AuthFixtures.tenantWithAdmin(server, "Other Audit Co");
    Api.Response foreign = api.get("/v1/audit?action=webhook.created", other.accessToken());
    assertTrue(foreign.json().path("items").isEmpty(), "another tenant sees none of it");
  }
}
