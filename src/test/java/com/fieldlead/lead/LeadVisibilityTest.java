package com.fieldlead.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who sees which leads, on the seeded demo tenant: reps their own, the manager the team's, the booth its captures. */
class LeadVisibilityTest {

  static TestServer server;
  static Api api;
  static Session admin;
  static Session manager;
  static Session rep1;
  static Session rep2;
  static Session booth;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.login(api, "admin@demo.test", "demo-password");
    manager = AuthFixtures.login(api, "manager@demo.test", "demo-password");
    rep1 = AuthFixtures.login(api, "rep1@demo.test", "demo-password");
    rep2 = AuthFixtures.login(api, "rep2@demo.test", "demo-password");
    booth = AuthFixtures.login(api, "booth@demo.test", "demo-password");
  }

  /** Every lead the session sees, walking all pages. */
  static Set<String> all(Session s, String filter) {
    Set<String> ids = new HashSet<>();
    String cursor = null;
    do {
      Api.Response r = api.get(
          "/v1/leads?limit=200" + filter + (cursor == null ? "" : "&cursor=" + cursor),
          s.accessToken());
      assertEquals(200, r.status(), r::toString);
      for (JsonNode item : r.json().get("items")) {
        assertTrue(ids.add(item.get("id").asText()), "a lead appeared twice");
      }
      cursor = r.json().hasNonNull("nextCursor") ? r.json().get("nextCursor").asText() : null;
    } while (cursor != null);
    return ids;
  }

  @Test
  void theDemoTenantHasItsLeadsAndTheExpo() {
    assertEquals(LeadDemoSeed.COUNT, all(admin, "").size());
    Api.Response ev = api.get("/v1/events/" + LeadDemoSeed.EXPO_ID, rep1.accessToken());
    assertEquals(200, ev.status(), ev::toString);
    assertEquals("Demo Expo", ev.json().get("name").asText());
  }

  @Test
  void aRepSeesExactlyTheLeadsTheyOwn() {
    Set<String> seen = all(rep1, "");
    Api.Response owned =
        api.get("/v1/leads?limit=200&total=true&ownerId=" + rep1.userId(), admin.accessToken());
    assertEquals(owned.json().get("total").asLong(), seen.size(), owned::toString);
    assertEquals(67, seen.size());
    for (JsonNode item : owned.json().get("items")) {
      assertTrue(seen.contains(item.get("id").asText()));
    }
    String rep2Lead = api.get("/v1/leads?limit=1&ownerId=" + rep2.userId(), admin.accessToken())
        .json()
        .get("items")
        .get(0)
        .get("id")
        .asText();
    assertEquals(404, api.get("/v1/leads/" + rep2Lead, rep1.accessToken()).status());
  }

  @Test
  void theManagerSeesEveryLeadOfTheTeam() {
    assertEquals(all(admin, ""), all(manager, ""));
  }

  @Test
  void theBoothSeesOnlyItsCaptures() {
    // The expo shares captures, so the booth also sees what others captured there (a walk-in of
    // another test).
    Set<String> seen = all(booth, "");
    assertTrue(seen.size() >= LeadDemoSeed.EXPO_CAPTURES);
    assertEquals(all(admin, "&eventId=" + LeadDemoSeed.EXPO_ID), seen);
  }

  @Test
  void capturingAtASharingEventShowsTheEventsOtherCaptures() {
    Session rep3 = AuthFixtures.login(api, "rep3@demo.test", "demo-password");
    int before = all(rep3, "&eventId=" + LeadDemoSeed.EXPO_ID).size();
    assertTrue(
        before < LeadDemoSeed.EXPO_CAPTURES, "rep3 sees only its own expo leads before capturing");
    Api.Response c = api.post(
        "/v1/leads",
        Map.of("lastName", "Walk-in", "eventId", LeadDemoSeed.EXPO_ID, "source", "trade_show"),
        rep3.accessToken());
    assertEquals(201, c.status(), c::toString);
    assertEquals(
        LeadDemoSeed.EXPO_CAPTURES + 1,
        all(rep3, "&eventId=" + LeadDemoSeed.EXPO_ID).size());
  }

  @Test
  void segmentCountsApplyTheCallersVisibility() {
    Api.Response s = api.post(
        "/v1/segments",
        Map.of("name", "Expo", "shared", true, "filter", Map.of("eventId", LeadDemoSeed.EXPO_ID)),
        manager.accessToken());
    assertEquals(201, s.status(), s::toString);
    String id = s.json().get("id").asText();
    long forManager = api.get("/v1/segments/" + id + "/count", manager.accessToken())
        .json()
        .get("count")
        .asLong();
    long forRep2 = api.get("/v1/segments/" + id + "/count", rep2.accessToken())
        .json()
        .get("count")
        .asLong();
    assertTrue(forManager >= LeadDemoSeed.EXPO_CAPTURES, "manager sees every expo capture");
    assertEquals(all(rep2, "&eventId=" + LeadDemoSeed.EXPO_ID).size(), forRep2);
    assertTrue(forRep2 < forManager);
    assertEquals(
        403,
        api.post("/v1/segments", Map.of("name", "Mine", "shared", true), rep2.accessToken())
            .status());
  }

  @Test
  void hottestFirstWalksEveryLeadOnceInDescendingScore() {
    Set<String> ids = new HashSet<>();
    String cursor = null;
    int previous = Integer.MAX_VALUE;
    do {
      Api.Response r = api.get(
          "/v1/leads?limit=25&sort=-score" + (cursor == null ? "" : "&cursor=" + cursor),
          admin.accessToken());
      assertEquals(200, r.status(), r::toString);
      for (var item : r.json().get("items")) {
        assertTrue(ids.add(item.get("id").asText()), "each lead once");
        int score = item.get("score").asInt();
        assertTrue(score <= previous, "descending score: " + score + " after " + previous);
        previous = score;
      }
      cursor = r.json().hasNonNull("nextCursor") ? r.json().get("nextCursor").asText() : null;
    } while (cursor != null);
    assertEquals(all(admin, "").size(), ids.size());
    assertTrue(previous < 70, "the walk reaches the cold end");
  }

  @Test
  void cursorsWalkEveryLeadOnceAndRejectTampering() {
    Set<String> ids = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Response r = api.get(
          "/v1/leads?limit=30&sort=lastName" + (cursor == null ? "" : "&cursor=" + cursor),
          admin.accessToken());
      assertEquals(200, r.status(), r::toString);
      r.json().get("items").forEach(i -> assertTrue(ids.add(i.get("id").asText())));
      cursor = r.json().hasNonNull("nextCursor") ? r.json().get("nextCursor").asText() : null;
      pages++;
    } while (cursor != null);
    assertEquals(all(admin, "").size(), ids.size());
    assertTrue(pages >= 7);
    String next = api.get("/v1/leads?limit=5", admin.accessToken())
        .json()
        .get("nextCursor")
        .asText();
    String tampered =
        next.substring(0, 10) + (next.charAt(10) == 'A' ? 'B' : 'A') + next.substring(11);
    Api.Response bad = api.get("/v1/leads?limit=5&cursor=" + tampered, admin.accessToken());
    assertEquals(400, bad.status(), bad::toString);
    assertTrue(bad.text().contains("query.cursor"));
    Api.Response otherFilter =
        api.get("/v1/leads?limit=5&status=new&cursor=" + next, admin.accessToken());
    assertEquals(400, otherFilter.status(), otherFilter::toString);
    assertEquals(400, api.get("/v1/leads?limit=0", admin.accessToken()).status());
    assertEquals(400, api.get("/v1/leads?limit=201", admin.accessToken()).status());
  }

  @Test
  void filtersAndPrefixSearchNarrowTheList() {
    Set<String> lost = all(admin, "&status=lost");
    assertTrue(!lost.isEmpty());
    for (String id : lost) {
      assertEquals(
          "lost",
          api.get("/v1/leads/" + id, admin.accessToken()).json().get("status").asText());
    }
    Api.Response q = api.get("/v1/leads?q=north&limit=200", admin.accessToken());
    assertTrue(q.json().get("items").size() > 0, q::toString);
    q.json()
        .get("items")
        .forEach(i -> assertTrue(i.get("company").asText().startsWith("Northwind")
            || i.get("lastName").asText().toLowerCase().startsWith("north")
            || i.get("email").asText().startsWith("north")));
    Api.Response accent = api.get("/v1/leads?q=mull&limit=200", admin.accessToken());
    assertTrue(accent.json().get("items").size() > 0, "accents are ignored: mull finds Müller");
  }
}
