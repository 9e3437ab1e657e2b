package com.fieldlead.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consent log, and the marketing opt-out as cadences and exports respect it. */
class ConsentTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static Api api;
  private static Session admin;
  private static Session rep;
  private static String cadenceId;

  private static final Map<String, Object> GRANTED = consent(true, "2026-11-02T10:00:00Z");
  private static final Map<String, Object> WITHDRAWN = consent(false, "2026-11-20T08:30:00Z");

  @BeforeAll
  static void start() {
    TestServer server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Consent Co");
    rep = AuthFixtures.user(api, admin, "rep");
    Api.Response cadence = api.post(
        "/v1/cadences",
        Map.of(
            "name",
            "Nurture",
            "steps",
            List.of(
                Map.of(
                    "dayOffset", 1, "localTime", "10:00", "action", "email", "title", "Brochure"),
                Map.of(
                    "dayOffset", 5, "localTime", "10:00", "action", "call", "title", "Follow up"))),
        admin.accessToken());
    assertEquals(201, cadence.status(), cadence::toString);
    cadenceId = cadence.json().path("id").asText();
  }

  private static Map<String, Object> consent(boolean granted, String at) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("purpose", "marketing");
    c.put("granted", granted);
    c.put("at", at);
    c.put("method", granted ? "badge_scan" : "email");
    c.put("textVersion", granted ? "expo-2026-v3" : "unsubscribe-v1");
    c.put("source", granted ? "booth:berlin" : "email-footer");
    c.put("address", granted ? "203.0.113.7" : "ana.consent@example.com");
    return c;
  }

  private static String lead(String lastName, List<Map<String, Object>> consents) {
    Api.Response r = api.post(
        "/v1/leads",
        Map.of(
            "lastName",
            lastName,
            "email",
            lastName.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 6)
                + "@example.com",
            "consents",
            consents),
        rep.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().path("id").asText();
  }

  private static Api.Response withdraw(String id) {
    Api.Response r = api.patch(
        "/v1/leads/" + id,
        Map.of("consents", List.of(GRANTED, WITHDRAWN)),
        rep.accessToken(),
        Map.of("If-Match", "\"1\""));
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.json().path("marketingOptOut").asBoolean(), r::toString);
    return r;
  }

  @Test
  void theConsentLogListsEachStatementWithTextVersionTimeSourceAndAddressNewestFirst() {
    String id = lead("Logged", List.of(GRANTED));
    withdraw(id);

    Api.Response log = api.get("/v1/privacy/consents?leadId=" + id, admin.accessToken());
    assertEquals(200, log.status(), log::toString);
    JsonNode items = log.json().path("items");
    assertEquals(2, items.size(), log::toString);
    JsonNode newest = items.get(0);
    assertEquals(id, newest.path("leadId").asText());
    assertFalse(newest.path("granted").asBoolean());
    assertEquals("2026-11-20T08:30:00Z", newest.path("at").asText());
    assertEquals("unsubscribe-v1", newest.path("textVersion").asText());
    assertEquals("email-footer", newest.path("source").asText());
    assertEquals("ana.consent@example.com", newest.path("address").asText());
    assertEquals("expo-2026-v3", items.get(1).path("textVersion").asText());
    assertEquals("203.0.113.7", items.get(1).path("address").asText());

    Api.Response withdrawals = api.get(
        "/v1/privacy/consents?purpose=marketing&granted=false&since=2026-11-20T00:00:00Z",
        admin.accessToken());
    assertEquals(200, withdrawals.status(), withdrawals::toString);
    assertTrue(withdrawals.json().path("items").size() >= 1);
    for (JsonNode e : withdrawals.json().path("items")) {
      assertFalse(e.path("granted").asBoolean(), e::toString);
    }
  }

  @Test
  void theConsentLogIsForAdminsOfTheTenantAndRefusesBadInput() {
    String id = lead("Private", List.of(GRANTED));
    assertEquals(
        403, api.get("/v1/privacy/consents?leadId=" + id, rep.accessToken()).status());
    Session other = AuthFixtures.tenantWithAdmin(SERVER.get(), "Other Consent Co");
    Api.Response foreign = api.get("/v1/privacy/consents?leadId=" + id, other.accessToken());
    assertEquals(200, foreign.status(), foreign::toString);
    assertEquals(0, foreign.json().path("items").size(), "another tenant sees none of it");
    Api.Response badLimit = api.get("/v1/privacy/consents?limit=0", admin.accessToken());
    assertEquals(400, badLimit.status(), badLimit::toString);
    assertTrue(
        badLimit.headers().getOrDefault("content-type", "").startsWith("application/problem+json"),
        badLimit::toString);
    Api.Response badPurpose = api.get("/v1/privacy/consents?purpose=spam", admin.accessToken());
    assertEquals(400, badPurpose.status(), badPurpose::toString);
  }

  @Test
  void aLeadThatOptedOutOfMarketingGetsNoCadenceAndItsRunningCadenceStops() {
    String running = lead("Nurtured", List.of(GRANTED));
    Api.Response applied = api.post(
        "/v1/leads/" + running + "/cadences",
        Map.of("cadenceId", cadenceId, "startDate", LocalDate.now().plusDays(1).toString()),
        rep.accessToken());
    assertEquals(201, applied.status(), applied::toString);

    withdraw(running);
    Api.Response progress = api.get("/v1/leads/" + running + "/cadences", rep.accessToken());
    assertEquals(200, progress.status(), progress::toString);
    JsonNode run = progress.json().path("items").get(0);
    assertEquals("stopped", run.path("status").asText(), run::toString);
    assertEquals("marketing opt-out", run.path("stopReason").asText(), run::toString);

    Api.Response again = api.post(
        "/v1/leads/" + running + "/cadences",
        Map.of("cadenceId", cadenceId, "startDate", LocalDate.now().plusDays(1).toString()),
        rep.accessToken());
    assertEquals(409, again.status(), again::toString);
    assertEquals("/leadId", again.json().path("errors").get(0).path("field").asText());
  }

  @Test
  void aPhonesPushOfCapturesOfPeopleWhoOptedOutWritesNothingToCadencesOrTasks() {
    String device = AuthFixtures.device(api, rep);
    List<Map<String, Object>> captures = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clientMutationId", device + ":" + UUID.randomUUID());
      m.put("entityType", "lead");
      m.put("entityId", UUID.randomUUID().toString());
      m.put("op", "create");
      m.put("changes", Map.of("lastName", "Unsubscribed" + i, "consents", List.of(WITHDRAWN)));
      m.put("clientTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      captures.add(m);
    }
    long taskWrites = api.storeCommands("tasks", "update");
    long runWrites = api.storeCommands("cadence_runs", "update");
    long runReads = api.storeCommands("cadence_runs", "find");

    Api.Response pushed = api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", device, "mutations", captures),
        rep.accessToken());

    assertEquals(200, pushed.status(), pushed::toString);
    for (JsonNode r : pushed.json().path("results")) {
      assertEquals("applied", r.path("result").asText(), r::toString);
    }
    // none of them was enrolled: one look-up for the batch, no write per capture
    assertEquals(0, api.storeCommands("tasks", "update") - taskWrites, "task writes");
    assertEquals(0, api.storeCommands("cadence_runs", "update") - runWrites, "cadence run writes");
    long reads = api.storeCommands("cadence_runs", "find") - runReads;
    assertTrue(reads <= 2, "cadence run reads for a push of 30: " + reads);
  }

  @Test
  void aMarketingExportLeavesOutPeopleWhoOptedOut() {
    String in = lead("Marketable", List.of(GRANTED));
    String out = lead("Unmarketable", List.of(GRANTED));
    withdraw(out);
    Api.Response csv = api.get("/v1/leads/export.csv?marketable=true", admin.accessToken());
    assertEquals(200, csv.status(), csv::toString);
    assertTrue(csv.text().contains(in), "the consenting lead is exported");
    assertFalse(csv.text().contains(out), "the opted-out lead is not");
  }
}
