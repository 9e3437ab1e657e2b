package com.fieldlead.assignment;

import static com.fieldlead.assignment.RoutingFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's speed-to-lead work list ({@code GET /v1/sla/open}) and unassigned queue ({@code GET
 * /v1/leads?unassigned=true}) on a hand-moved clock: what is late, what is due soon, who sees which.
 */
class SlaWorkListEndpointTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-03-03T10:00:00Z"));
  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS, "86400"), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  private static JsonNode ok(Api.Response r) {
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  private static List<String> ids(JsonNode list) {
    return list.findValuesAsText("leadId");
  }

  @Test
  void aManagerSeesTheLateLeadsNewestDueFirstAndThoseDueWithinTheHourButNotContactedOnes() {
    RoutingFixture f =
        RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(server, "Work list"), 1);
    ok(api.put(
        "/v1/sla/policy",
        map(
            "contactTypes",
            List.of("call", "meeting", "email"),
            "rules",
            List.of(map("id", "hour", "withinMinutes", 60, "clock", "wall"))),
        f.admin().accessToken()));
    String otherTeam = AuthFixtures.team(api, f.admin(), "Inside sales");
    Session otherManager =
        AuthFixtures.user(api, f.admin(), "manager", List.of(), List.of(otherTeam));
    Session rep = f.reps().get(0);

    String first = f.capture(f.booth(), "lastName", "Early", "company", "Acme");
    CLOCK.advance(Duration.ofMinutes(20));
    String second = f.capture(f.booth(), "lastName", "Later");
    CLOCK.advance(Duration.ofMinutes(70)); // the first is 30 minutes late, the second 10
    String soon = f.capture(f.booth(), "lastName", "Fresh");
    String called = f.capture(f.booth(), "lastName", "Called");
    Api.Response call = api.post(
        "/v1/leads/" + called + "/activities",
        map(
            "type",
            "call",
            "occurredAt",
            CLOCK.instant().toString(),
            "call",
            map("direction", "outbound", "outcome", "connected")),
        rep.accessToken());
    assertEquals(201, call.status(), call::toString);

    JsonNode view = ok(api.get("/v1/sla/open", f.manager().accessToken()));
    assertEquals(List.of(second, first), ids(view.get("breached")), view::toString);
    assertEquals(List.of(soon), ids(view.get("dueSoon")), view::toString);
    JsonNode late = view.get("breached").get(1);
    assertEquals("Early (Acme)", late.get("leadName").asText(), late::toString);
    assertEquals(rep.userId(), late.get("ownerId").asText());
    assertEquals("breached", late.get("status").asText());
    assertEquals(60, view.get("dueWithinMinutes").asInt());

    JsonNode narrow =
        ok(api.get("/v1/sla/open?dueWithinMinutes=30&limit=1", f.admin().accessToken()));
    assertEquals(List.of(second), ids(narrow.get("breached")), "limit 1 keeps the newest due");
    assertTrue(narrow.get("dueSoon").isEmpty(), "nothing is due within 30 minutes");

    JsonNode other = ok(api.get("/v1/sla/open", otherManager.accessToken()));
    assertTrue(
        other.get("breached").isEmpty() && other.get("dueSoon").isEmpty(),
        () -> "another team's manager sees none of this team's clocks: " + other);
    Api.Response asRep = api.get("/v1/sla/open", rep.accessToken());
    assertEquals(403, asRep.status(), asRep::toString);
    Api.Response bad = api.get("/v1/sla/open?dueWithinMinutes=0", f.manager().accessToken());
    assertEquals(400, bad.status(), bad::toString);
  }

  @Test
  void capturesNobodyCanTakeAreTheUnassignedQueueThatEveryManagerSeesAndTheOtherLeadsAreNot() {
    RoutingFixture f = RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(server, "Queue"), 0);
    String otherTeam = AuthFixtures.team(api, f.admin(), "Inside sales");
    Session otherManager =
        AuthFixtures.user(api, f.admin(), "manager", List.of(), List.of(otherTeam));
    List<String> queued = f.pushCaptures(f.booth(), 2);
    Session rep = AuthFixtures.user(api, f.admin(), "rep", List.of(f.teamId()), List.of());
    Api.Response own = api.post("/v1/leads", map("lastName", "Mine"), rep.accessToken());
    assertEquals(201, own.status(), own::toString);
    String owned = own.json().get("id").asText();

    for (Session manager : List.of(f.manager(), otherManager)) {
      JsonNode queue = ok(api.get("/v1/leads?unassigned=true&limit=50", manager.accessToken()));
      List<String> seen = queue.get("items").findValuesAsText("id");
      assertTrue(seen.containsAll(queued), () -> "the queue: " + seen);
      assertFalse(seen.contains(owned), () -> "an owned lead is not queued: " + seen);
      JsonNode clocks = ok(api.get("/v1/sla/open?dueWithinMinutes=1440", manager.accessToken()));
      assertTrue(
          ids(clocks.get("dueSoon")).containsAll(queued),
          () -> "every manager works the queue's clocks: " + clocks);
    }
    JsonNode assigned =
        ok(api.get("/v1/leads?unassigned=false&limit=50", f.admin().accessToken()));
    List<String> rest = assigned.get("items").findValuesAsText("id");
    assertTrue(rest.contains(owned), () -> "the others: " + rest);
    assertTrue(rest.stream().noneMatch(queued::contains), () -> "the others: " + rest);
  }
}
