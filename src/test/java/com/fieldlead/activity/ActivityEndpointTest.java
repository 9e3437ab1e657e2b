package com.fieldlead.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.activity.ActivityHarness.Reply;
import com.fieldlead.auth.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActivityEndpointTest {

  static ActivityHarness h;

  @BeforeAll
  static void start() {
    h = new ActivityHarness(Instant.parse("2025-03-12T10:00:00Z"));
    h.user("rep", Role.REP, List.of("team-a"), List.of());
    h.user("other", Role.REP, List.of("team-b"), List.of());
    h.user("booth", Role.BOOTH, List.of(), List.of());
    h.leads.put(ActivityHarness.FakeLeads.open("lead-1", "u-rep", "team-a", "Europe/Berlin"));
    h.leads.put(ActivityHarness.FakeLeads.open("lead-2", "u-rep", "team-a", "Europe/Berlin"));
    h.leads.put(
        ActivityHarness.FakeLeads.open("capture-1", "u-rep", "team-a", "Europe/Berlin"), "u-booth");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static Map<String, Object> call(String id, String occurredAt) {
    return Map.of(
        "id",
        id,
        "type",
        "call",
        "occurredAt",
        occurredAt,
        "call",
        Map.of("direction", "outbound", "outcome", "connected", "durationSeconds", 320));
  }

  @Test
  void aRepRecordsActivitiesOnTheirLeadAndReadsThemBackNewestFirstWithServerAndDeviceTimes() {
    Reply older = h.post(
        "/v1/leads/lead-2/activities",
        call(UUID.randomUUID().toString(), "2025-03-12T09:41:00+01:00"),
        "rep");
    Reply newer = h.post(
        "/v1/leads/lead-2/activities",
        Map.of(
            "type",
            "visit",
            "occurredAt",
            "2025-03-12T09:00:00Z",
            "visit",
            Map.of(
                "location",
                Map.of("lat", 48.1374, "lon", 11.5755, "accuracy", 12.5),
                "address",
                "Marienplatz 1")),
        "rep");

    assertEquals(201, older.status(), older.toString());
    assertEquals(201, newer.status(), newer.toString());
    assertEquals("2025-03-12T08:41:00Z", older.json().path("occurredAt").asText());
    assertEquals("2025-03-12T10:00:00Z", older.json().path("receivedAt").asText());
    assertEquals("u-rep", older.json().path("userId").asText());
    assertEquals("d-rep", older.json().path("deviceId").asText());
    assertEquals(1, older.json().path("version").asInt());

    Reply list = h.get("/v1/leads/lead-2/activities", "rep");
    assertEquals(200, list.status(), list.toString());
    assertEquals("visit", list.json().path("items").path(0).path("type").asText());
    assertEquals(
        48.1374,
        list.json()
            .path("items")
            .path(0)
            .path("visit")
            .path("location")
            .path("lat")
            .asDouble());
    assertEquals("call", list.json().path("items").path(1).path("type").asText());
    assertEquals(
        "connected",
        list.json().path("items").path(1).path("call").path("outcome").asText());
  }

  @Test
  void replayingAnActivityWithTheSameIdAndContentAnswers200AndAnotherContentWithThatId409() {
    String id = UUID.randomUUID().toString();
    Reply first = h.post("/v1/leads/lead-1/activities", call(id, "2025-03-12T09:00:00Z"), "rep");
    Reply replay = h.post("/v1/leads/lead-1/activities", call(id, "2025-03-12T09:00:00Z"), "rep");
    Reply reused = h.post("/v1/leads/lead-1/activities", call(id, "2025-03-12T09:05:00Z"), "rep");

    assertEquals(201, first.status(), first.toString());
    assertEquals(200, replay.status(), replay.toString());
    assertEquals(first.json(), replay.json());
    assertEquals(409, reused.status(), reused.toString());
    assertEquals("CONFLICT", reused.code());
  }

  @Test
  void aLeadTheCallerCannotSeeAnswers404ForWritesAndReads() {
    Reply write = h.post(
        "/v1/leads/lead-1/activities",
        Map.of("type", "note", "note", Map.of("text", "hi")),
        "other");
    Reply read = h.get("/v1/leads/lead-1/activities", "other");

    assertEquals(404, write.status(), write.toString());
    assertEquals("NOT_FOUND", write.code());
    assertEquals(404, read.status(), read.toString());
  }

  @Test
  void boothUsersMayAddNotesToTheirCapturesButNoOtherActivity() {
    Reply note = h.post(
        "/v1/leads/capture-1/activities",
        Map.of("type", "note", "note", Map.of("text", "Met at booth 12")),
        "booth");
    Reply callReply = h.post(
        "/v1/leads/capture-1/activities",
        call(UUID.randomUUID().toString(), "2025-03-12T09:00:00Z"),
        "booth");
    Reply notTheirs = h.post(
        "/v1/leads/lead-1/activities",
        Map.of("type", "note", "note", Map.of("text", "x")),
        "booth");

    assertEquals(201, note.status(), note.toString());
    assertEquals(403, callReply.status(), callReply.toString());
    assertEquals(404, notTheirs.status(), notTheirs.toString());
  }

  @Test
  void theTypeSpecificObjectMustBeTheOneNamedByType() {
    Reply missing = h.post(
        "/v1/leads/lead-1/activities", Map.of("type", "call", "note", Map.of("text", "x")), "rep");
    Reply extra = h.post(
        "/v1/leads/lead-1/activities",
        Map.of(
            "type",
            "note",
            "note",
            Map.of("text", "x"),
            "email",
            Map.of("direction", "inbound", "subject", "Re: quote")),
        "rep");

    assertEquals(400, missing.status(), missing.toString());
    assertEquals("/call", missing.field());
    assertEquals(400, extra.status(), extra.toString());
    assertEquals("/email", extra.field());
  }

  @Test
  void
      wrongEnumsOverLongTextsOutOfRangeLocationsAndUnknownFieldsAnswer400NamingTheFieldAndStoreNothing() {
    int before = h.get("/v1/leads/lead-1/activities?limit=200", "rep")
        .json()
        .path("items")
        .size();

    Reply badEnum = h.post(
        "/v1/leads/lead-1/activities",
        Map.of("type", "call", "call", Map.of("direction", "outbound", "outcome", "great")),
        "rep");
    Reply tooLong = h.post(
        "/v1/leads/lead-1/activities",
        Map.of("type", "note", "note", Map.of("text", "x".repeat(5001))),
        "rep");
    Reply badLat = h.post(
        "/v1/leads/lead-1/activities",
        Map.of("type", "visit", "visit", Map.of("location", Map.of("lat", 91, "lon", 0))),
        "rep");
    Reply unknown = h.post(
        "/v1/leads/lead-1/activities",
        Map.of("type", "note", "mood", "happy", "note", Map.of("text", "x")),
        "rep");
    Reply badType = h.post("/v1/leads/lead-1/activities", Map.of("type", "fax"), "rep");
    Reply badTime = h.post(
        "/v1/leads/lead-1/activities",
        Map.of("type", "note", "occurredAt", "yesterday", "note", Map.of("text", "x")),
        "rep");

    assertEquals(400, badEnum.status(), badEnum.toString());
    assertTrue(badEnum.field().startsWith("/call"), badEnum.toString());
    assertEquals(400, tooLong.status());
    assertTrue(tooLong.field().startsWith("/note"), tooLong.toString());
    assertEquals(400, badLat.status());
    assertTrue(badLat.field().startsWith("/visit"), badLat.toString());
    assertEquals(400, unknown.status());
    assertTrue(unknown.text().contains("mood"), unknown.toString());
    assertEquals(400, badType.status());
    assertTrue(badType.field().startsWith("/type"), badType.toString());
    assertEquals(400, badTime.status());
    assertTrue(badTime.field().startsWith("/occurredAt"), badTime.toString());
    assertEquals(
        before,
        h.get("/v1/leads/lead-1/activities?limit=200", "rep")
            .json()
            .path("items")
            .size());
  }

  @Test
  void aDeviceTimeMoreThanADayAheadIsRefused() {
    Reply r = h.post(
        "/v1/leads/lead-1/activities",
        Map.of(
            "type",
            "note",
            "occurredAt",
            "2025-03-14T10:00:00Z",
            "note",
            Map.of("text", "from the future")),
        "rep");

    assertEquals(400, r.status(), r.toString());
    assertEquals("/occurredAt", r.field());
  }

  @Test
  void pagesFollowTheCursorWithoutRepeatsAndAForgedCursorIs400() {
    h.leads.put(ActivityHarness.FakeLeads.open("lead-paged", "u-rep", "team-a", "Europe/Berlin"));
    for (int i = 0; i < 3; i++) {
      h.post(
          "/v1/leads/lead-paged/activities",
          call(UUID.randomUUID().toString(), "2025-03-12T09:00:00Z"),
          "rep");
    }
    Reply first = h.get("/v1/leads/lead-paged/activities?limit=2", "rep");
    String cursor = first.json().path("nextCursor").asText();
    Reply second = h.get("/v1/leads/lead-paged/activities?limit=2&cursor=" + cursor, "rep");
    Reply forged = h.get("/v1/leads/lead-paged/activities?cursor=bm9wZQ", "rep");

    assertEquals(2, first.json().path("items").size());
    assertEquals(1, second.json().path("items").size());
    assertFalse(second.json().has("nextCursor"));
    assertFalse(
        first.text().contains(second.json().path("items").path(0).path("id").asText()));
    assertEquals(400, forged.status());
    assertEquals("query.cursor", forged.field());
  }

  @Test
  void thereIsNoWayToChangeOrDeleteAnActivity() {
    Reply put =
        h.send("PUT", "/v1/leads/lead-1/activities", Map.of("type", "note"), "rep", Map.of());
    Reply delete = h.send("DELETE", "/v1/leads/lead-1/activities", null, "rep", Map.of());

    assertEquals(405, put.status(), put.toString());
    assertEquals(405, delete.status(), delete.toString());
  }
}
