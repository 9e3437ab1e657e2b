package com.fieldlead.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scoring through the real server: rules API, rescoring on changes and activities, decay, booth mark, lead.hot. */
class ScoringEndpointTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-03-10T09:00:00Z"));
  static TestServer server;
  static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(Map.of(), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  static JsonNode rules(Session s) {
    Api.Response r = api.get("/v1/scoring/rules", s.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static String createLead(Session s, Map<String, Object> body) {
    Api.Response r = api.post("/v1/leads", body, s.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().get("id").asText();
  }

  static JsonNode lead(Session s, String id) {
    Api.Response r = api.get("/v1/leads/" + id, s.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static Api.Response patch(Session s, String id, Map<String, Object> body) {
    String etag = "\"" + lead(s, id).get("version").asLong() + "\"";
    return api.patch("/v1/leads/" + id, body, s.accessToken(), Map.of("If-Match", etag));
  }

  static long hotEvents(String tenantId, String leadId) {
    Await.onContext(server, () -> server.server().features().eventRelay().relayOnce());
    List<DomainEvent> events = Await.onContext(
        server, () -> server.server().features().eventLog().byLead(tenantId, leadId));
    return events.stream().filter(e -> e.type().equals(DomainEvent.LEAD_HOT)).count();
  }

  @Test
  void invalidRulesAreA400NamingEachField() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Rules invalid");
    ObjectNode body = (ObjectNode) rules(admin);
    ((ObjectNode) body.get("thresholds")).put("hot", 30).put("warm", 60);
    ((ObjectNode) body.get("behaviour")).put("halfLife", "P0D");
    Api.Response r = api.put("/v1/scoring/rules", body, admin.accessToken());
    assertEquals(400, r.status(), r::toString);
    assertEquals("VALIDATION_FAILED", r.code());
    assertTrue(r.text().contains("/thresholds/hot"), r::toString);
    assertTrue(r.text().contains("/behaviour/halfLife"), r::toString);
    assertEquals(1, rules(admin).get("version").asInt());
  }

  @Test
  void savingRulesBumpsTheVersionKeepsTheOldOnesAndOnlyAdminsMaySave() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Rules save");
    ObjectNode body = (ObjectNode) rules(admin);
    assertEquals(1, body.get("version").asInt());
    ((ObjectNode) body.get("thresholds")).put("hot", 75);
    Api.Response saved = api.put("/v1/scoring/rules", body, admin.accessToken());
    assertEquals(200, saved.status(), saved::toString);
    assertEquals(2, saved.json().get("version").asInt());
    assertEquals(75, rules(admin).get("thresholds").get("hot").asInt());
    Api.Response stale = api.put("/v1/scoring/rules", body, admin.accessToken());
    assertEquals(412, stale.status(), stale::toString);
    Api.Response versions = api.get("/v1/scoring/rules/versions", admin.accessToken());
    assertEquals(200, versions.status(), versions::toString);
    assertEquals(2, versions.json().get("items").get(0).get("version").asInt());
    Session manager = AuthFixtures.user(api, admin, "manager");
    assertEquals(200, api.get("/v1/scoring/rules", manager.accessToken()).status());
    assertEquals(403, api.put("/v1/scoring/rules", body, manager.accessToken()).status());
  }

  @Test
  void aTitleChangeMovesTheScore() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Rescore patch");
    Session rep = AuthFixtures.user(api, admin, "rep");
    String id = createLead(rep, Map.of("lastName", "Title", "company", "Acme"));
    assertEquals(0, lead(rep, id).get("score").asInt());
    assertEquals(200, patch(rep, id, Map.of("title", "CTO")).status());
    JsonNode after = lead(rep, id);
    assertEquals(20, after.get("score").asInt(), after::toString);
    assertTrue(
        after.get("scoreExplanation").toString().contains("Title matches 'CTO'"), after::toString);
    assertEquals(
        "title.cLevel",
        after.get("scoreDetails").get("contributions").get(0).get("ruleId").asText());
  }

  @Test
  void aHeldMeetingRaisesTheScore() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Rescore meeting");
    Session rep = AuthFixtures.user(api, admin, "rep");
    String id = createLead(rep, Map.of("lastName", "Meet", "title", "Head of IT"));
    int before = lead(rep, id).get("score").asInt();
    Api.Response m = api.post(
        "/v1/leads/" + id + "/activities",
        Map.of(
            "type",
            "meeting",
            "meeting",
            Map.of(
                "startedAt",
                CLOCK.instant().toString(),
                "outcome",
                "held",
                "durationMinutes",
                30,
                "summary",
                "Went well")),
        rep.accessToken());
    assertEquals(201, m.status(), m::toString);
    JsonNode after = lead(rep, id);
    assertEquals(before + 25, after.get("score").asInt(), after::toString);
    assertTrue(after.get("scoreExplanation").toString().contains("Meeting held"), after::toString);
  }

  @Test
  void theDecayJobLowersBehaviourPointsAfterAHalfLife() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Decay");
    Session rep = AuthFixtures.user(api, admin, "rep");
    String id = createLead(rep, Map.of("lastName", "Decay"));
    Api.Response m = api.post(
        "/v1/leads/" + id + "/activities",
        Map.of(
            "type",
            "meeting",
            "meeting",
            Map.of("startedAt", CLOCK.instant().toString(), "outcome", "held")),
        rep.accessToken());
    assertEquals(201, m.status(), m::toString);
    JsonNode fresh = lead(rep, id);
    assertEquals(25, fresh.get("score").asInt(), fresh::toString);
    assertTrue(fresh.has("scoreNextDecayAt"), fresh::toString);
    CLOCK.advance(Duration.ofDays(30).plusHours(1));
    int rescored = Await.onContext(
        server, () -> server.server().features().scoring().service().decayOnce());
    assertTrue(rescored >= 1);
    Session later =
        AuthFixtures.login(api, rep.email(), AuthFixtures.PASSWORD); // the old token expired
    JsonNode decayed = lead(later, id);
    assertEquals(12, decayed.get("score").asInt(), decayed::toString);
    assertTrue(
        decayed.get("scoreExplanation").toString().contains("after decay"), decayed::toString);
    assertTrue(decayed.get("version").asLong() > fresh.get("version").asLong());
  }

  @Test
  void aBoothHotMarkIsRecordedExplainedAndAlertedOnce() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Booth");
    Session booth = AuthFixtures.user(api, admin, "booth");
    String id = createLead(booth, Map.of("lastName", "Booth", "hotAtCapture", true));
    JsonNode l = lead(booth, id);
    assertEquals("hot", l.get("temperature").asText(), l::toString);
    assertEquals(booth.userId(), l.get("hotOverride").get("by").asText());
    assertTrue(
        l.get("scoreExplanation")
            .toString()
            .contains("Marked hot at the booth by " + booth.userId()),
        l::toString);
    assertEquals(1, hotEvents(admin.tenantId(), id));
    Api.Response again = patch(booth, id, Map.of("hotAtCapture", true));
    assertEquals(400, again.status(), again::toString);
    assertTrue(again.text().contains("hotAtCapture"), again::toString);
    Session manager = AuthFixtures.user(api, admin, "manager");
    Api.Response notBooth = api.post(
        "/v1/leads", Map.of("lastName", "Mgr", "hotAtCapture", true), manager.accessToken());
    assertEquals(403, notBooth.status(), notBooth::toString);
  }

  @Test
  void serverOwnedScoreFieldsAreNotWritable() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Owned");
    Session rep = AuthFixtures.user(api, admin, "rep");
    String id = createLead(rep, Map.of("lastName", "Owned"));
    for (String field : List.of(
        "score",
        "temperature",
        "scoreExplanation",
        "scoreDetails",
        "scoreNextDecayAt",
        "hotOverride")) {
      Object value = field.equals("score") ? 99 : field.equals("temperature") ? "hot" : Map.of();
      Api.Response r = patch(rep, id, Map.of(field, value));
      assertEquals(400, r.status(), () -> field + ": " + r);
      assertTrue(r.text().contains(field), () -> field + ": " + r);
    }
    assertEquals("cold", lead(rep, id).get("temperature").asText());
  }

  @Test
  void leadHotIsEmittedOncePerCrossingNotOnEditsWhileHot() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Crossing");
    Session rep = AuthFixtures.user(api, admin, "rep");
    Map<String, Object> qualified = Map.of(
        "budget",
        "approved",
        "authority",
        "decision_maker",
        "need",
        "high",
        "timeline",
        "immediate");
    Map<String, Object> body = new HashMap<>(Map.of(
        "lastName",
        "Hot",
        "title",
        "CTO",
        "industry",
        "Software",
        "companySize",
        "501-1000",
        "bant",
        qualified));
    String id = createLead(rep, body);
    assertEquals("hot", lead(rep, id).get("temperature").asText());
    assertEquals(1, hotEvents(rep.tenantId(), id));
    assertEquals(200, patch(rep, id, Map.of("title", "CEO")).status());
    assertEquals(200, patch(rep, id, Map.of("firstName", "Ana")).status());
    assertEquals("hot", lead(rep, id).get("temperature").asText());
    assertEquals(1, hotEvents(rep.tenantId(), id));
    assertEquals(
        200, patch(rep, id, Map.of("bant", Map.of("budget", "planned"))).status());
    assertFalse(lead(rep, id).get("temperature").asText().equals("hot"));
    assertEquals(200, patch(rep, id, Map.of("bant", qualified)).status());
    assertEquals("hot", lead(rep, id).get("temperature").asText());
    assertEquals(2, hotEvents(rep.tenantId(), id));
  }
}
