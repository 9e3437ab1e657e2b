package com.fieldlead.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant B's admin asks for each kind of tenant A's lead-domain resources by id: always 404 with no data, never in
 * B's lists, never writable. (Users, teams and devices are covered by the auth package's TenantIsolationTest.)
 */
class CrossTenantIsolationTest {

  private static TestServer server;
  private static Api api;
  private static AuthFixtures.Session a;
  private static AuthFixtures.Session b;
  private static String leadId;
  private static String eventId;
  private static String segmentId;
  private static String questionId;
  private static String taskId;
  private static String cadenceId;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void seedTenantA() {
    server = SERVER.get();
    api = server.api();
    AuthFixtures.TwoTenants tenants = AuthFixtures.twoTenants(server);
    a = tenants.adminA();
    b = tenants.adminB();
    leadId = UUID.randomUUID().toString();
    created(api.post(
        "/v1/leads",
        Map.of(
            "id",
            leadId,
            "lastName",
            "Secretson",
            "company",
            "A Corp",
            "email",
            "secret@a-corp.example",
            "source",
            "referral"),
        a.accessToken()));
    eventId = created(api.post(
            "/v1/events",
            Map.of(
                "name",
                "A Expo",
                "startsOn",
                "2026-05-01",
                "endsOn",
                "2026-05-02",
                "timeZone",
                "Europe/Berlin"),
            a.accessToken()))
        .json()
        .path("id")
        .asText();
    segmentId = created(api.post(
            "/v1/segments",
            Map.of("name", "A hot", "shared", true, "filter", Map.of("statuses", List.of("new"))),
            a.accessToken()))
        .json()
        .path("id")
        .asText();
    questionId = "q-" + UUID.randomUUID().toString().substring(0, 8);
    created(api.post(
        "/v1/qualifier-questions",
        Map.of(
            "id",
            questionId,
            "eventId",
            eventId,
            "text",
            "Budget?",
            "type",
            "number",
            "required",
            false),
        a.accessToken()));
    taskId = created(api.post(
            "/v1/tasks",
            Map.of(
                "title",
                "Call A",
                "leadId",
                leadId,
                "action",
                "call",
                "dueAt",
                "2026-12-01T09:00:00Z",
                "timeZone",
                "Europe/Berlin"),
            a.accessToken()))
        .json()
        .path("id")
        .asText();
    cadenceId = created(api.post(
            "/v1/cadences",
            Map.of(
                "name",
                "A cadence",
                "steps",
                List.of(Map.of(
                    "dayOffset", 0, "localTime", "10:00", "action", "call", "title", "Call"))),
            a.accessToken()))
        .json()
        .path("id")
        .asText();
    created(api.post(
        "/v1/leads/" + leadId + "/activities",
        Map.of(
            "type",
            "note",
            "occurredAt",
            "2026-11-20T10:00:00Z",
            "note",
            Map.of("text", "A's secret note")),
        a.accessToken()));
  }

  private static Api.Response created(Api.Response r) {
    assertEquals(201, r.status(), r.text());
    return r;
  }

  private static void assertNotFound(Api.Response r) {
    assertEquals(404, r.status(), r.text());
    assertEquals("NOT_FOUND", r.code(), r.text());
    assertFalse(
        r.text().contains("Secretson")
            || r.text().contains("A Corp")
            || r.text().contains("A Expo"),
        "no data of tenant A in " + r.text());
  }

  @Test
  void leadOfAnotherTenantIsNotFoundForReadWriteHistoryMergeAndConvert() {
    String t = b.accessToken();
    assertNotFound(api.get("/v1/leads/" + leadId, t));
    assertNotFound(api.get("/v1/leads/" + leadId + "/history", t));
    assertNotFound(
        api.patch("/v1/leads/" + leadId, Map.of("title", "x"), t, Map.of("If-Match", "\"1\"")));
    assertNotFound(api.delete("/v1/leads/" + leadId, t));
    assertFalse(api.get("/v1/leads?q=secret", t).text().contains(leadId));
    assertEquals(
        200, api.get("/v1/leads/" + leadId, a.accessToken()).status(), "still there for A");
  }

  @Test
  void activitiesAndCadencesOfAnotherTenantsLeadAreNotFound() {
    String t = b.accessToken();
    assertNotFound(api.get("/v1/leads/" + leadId + "/activities", t));
    assertNotFound(api.post(
        "/v1/leads/" + leadId + "/activities",
        Map.of(
            "type",
            "note",
            "occurredAt",
            "2026-11-20T10:00:00Z",
            "note",
            Map.of("text", "B writes")),
        t));
    assertNotFound(api.get("/v1/leads/" + leadId + "/cadences", t));
  }

  @Test
  void eventsSegmentsAndQuestionsOfAnotherTenantAreNotFoundOrListed() {
    String t = b.accessToken();
    assertNotFound(api.get("/v1/events/" + eventId, t));
    assertFalse(api.get("/v1/events", t).text().contains(eventId));
    assertNotFound(api.get("/v1/segments/" + segmentId, t));
    assertNotFound(api.get("/v1/segments/" + segmentId + "/count", t));
    assertNotFound(api.delete("/v1/segments/" + segmentId, t));
    assertFalse(api.get("/v1/segments", t).text().contains(segmentId));
    assertFalse(api.get("/v1/qualifier-questions", t).text().contains(questionId));
    assertEquals(404, api.delete("/v1/qualifier-questions/" + questionId, t).status());
  }

  @Test
  void tasksAndCadencesOfAnotherTenantAreNotFoundOrListed() {
    String t = b.accessToken();
    assertNotFound(api.get("/v1/tasks/" + taskId, t));
    assertNotFound(
        api.patch("/v1/tasks/" + taskId, Map.of("title", "x"), t, Map.of("If-Match", "\"1\"")));
    assertNotFound(api.post("/v1/tasks/" + taskId + "/snooze", Map.of("for", "PT1H"), t));
    assertFalse(api.get("/v1/tasks", t).text().contains(taskId));
    assertNotFound(api.get("/v1/cadences/" + cadenceId, t));
    assertFalse(api.get("/v1/cadences", t).text().contains(cadenceId));
    assertTrue(
        api.get("/v1/tasks/" + taskId, a.accessToken()).status() == 200, "A still sees its task");
  }
}
