package com.fieldlead.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end through the real server: demo logins, the real lead feature's visibility, and its lifecycle hooks
 * (converting a lead stops its cadence).
 */
class ActivityDemoEndpointTest {

  static TestServer server;
  static Api api;
  static MutableClock clock = new MutableClock(Instant.parse("2025-03-28T08:00:00Z"));
  static String rep;
  static String manager;
  static String booth;

  @RegisterExtension
  static final TestServerExtension SERVER =
      TestServerExtension.start(Map.of(ConfigKey.FIELDLEAD_DEMO, "true"), clock);

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    rep = login("rep1@demo.test");
    manager = login("manager@demo.test");
    booth = login("booth@demo.test");
  }

  static String login(String email) {
    Api.Response r =
        api.post("/v1/auth/login", Map.of("email", email, "password", "demo-password"), null);
    assertEquals(200, r.status(), r.toString());
    return r.json().path("accessToken").asText();
  }

  static String newLead(String token, String lastName) {
    Api.Response r = api.post(
        "/v1/leads", Map.of("firstName", "Ana", "lastName", lastName, "company", "Acme"), token);
    assertEquals(201, r.status(), r.toString());
    return r.json().path("id").asText();
  }

  @Test
  void aRepLogsACallOnTheirLeadAndAnotherRepsLeadIsNotFound() {
    String lead = newLead(rep, "Souza");
    Api.Response call = api.post(
        "/v1/leads/" + lead + "/activities",
        Map.of("type", "call", "call", Map.of("direction", "outbound", "outcome", "voicemail")),
        rep);
    Api.Response list = api.get("/v1/leads/" + lead + "/activities", rep);
    Api.Response boothReads = api.get("/v1/leads/" + lead + "/activities", booth);

    assertEquals(201, call.status(), call.toString());
    assertEquals(
        "voicemail",
        list.json().path("items").path(0).path("call").path("outcome").asText());
    assertEquals(404, boothReads.status(), boothReads.toString());
  }

  @Test
  void boothStaffAddNotesToTheirOwnCaptures() {
    String capture = newLead(booth, "Capture");
    Api.Response note = api.post(
        "/v1/leads/" + capture + "/activities",
        Map.of("type", "note", "note", Map.of("text", "Wants a demo in April")),
        booth);
    Api.Response visit = api.post(
        "/v1/leads/" + capture + "/activities",
        Map.of("type", "visit", "visit", Map.of("location", Map.of("lat", 52.5, "lon", 13.4))),
        booth);

    assertEquals(201, note.status(), note.toString());
    assertEquals(403, visit.status(), visit.toString());
  }

  @Test
  void aRepCreatesAFollowUpInTheirZoneOnFileAndSeesItInToday() {
    String lead = newLead(rep, "Today");
    Api.Response created = api.post(
        "/v1/tasks",
        Map.of(
            "title",
            "Call back",
            "leadId",
            lead,
            "dueAt",
            "2025-03-28T15:00:00Z",
            "remindBefore",
            10),
        rep);
    Api.Response today = api.get("/v1/tasks/mine?view=today", rep);

    assertEquals(201, created.status(), created.toString());
    assertTrue(
        created.json().path("timeZone").asText().contains("/")
            || "UTC".equals(created.json().path("timeZone").asText()),
        created.toString());
    assertTrue(today.text().contains(created.json().path("id").asText()), today.toString());
    assertEquals(
        created.json().path("timeZone").asText(), today.json().path("timeZone").asText());
  }

  @Test
  void convertingALeadCancelsTheOpenStepsOfItsCadence() {
    Api.Response cadence = api.post(
        "/v1/cadences",
        Map.of(
            "name",
            "Demo nurture " + System.nanoTime(),
            "steps",
            List.of(
                Map.of(
                    "dayOffset", 0, "localTime", "10:00", "action", "call", "title", "Intro call"),
                Map.of(
                    "dayOffset",
                    3,
                    "localTime",
                    "09:00",
                    "action",
                    "email",
                    "title",
                    "Case study"))),
        manager);
    assertEquals(201, cadence.status(), cadence.toString());
    String lead = newLead(rep, "Nurture");
    Api.Response run = api.post(
        "/v1/leads/" + lead + "/cadences",
        Map.of("cadenceId", cadence.json().path("id").asText()),
        rep);
    assertEquals(201, run.status(), run.toString());

    Api.Response converted =
        api.post("/v1/leads/" + lead + "/convert", Map.of("value", 1000, "currency", "EUR"), rep);
    assertEquals(200, converted.status(), converted.toString());

    JsonNode progress =
        api.get("/v1/leads/" + lead + "/cadences", rep).json().path("items").path(0);
    assertEquals("stopped", progress.path("status").asText(), progress.toString());
    assertEquals("lead converted", progress.path("stopReason").asText());
    assertEquals(2, progress.path("progress").path("cancelled").asInt());
  }
}
