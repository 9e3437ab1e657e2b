package com.fieldlead.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.activity.ActivityHarness.Reply;
import com.fieldlead.activity.store.ActivitySchema;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.store.MongoFutures;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskEndpointTest {

  static final Instant NOW =
      Instant.parse("2025-03-12T20:00:00Z"); // Auckland 13 Mar 09:00; LA 12 Mar 13:00
  static ActivityHarness h;

  @BeforeAll
  static void start() {
    h = new ActivityHarness(NOW);
    Principal kiwi = h.user("kiwi", Role.REP, List.of("team-a"), List.of());
    Principal la = h.user("la", Role.REP, List.of("team-a"), List.of());
    Principal berlin = h.user("berlin", Role.REP, List.of("team-b"), List.of());
    h.user("nozone", Role.REP, List.of(), List.of());
    Principal mgr = h.user("mgr", Role.MANAGER, List.of(), List.of("team-a"));
    h.user("admin", Role.ADMIN, List.of(), List.of());
    h.user("booth", Role.BOOTH, List.of(), List.of());
    h.directory.put(kiwi, "Pacific/Auckland");
    h.directory.put(la, "America/Los_Angeles");
    h.directory.put(berlin, "Europe/Berlin");
    h.directory.put(mgr, "Pacific/Auckland");
    h.leads.put(ActivityHarness.FakeLeads.open("lead-k", "u-kiwi", "team-a", "Pacific/Auckland"));
  }

  @BeforeEach
  void resetClock() {
    h.clock.set(NOW);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static Map<String, Object> task(String title, String dueAt, Object... more) {
    Map<String, Object> m = new HashMap<>(Map.of("title", title, "dueAt", dueAt));
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  static Reply patch(String id, Object body, String etag, String as) {
    return h.send(
        "PATCH", "/v1/tasks/" + id, body, as, etag == null ? Map.of() : Map.of("If-Match", etag));
  }

  static List<String> titles(Reply r) {
    return StreamSupport.stream(r.json().path("items").spliterator(), false)
        .map(n -> n.path("title").asText())
        .toList();
  }

  @Test
  void aTaskIsAssignedToTheCallerInTheirZoneWithAReminderAndAnETag() {
    Reply r = h.post(
        "/v1/tasks",
        task(
            "Send the quote",
            "2025-03-14T09:00:00+13:00",
            "leadId",
            "lead-k",
            "remindBefore",
            30,
            "priority",
            "high",
            "action",
            "email"),
        "kiwi");

    assertEquals(201, r.status(), r.toString());
    JsonNode t = r.json();
    assertEquals("u-kiwi", t.path("assigneeId").asText());
    assertEquals("follow_up", t.path("kind").asText());
    assertEquals("Pacific/Auckland", t.path("timeZone").asText());
    assertEquals("2025-03-13T20:00:00Z", t.path("dueAt").asText());
    assertEquals("PT30M", t.path("remindBefore").asText());
    assertEquals("2025-03-13T19:30:00Z", t.path("remindAt").asText());
    assertEquals("open", t.path("status").asText());
    assertEquals("\"1\"", r.etag());
    assertEquals("/v1/tasks/" + t.path("id").asText(), r.headers().get("location"));
    assertEquals(t, h.get("/v1/tasks/" + t.path("id").asText(), "kiwi").json());
  }

  @Test
  void replayingACreateAnswersTheStoredTaskAndReusingTheIdForOtherContentIs409() {
    String id = UUID.randomUUID().toString();
    Reply first = h.post("/v1/tasks", task("Call back", "2025-03-15T00:00:00Z", "id", id), "kiwi");
    Reply replay = h.post("/v1/tasks", task("Call back", "2025-03-15T00:00:00Z", "id", id), "kiwi");
    Reply reused =
        h.post("/v1/tasks", task("Call back later", "2025-03-15T00:00:00Z", "id", id), "kiwi");

    assertEquals(201, first.status(), first.toString());
    assertEquals(200, replay.status(), replay.toString());
    assertEquals(first.json(), replay.json());
    assertEquals(409, reused.status(), reused.toString());
  }

  @Test
  void invalidZonesUnparseableDueDatesAndOutOfBoundReminders400NamingTheFieldAndCreateNothing() {
    int before = h.get("/v1/tasks?limit=200", "kiwi").json().path("items").size();

    Reply mars = h.post(
        "/v1/tasks", task("x", "2025-03-15T00:00:00Z", "timeZone", "Mars/Olympus_Mons"), "kiwi");
    Reply offset =
        h.post("/v1/tasks", task("x", "2025-03-15T00:00:00Z", "timeZone", "+02:00"), "kiwi");
    Reply due = h.post("/v1/tasks", task("x", "next tuesday"), "kiwi");
    Reply remind =
        h.post("/v1/tasks", task("x", "2025-03-15T00:00:00Z", "remindBefore", "P8D"), "kiwi");
    Reply remindMinutes =
        h.post("/v1/tasks", task("x", "2025-03-15T00:00:00Z", "remindBefore", 20000), "kiwi");
    Reply longTitle = h.post("/v1/tasks", task("x".repeat(201), "2025-03-15T00:00:00Z"), "kiwi");
    Reply priority =
        h.post("/v1/tasks", task("x", "2025-03-15T00:00:00Z", "priority", "asap"), "kiwi");
    Reply unknown = h.post("/v1/tasks", task("x", "2025-03-15T00:00:00Z", "colour", "red"), "kiwi");
    Reply followUp =
        h.post("/v1/tasks", task("x", "2025-03-15T00:00:00Z", "kind", "follow_up"), "kiwi");

    assertEquals("/timeZone", mars.field(), mars.toString());
    assertEquals("/timeZone", offset.field(), offset.toString());
    assertTrue(due.field().startsWith("/dueAt"), due.toString());
    assertEquals("/remindBefore", remind.field(), remind.toString());
    assertTrue(remindMinutes.field().startsWith("/remindBefore"), remindMinutes.toString());
    assertTrue(longTitle.field().startsWith("/title"), longTitle.toString());
    assertTrue(priority.field().startsWith("/priority"), priority.toString());
    assertTrue(unknown.text().contains("colour"), unknown.toString());
    assertEquals("/leadId", followUp.field(), followUp.toString());
    for (Reply r :
        List.of(mars, offset, due, remind, remindMinutes, longTitle, priority, unknown, followUp)) {
      assertEquals(400, r.status(), r.toString());
    }
    assertEquals(
        before, h.get("/v1/tasks?limit=200", "kiwi").json().path("items").size());
  }

  @Test
  void aUserWithNoZoneOnFileMustSendTheirTimeZone() {
    Reply without = h.post("/v1/tasks", task("x", "2025-03-15T00:00:00Z"), "nozone");
    Reply with = h.post(
        "/v1/tasks", task("x", "2025-03-15T00:00:00Z", "timeZone", "Europe/Berlin"), "nozone");

    assertEquals(400, without.status(), without.toString());
    assertEquals("/timeZone", without.field());
    assertEquals(201, with.status(), with.toString());
    assertEquals("Europe/Berlin", with.json().path("timeZone").asText());
  }

  @Test
  void managersAssignToTheirTeamsAdminsToAnyoneRepsOnlyToThemselves() {
    Reply byManager = h.post(
        "/v1/tasks", task("Visit Acme", "2025-03-16T00:00:00Z", "assigneeId", "u-la"), "mgr");
    Reply outsideTeam =
        h.post("/v1/tasks", task("x", "2025-03-16T00:00:00Z", "assigneeId", "u-berlin"), "mgr");
    Reply byAdmin = h.post(
        "/v1/tasks",
        task("Admin's job", "2025-03-16T00:00:00Z", "assigneeId", "u-berlin"),
        "admin");
    Reply byRep =
        h.post("/v1/tasks", task("x", "2025-03-16T00:00:00Z", "assigneeId", "u-la"), "kiwi");
    Reply unknown =
        h.post("/v1/tasks", task("x", "2025-03-16T00:00:00Z", "assigneeId", "u-ghost"), "admin");
    Reply booth =
        h.post("/v1/tasks", task("x", "2025-03-16T00:00:00Z", "timeZone", "UTC"), "booth");

    assertEquals(201, byManager.status(), byManager.toString());
    assertEquals("America/Los_Angeles", byManager.json().path("timeZone").asText());
    assertEquals(403, outsideTeam.status(), outsideTeam.toString());
    assertEquals(201, byAdmin.status(), byAdmin.toString());
    assertEquals("Europe/Berlin", byAdmin.json().path("timeZone").asText());
    assertEquals(403, byRep.status(), byRep.toString());
    assertEquals(400, unknown.status(), unknown.toString());
    assertEquals("/assigneeId", unknown.field());
    assertEquals(403, booth.status(), booth.toString());

    assertTrue(titles(h.get("/v1/tasks?assigneeId=u-la", "mgr")).contains("Visit Acme"));
    assertTrue(titles(h.get("/v1/tasks?limit=200", "la")).contains("Visit Acme"));
    assertFalse(titles(h.get("/v1/tasks?limit=200", "kiwi")).contains("Visit Acme"));
    assertFalse(titles(h.get("/v1/tasks?limit=200", "mgr")).contains("Admin's job"));
    assertTrue(titles(h.get("/v1/tasks?limit=200", "admin")).contains("Admin's job"));
    assertEquals(
        404, h.get("/v1/tasks/" + byManager.json().path("id").asText(), "kiwi").status());
  }

  @Test
  void updatesNeedIfMatchAStaleVersionIs412AndEachWriteBumpsTheVersion() {
    Reply created = h.post(
        "/v1/tasks", task("Prepare demo", "2025-03-14T00:00:00Z", "remindBefore", "PT1H"), "kiwi");
    String id = created.json().path("id").asText();

    Reply missing = patch(id, Map.of("title", "Prepare the demo"), null, "kiwi");
    Reply ok = patch(
        id, Map.of("title", "Prepare the demo", "dueAt", "2025-03-15T00:00:00Z"), "\"1\"", "kiwi");
    Reply stale = patch(id, Map.of("title", "Again"), "\"1\"", "kiwi");
    Reply done = patch(id, Map.of("status", "done"), ok.etag(), "kiwi");
    Reply badStatus = patch(id, Map.of("status", "finished"), done.etag(), "kiwi");
    Reply empty = patch(id, Map.of(), done.etag(), "kiwi");

    assertEquals(428, missing.status(), missing.toString());
    assertEquals("PRECONDITION_REQUIRED", missing.code());
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("\"2\"", ok.etag());
    assertEquals("2025-03-14T23:00:00Z", ok.json().path("remindAt").asText());
    assertEquals(412, stale.status(), stale.toString());
    assertEquals("\"2\"", stale.etag());
    assertEquals(200, done.status(), done.toString());
    assertEquals("done", done.json().path("status").asText());
    assertEquals(NOW.toString(), done.json().path("completedAt").asText());
    assertEquals(3, done.json().path("version").asInt());
    assertEquals(400, badStatus.status());
    assertEquals(400, empty.status());
    assertEquals(
        "Prepare the demo",
        h.get("/v1/tasks/" + id, "kiwi").json().path("title").asText());
  }

  @Test
  void snoozingMovesTheReminderKeepsHistoryAndRefusesThePast() {
    String id = h.post(
            "/v1/tasks", task("Follow up", "2025-03-13T00:00:00Z", "remindBefore", 15), "kiwi")
        .json()
        .path("id")
        .asText();

    Reply forAnHour = h.post("/v1/tasks/" + id + "/snooze", Map.of("for", "PT1H"), "kiwi");
    Reply until =
        h.post("/v1/tasks/" + id + "/snooze", Map.of("until", "2025-03-13T01:00:00Z"), "kiwi");
    Reply past =
        h.post("/v1/tasks/" + id + "/snooze", Map.of("until", "2025-03-12T19:00:00Z"), "kiwi");
    Reply both = h.post(
        "/v1/tasks/" + id + "/snooze", Map.of("for", 5, "until", "2025-03-12T23:00:00Z"), "kiwi");
    Reply staleMatch = h.send(
        "POST",
        "/v1/tasks/" + id + "/snooze",
        Map.of("for", 5),
        "kiwi",
        Map.of("If-Match", "\"1\""));

    assertEquals(200, forAnHour.status(), forAnHour.toString());
    // the reminder had not fired (23:45): an hour later than that, never earlier
    assertEquals("2025-03-13T00:45:00Z", forAnHour.json().path("remindAt").asText());
    assertEquals(
        "2025-03-12T23:45:00Z",
        forAnHour.json().path("snoozes").path(0).path("from").asText());
    assertEquals("2025-03-13T00:00:00Z", forAnHour.json().path("dueAt").asText());
    assertEquals(200, until.status(), until.toString());
    assertEquals(2, until.json().path("snoozes").size());
    assertEquals("2025-03-13T01:00:00Z", until.json().path("remindAt").asText());
    assertEquals(400, past.status(), past.toString());
    assertEquals("/until", past.field());
    assertEquals(400, both.status(), both.toString());
    assertEquals(412, staleMatch.status(), staleMatch.toString());

    Reply done = patch(id, Map.of("status", "done"), until.etag(), "kiwi");
    Reply snoozeDone = h.post("/v1/tasks/" + id + "/snooze", Map.of("for", 10), "kiwi");
    assertEquals(200, done.status(), done.toString());
    assertEquals(409, snoozeDone.status(), snoozeDone.toString());
  }

  @Test
  void aSnoozeNeverMovesAReminderThatHasNotFiredEarlier() {
    // due in three days, reminded a day before: the reminder is two days ahead
    String id = h.post(
            "/v1/tasks", task("Quote", "2025-03-15T20:00:00Z", "remindBefore", "P1D"), "kiwi")
        .json()
        .path("id")
        .asText();

    Reply forTwoHours = h.post("/v1/tasks/" + id + "/snooze", Map.of("for", "PT2H"), "kiwi");
    Reply earlier =
        h.post("/v1/tasks/" + id + "/snooze", Map.of("until", "2025-03-13T20:00:00Z"), "kiwi");

    assertEquals(200, forTwoHours.status(), forTwoHours.toString());
    assertEquals("2025-03-14T22:00:00Z", forTwoHours.json().path("remindAt").asText());
    assertEquals(
        "2025-03-14T20:00:00Z",
        forTwoHours.json().path("snoozes").path(0).path("from").asText());
    assertEquals(409, earlier.status(), earlier.toString());
    Reply stored = h.get("/v1/tasks/" + id, "kiwi");
    assertEquals(
        "2025-03-14T22:00:00Z", stored.json().path("remindAt").asText(), stored.toString());
    assertEquals(1, stored.json().path("snoozes").size(), stored.toString());
  }

  @Test
  void deletingLeavesATombstoneThatNoListShows() {
    Reply created = h.post("/v1/tasks", task("Obsolete", "2025-03-14T00:00:00Z"), "kiwi");
    String id = created.json().path("id").asText();

    Reply missing = h.send("DELETE", "/v1/tasks/" + id, null, "kiwi", Map.of());
    Reply deleted =
        h.send("DELETE", "/v1/tasks/" + id, null, "kiwi", Map.of("If-Match", created.etag()));

    assertEquals(428, missing.status(), missing.toString());
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals(404, h.get("/v1/tasks/" + id, "kiwi").status());
    assertFalse(titles(h.get("/v1/tasks?limit=200", "kiwi")).contains("Obsolete"));
    Document tombstone = h.call(() -> Future.fromCompletionStage(MongoFutures.first(
                h.store().collection("tasks").find(new Document(ActivitySchema.ID, id)))
            .toCompletionStage()))
        .orElseThrow();
    assertEquals(Boolean.TRUE, tombstone.getBoolean("deleted"));
    assertEquals(2, tombstone.get("version", Number.class).intValue());
  }

  @Test
  void todayOverdueAndUpcomingFollowEachUsersOwnTimeZoneAtTheSameInstant() {
    // Same instants for both users: Auckland's 13 Mar is LA's 12 Mar (NOW = 2025-03-12T20:00Z).
    for (String who : List.of("kiwi", "la")) {
      h.post("/v1/tasks", task(who + ": overdue", "2025-03-12T19:00:00Z"), who);
      h.post(
          "/v1/tasks",
          task(who + ": 12 Mar 10:00Z", "2025-03-12T10:00:00Z"),
          who); // NZ 12 Mar 23:00, LA 03:00
      h.post(
          "/v1/tasks",
          task(who + ": 13 Mar 08:00Z", "2025-03-13T08:00:00Z"),
          who); // NZ 13 Mar 21:00, LA 01:00
    }

    Reply kiwiToday = h.get("/v1/tasks/mine?view=today", "kiwi");
    Reply laToday = h.get("/v1/tasks/mine?view=today", "la");
    Reply kiwiOverdue = h.get("/v1/tasks/mine?view=overdue", "kiwi");
    Reply laUpcoming = h.get("/v1/tasks/mine?view=upcoming", "la");

    assertEquals("Pacific/Auckland", kiwiToday.json().path("timeZone").asText());
    assertEquals("2025-03-12T11:00:00Z", kiwiToday.json().path("from").asText());
    assertEquals(List.of("kiwi: overdue", "kiwi: 13 Mar 08:00Z"), titles(kiwiToday));
    assertEquals("America/Los_Angeles", laToday.json().path("timeZone").asText());
    assertEquals(List.of("la: 12 Mar 10:00Z", "la: overdue"), titles(laToday));
    assertEquals(List.of("kiwi: 12 Mar 10:00Z", "kiwi: overdue"), titles(kiwiOverdue));
    assertTrue(titles(laUpcoming).contains("la: 13 Mar 08:00Z"));
    assertFalse(titles(laUpcoming).contains("la: overdue"));
  }

  @Test
  void todayOnBerlinsSpringForwardDayIs23HoursAndDoneTasksLeaveTheViews() {
    h.clock.set(Instant.parse("2025-03-30T10:00:00Z"));
    h.post(
        "/v1/tasks",
        task("b: sat 23:30", "2025-03-29T22:30:00Z"),
        "berlin"); // 23:30 CET on the 29th
    h.post(
        "/v1/tasks",
        task("b: sun 00:30", "2025-03-29T23:30:00Z"),
        "berlin"); // 00:30 CET on the 30th
    Reply late =
        h.post("/v1/tasks", task("b: sun 23:30", "2025-03-30T21:30:00Z"), "berlin"); // 23:30 CEST
    h.post(
        "/v1/tasks",
        task("b: mon 00:30", "2025-03-30T22:30:00Z"),
        "berlin"); // 00:30 CEST on the 31st

    Reply today = h.get("/v1/tasks/mine?view=today", "berlin");
    assertEquals("2025-03-29T23:00:00Z", today.json().path("from").asText());
    assertEquals("2025-03-30T22:00:00Z", today.json().path("to").asText());
    assertEquals(List.of("b: sun 00:30", "b: sun 23:30"), titles(today));

    patch(late.json().path("id").asText(), Map.of("status", "done"), late.etag(), "berlin");
    assertEquals(List.of("b: sun 00:30"), titles(h.get("/v1/tasks/mine?view=today", "berlin")));
  }

  @Test
  void aUserWithoutAZoneOnFileGetsTheZoneParameterOrUtc() {
    Reply given = h.get("/v1/tasks/mine?view=today&zone=Asia/Tokyo", "nozone");
    Reply utc = h.get("/v1/tasks/mine", "nozone");
    Reply bad = h.get("/v1/tasks/mine?zone=Nowhere/City", "nozone");
    Reply badView = h.get("/v1/tasks/mine?view=yesterday", "nozone");

    assertEquals("Asia/Tokyo", given.json().path("timeZone").asText());
    assertEquals("Z", utc.json().path("timeZone").asText());
    assertEquals(400, bad.status(), bad.toString());
    assertEquals("query.zone", bad.field());
    assertEquals(400, badView.status(), badView.toString());
  }

  @Test
  void listFiltersByLeadStatusAndDueRangeAndPagesByCursor() {
    h.post("/v1/tasks", task("range: a", "2025-04-01T00:00:00Z", "leadId", "lead-k"), "kiwi");
    h.post("/v1/tasks", task("range: b", "2025-04-02T00:00:00Z", "leadId", "lead-k"), "kiwi");
    h.post("/v1/tasks", task("range: c", "2025-04-03T00:00:00Z", "leadId", "lead-k"), "kiwi");
    String range = "dueFrom=2025-04-01T00:00:00Z&dueTo=2025-04-03T00:00:00Z";

    Reply page1 = h.get("/v1/tasks?leadId=lead-k&status=open&" + range + "&limit=1", "kiwi");
    Reply page2 = h.get(
        "/v1/tasks?leadId=lead-k&status=open&" + range + "&limit=1&cursor="
            + page1.json().path("nextCursor").asText(),
        "kiwi");
    Reply badDate = h.get("/v1/tasks?dueFrom=tomorrow", "kiwi");
    Reply badStatus = h.get("/v1/tasks?status=later", "kiwi");

    assertEquals(List.of("range: a"), titles(page1));
    assertEquals(List.of("range: b"), titles(page2));
    assertFalse(page2.json().has("nextCursor"));
    assertEquals(400, badDate.status(), badDate.toString());
    assertTrue(badDate.field().startsWith("query.dueFrom"), badDate.toString());
    assertEquals(400, badStatus.status(), badStatus.toString());
  }
}
