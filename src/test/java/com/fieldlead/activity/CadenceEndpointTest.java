package com.fieldlead.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.activity.ActivityHarness.Reply;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.model.LeadSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CadenceEndpointTest {

  static ActivityHarness h;
  static String cadenceId;

  @BeforeAll
  static void start() {
    h = new ActivityHarness(Instant.parse("2025-03-28T08:00:00Z"));
    Principal rep = h.user("rep", Role.REP, List.of("team-a"), List.of());
    h.user("mgr", Role.MANAGER, List.of(), List.of("team-a"));
    h.user("other", Role.REP, List.of("team-b"), List.of());
    h.directory.put(rep, "Europe/Berlin");
    Reply created = h.post(
        "/v1/cadences",
        Map.of(
            "name",
            "New trade-show lead",
            "steps",
            List.of(
                Map.of(
                    "dayOffset",
                    0,
                    "localTime",
                    "02:30",
                    "action",
                    "call",
                    "title",
                    "Thank-you call"),
                Map.of(
                    "dayOffset",
                    2,
                    "localTime",
                    "09:00",
                    "action",
                    "email",
                    "title",
                    "Send the brochure"),
                Map.of(
                    "dayOffset",
                    7,
                    "localTime",
                    "14:00",
                    "action",
                    "meeting",
                    "title",
                    "Propose a meeting"))),
        "mgr");
    assertEquals(201, created.status(), created.toString());
    cadenceId = created.json().path("id").asText();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static LeadSummary lead(String id, String zone) {
    return h.leads.put(ActivityHarness.FakeLeads.open(id, "u-rep", "team-a", zone));
  }

  static Reply apply(String leadId, Object body, String as) {
    return h.post("/v1/leads/" + leadId + "/cadences", body, as);
  }

  @Test
  void onlyManagersAndAdminsDefineCadencesAndBadStepsAre400NamingTheField() {
    Map<String, Object> step =
        Map.of("dayOffset", 0, "localTime", "10:00", "action", "call", "title", "Call");
    Reply byRep = h.post("/v1/cadences", Map.of("name", "Mine", "steps", List.of(step)), "rep");
    Reply badTime = h.post(
        "/v1/cadences",
        Map.of(
            "name",
            "x",
            "steps",
            List.of(
                Map.of("dayOffset", 0, "localTime", "25:00", "action", "call", "title", "Call"))),
        "mgr");
    Reply badAction = h.post(
        "/v1/cadences",
        Map.of(
            "name",
            "x",
            "steps",
            List.of(Map.of("dayOffset", 0, "localTime", "10:00", "action", "fax", "title", "Fax"))),
        "mgr");
    Reply noSteps = h.post("/v1/cadences", Map.of("name", "x", "steps", List.of()), "mgr");
    Reply negative = h.post(
        "/v1/cadences",
        Map.of(
            "name",
            "x",
            "steps",
            List.of(
                Map.of("dayOffset", -1, "localTime", "10:00", "action", "call", "title", "Call"))),
        "mgr");

    assertEquals(403, byRep.status(), byRep.toString());
    assertEquals(400, badTime.status(), badTime.toString());
    assertTrue(badTime.fields().contains("/steps/0/localTime"), badTime.toString());
    assertEquals(400, badAction.status(), badAction.toString());
    assertTrue(badAction.fields().contains("/steps/0/action"), badAction.toString());
    assertEquals(400, noSteps.status(), noSteps.toString());
    assertEquals(400, negative.status(), negative.toString());
    assertEquals(1, h.get("/v1/cadences", "rep").json().path("items").size());
  }

  @Test
  void applyingACadenceCreatesTheOwnersTasksAtLocalTimesAndAStepInTheDstGapMovesPastIt() {
    lead("lead-berlin", "Europe/Berlin");
    Reply run =
        apply("lead-berlin", Map.of("cadenceId", cadenceId, "startDate", "2025-03-30"), "rep");

    assertEquals(201, run.status(), run.toString());
    JsonNode steps = run.json().path("steps");
    assertEquals("Europe/Berlin", run.json().path("timeZone").asText());
    assertEquals("2025-03-30T02:30", steps.path(0).path("localTime").asText());
    assertEquals(
        "2025-03-30T01:30:00Z", steps.path(0).path("dueAt").asText()); // 03:30 CEST: after the gap
    assertEquals("2025-04-01T07:00:00Z", steps.path(1).path("dueAt").asText()); // 09:00 CEST
    assertEquals("2025-04-06T12:00:00Z", steps.path(2).path("dueAt").asText()); // 14:00 CEST
    assertEquals(3, run.json().path("progress").path("open").asInt());

    Reply task = h.get("/v1/tasks/" + steps.path(1).path("taskId").asText(), "rep");
    assertEquals(200, task.status(), task.toString());
    assertEquals("u-rep", task.json().path("assigneeId").asText());
    assertEquals("email", task.json().path("action").asText());
    assertEquals("Send the brochure", task.json().path("title").asText());
    assertEquals("lead-berlin", task.json().path("leadId").asText());
    assertEquals(
        200, h.get("/v1/tasks/" + steps.path(1).path("taskId").asText(), "mgr").status());
  }

  @Test
  void withoutAStartDateDayZeroIsTodayInTheOwnersZoneNotTheServers() {
    h.clock.set(Instant.parse("2025-03-28T20:00:00Z")); // already 29 March in Auckland
    lead("lead-nz", "Pacific/Auckland");
    Reply run = apply("lead-nz", Map.of("cadenceId", cadenceId), "rep");
    h.clock.set(Instant.parse("2025-03-28T08:00:00Z"));

    assertEquals(201, run.status(), run.toString());
    assertEquals("2025-03-29", run.json().path("startDate").asText());
    assertEquals(
        "2025-03-29T02:30", run.json().path("steps").path(0).path("localTime").asText());
    assertEquals(
        "2025-03-28T13:30:00Z",
        run.json().path("steps").path(0).path("dueAt").asText()); // NZDT +13
  }

  @Test
  void replayingAnApplyWithTheSameRunIdAnswers200WithTheSameTasks() {
    lead("lead-replay", "Europe/Berlin");
    Map<String, Object> body = Map.of(
        "id", UUID.randomUUID().toString(), "cadenceId", cadenceId, "startDate", "2025-04-01");
    Reply first = apply("lead-replay", body, "rep");
    Reply again = apply("lead-replay", body, "rep");

    assertEquals(201, first.status(), first.toString());
    assertEquals(200, again.status(), again.toString());
    assertEquals(first.json().path("steps"), again.json().path("steps"));
    assertEquals(
        3, h.get("/v1/tasks?leadId=lead-replay", "rep").json().path("items").size());
    assertEquals(
        1, h.get("/v1/leads/lead-replay/cadences", "rep").json().path("items").size());
  }

  @Test
  void whenTheLeadConvertsTheOpenStepsAreCancelledAndDoneStepsStayDone() {
    LeadSummary open = lead("lead-won", "Europe/Berlin");
    Reply run = apply("lead-won", Map.of("cadenceId", cadenceId, "startDate", "2025-03-28"), "rep");
    String firstTask = run.json().path("steps").path(0).path("taskId").asText();
    Reply done = h.send(
        "PATCH",
        "/v1/tasks/" + firstTask,
        Map.of("status", "done"),
        "rep",
        Map.of("If-Match", "\"1\""));
    assertEquals(200, done.status(), done.toString());

    LeadSummary converted = new LeadSummary(
        open.tenantId(),
        open.id(),
        open.ownerId(),
        open.teamId(),
        "won",
        false,
        true,
        2,
        open.ownerTimeZone());
    h.leads.put(converted);
    h.call(() -> h.module.statusListener().statusChanged(converted, "new", "won"));

    JsonNode progress =
        h.get("/v1/leads/lead-won/cadences", "rep").json().path("items").path(0);
    assertEquals("stopped", progress.path("status").asText());
    assertEquals("lead converted", progress.path("stopReason").asText());
    assertEquals(1, progress.path("progress").path("done").asInt());
    assertEquals(2, progress.path("progress").path("cancelled").asInt());
    JsonNode cancelled = h.get(
            "/v1/tasks/" + progress.path("steps").path(1).path("taskId").asText(), "rep")
        .json();
    assertEquals("cancelled", cancelled.path("status").asText());
    assertEquals("lead converted", cancelled.path("statusReason").asText());
    assertEquals(2, cancelled.path("version").asInt());
    assertEquals(
        "done", h.get("/v1/tasks/" + firstTask, "rep").json().path("status").asText());

    Reply onClosedLead = apply("lead-won", Map.of("cadenceId", cadenceId), "rep");
    assertEquals(409, onClosedLead.status(), onClosedLead.toString());
  }

  @Test
  void whenTheLeadDiesTheReasonIsLeadClosedAndPersonalTasksOnItAreLeftAlone() {
    LeadSummary open = lead("lead-dead", "Europe/Berlin");
    apply("lead-dead", Map.of("cadenceId", cadenceId, "startDate", "2025-03-28"), "rep");
    Reply ownTask = h.post(
        "/v1/tasks",
        Map.of("title", "Own follow-up", "dueAt", "2025-04-10T08:00:00Z", "leadId", "lead-dead"),
        "rep");

    LeadSummary dead = new LeadSummary(
        open.tenantId(),
        open.id(),
        open.ownerId(),
        open.teamId(),
        "lost",
        false,
        false,
        2,
        open.ownerTimeZone());
    h.call(() -> h.module.statusListener().statusChanged(dead, "new", "lost"));

    JsonNode progress =
        h.get("/v1/leads/lead-dead/cadences", "rep").json().path("items").path(0);
    assertEquals("lead closed", progress.path("stopReason").asText());
    assertEquals(3, progress.path("progress").path("cancelled").asInt());
    assertEquals(
        "open",
        h.get("/v1/tasks/" + ownTask.json().path("id").asText(), "rep")
            .json()
            .path("status")
            .asText());
  }

  @Test
  void leadsTheCallerCannotSeeAre404AndUnknownCadencesAre400() {
    lead("lead-hidden", "Europe/Berlin");
    Reply hidden = apply("lead-hidden", Map.of("cadenceId", cadenceId), "other");
    Reply hiddenProgress = h.get("/v1/leads/lead-hidden/cadences", "other");
    Reply unknown = apply("lead-hidden", Map.of("cadenceId", "no-such-cadence"), "rep");
    Reply badDate =
        apply("lead-hidden", Map.of("cadenceId", cadenceId, "startDate", "30/03/2025"), "rep");

    assertEquals(404, hidden.status(), hidden.toString());
    assertEquals(404, hiddenProgress.status(), hiddenProgress.toString());
    assertEquals(400, unknown.status(), unknown.toString());
    assertEquals("/cadenceId", unknown.field());
    assertEquals(400, badDate.status(), badDate.toString());
    assertTrue(badDate.field().startsWith("/startDate"), badDate.toString());
    assertEquals(
        0, h.get("/v1/leads/lead-hidden/cadences", "rep").json().path("items").size());
  }

  @Test
  void aLeadMergeMovesTheLosersActivitiesTasksAndCadencesToTheSurvivor() {
    lead("lead-loser", "Europe/Berlin");
    lead("lead-survivor", "Europe/Berlin");
    h.post(
        "/v1/leads/lead-loser/activities",
        Map.of("type", "note", "note", Map.of("text", "met at the fair")),
        "rep");
    apply("lead-loser", Map.of("cadenceId", cadenceId, "startDate", "2025-03-28"), "rep");

    h.call(() -> h.module.repoint(ActivityHarness.TENANT, "lead-loser", "lead-survivor"));

    JsonNode moved =
        h.get("/v1/leads/lead-survivor/activities", "rep").json().path("items").path(0);
    assertEquals("met at the fair", moved.path("note").path("text").asText());
    assertEquals("lead-loser", moved.path("mergedFromLeadId").asText());
    assertEquals(2, moved.path("version").asInt());
    assertEquals(
        3, h.get("/v1/tasks?leadId=lead-survivor", "rep").json().path("items").size());
    assertEquals(
        0, h.get("/v1/tasks?leadId=lead-loser", "rep").json().path("items").size());
    assertEquals(
        1, h.get("/v1/leads/lead-survivor/cadences", "rep").json().path("items").size());
  }
}
