package com.fieldlead.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The people and teams a lead names: the owner's team is derived, and every reference is of the caller's tenant. */
class LeadReferencesTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  @Test
  void aManagersLeadForARepGetsTheRepsTeamAndTheManagerCanReassignIt() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Refs");
    String team = AuthFixtures.team(api, admin, "Field");
    Session manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(team));
    Session rep = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    Session other = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    Api.Response created = api.post(
        "/v1/leads", Map.of("lastName", "Given", "ownerId", rep.userId()), manager.accessToken());
    assertEquals(201, created.status(), created::toString);
    assertEquals(team, created.json().path("teamId").asText(null), created::toString);
    String id = created.json().get("id").asText();
    Api.Response assigned = api.post(
        "/v1/leads/" + id + "/assign", Map.of("ownerId", other.userId()), manager.accessToken());
    assertEquals(200, assigned.status(), assigned::toString);
    Api.Response lead = api.get("/v1/leads/" + id, manager.accessToken());
    assertEquals(other.userId(), lead.json().get("ownerId").asText(), lead::toString);
  }

  @Test
  void anOwnerOrTeamOfAnotherTenantOrOfNobodyIsRefusedOnEveryWritePathAndNothingIsStored() {
    AuthFixtures.TwoTenants two = AuthFixtures.twoTenants(server);
    Session admin = two.adminA();
    Session foreignRep = AuthFixtures.user(api, two.adminB(), "rep");
    String foreignTeam = AuthFixtures.team(api, two.adminB(), "Theirs");
    long before = count(admin);
    for (Map<String, Object> bad : List.<Map<String, Object>>of(
        Map.of("lastName", "X", "ownerId", foreignRep.userId()),
        Map.of("lastName", "X", "ownerId", "no-such-user-123"),
        Map.of("lastName", "X", "teamId", "no-such-team"),
        Map.of("lastName", "X", "teamId", foreignTeam))) {
      Api.Response r = api.post("/v1/leads", bad, admin.accessToken());
      assertEquals(400, r.status(), () -> bad + " " + r);
      assertEquals("application/problem+json", r.header("content-type"), r::toString);
    }
    Api.Response imported = api.post(
        "/v1/leads/import",
        Map.of("leads", List.of(Map.of("lastName", "Imported", "ownerId", foreignRep.userId()))),
        admin.accessToken());
    assertEquals(200, imported.status(), imported::toString);
    assertEquals(
        "invalid", imported.json().get("rows").get(0).get("outcome").asText(), imported::toString);
    assertEquals(
        "/ownerId",
        imported.json().get("rows").get(0).get("errors").get(0).get("field").asText());
    String id = UUID.randomUUID().toString();
    Api.Response pushed = api.post(
        "/v1/sync/push",
        Map.of(
            "protocolVersion",
            1,
            "deviceId",
            "refs-phone",
            "mutations",
            List.of(Map.of(
                "clientMutationId",
                "m1",
                "entityType",
                "lead",
                "entityId",
                id,
                "op",
                "create",
                "changes",
                Map.of("lastName", "Pushed", "teamId", foreignTeam)))),
        admin.accessToken());
    assertEquals(200, pushed.status(), pushed::toString);
    assertEquals(
        "rejected", pushed.json().get("results").get(0).get("result").asText(), pushed::toString);
    assertEquals(before, count(admin), "nothing stored");

    Api.Response mine = api.post("/v1/leads", Map.of("lastName", "Mine"), admin.accessToken());
    String leadId = mine.json().get("id").asText();
    Api.Response patched = api.patch(
        "/v1/leads/" + leadId,
        Map.of("ownerId", foreignRep.userId()),
        admin.accessToken(),
        Map.of("If-Match", "\"1\""));
    assertEquals(400, patched.status(), patched::toString);
    Api.Response stored = api.get("/v1/leads/" + leadId, admin.accessToken());
    assertEquals(admin.userId(), stored.json().get("ownerId").asText(), stored::toString);
    assertEquals(1, stored.json().get("version").asLong(), stored::toString);
  }

  private static long count(Session admin) {
    Api.Response r = api.get("/v1/leads?total=true&limit=1", admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json().get("total").asLong();
  }

  @Test
  void
      eventsSegmentsAndRoutingRulesNamingAnotherTenantsPeopleOrTeamsAreRefusedAndNothingIsStored() {
    AuthFixtures.TwoTenants two = AuthFixtures.twoTenants(server);
    Session admin = two.adminA();
    Session foreignRep = AuthFixtures.user(api, two.adminB(), "rep");
    String foreignTeam = AuthFixtures.team(api, two.adminB(), "Theirs");
    String eventId = UUID.randomUUID().toString();

    Api.Response event = api.post(
        "/v1/events",
        Map.of(
            "id",
            eventId,
            "name",
            "Their Expo",
            "startsOn",
            "2026-05-01",
            "endsOn",
            "2026-05-02",
            "timeZone",
            "Europe/Berlin",
            "ownerId",
            foreignRep.userId()),
        admin.accessToken());
    assertEquals(400, event.status(), event::toString);
    assertEquals(
        "/ownerId", event.json().get("errors").get(0).get("field").asText(), event::toString);
    assertEquals(404, api.get("/v1/events/" + eventId, admin.accessToken()).status());

    for (Map<String, Object> filter : List.<Map<String, Object>>of(
        Map.of("ownerId", foreignRep.userId()),
        Map.of("teamId", foreignTeam),
        Map.of("eventId", "no-such-event"))) {
      Api.Response segment =
          api.post("/v1/segments", Map.of("name", "Theirs", "filter", filter), admin.accessToken());
      assertEquals(400, segment.status(), () -> filter + " " + segment);
    }
    assertEquals(
        0, api.get("/v1/segments", admin.accessToken()).json().get("items").size());

    Api.Response rr = api.put(
        "/v1/routing/rules",
        Map.of(
            "fallbackQueue",
            "unassigned",
            "rules",
            List.of(Map.of("type", "round_robin", "id", "theirs", "teamId", foreignTeam))),
        admin.accessToken());
    assertEquals(400, rr.status(), rr::toString);
    assertEquals(
        "/rules/0/teamId", rr.json().get("errors").get(0).get("field").asText(), rr::toString);
    Api.Response territory = api.put(
        "/v1/routing/rules",
        Map.of(
            "fallbackQueue",
            "unassigned",
            "rules",
            List.of(Map.of(
                "type",
                "territory",
                "id",
                "de",
                "countries",
                List.of("DE"),
                "target",
                Map.of("kind", "user", "id", foreignRep.userId())))),
        admin.accessToken());
    assertEquals(400, territory.status(), territory::toString);
    assertEquals(
        "/rules/0/target/id", territory.json().get("errors").get(0).get("field").asText());
    Api.Response rules = api.get("/v1/routing/rules", admin.accessToken());
    assertEquals(true, rules.json().get("isDefault").asBoolean(), rules::toString);
  }

  @Test
  void aCaptureWithoutOwnerOrTeamTakesTheTeamOfItsBoothAndARepsOwnLeadTheRepsTeam() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Booth team");
    String team = AuthFixtures.team(api, admin, "Expo crew");
    Session booth = AuthFixtures.user(api, admin, "booth", List.of(team), List.of());
    Session rep = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    Api.Response captured =
        api.post("/v1/leads", Map.of("lastName", "Visitor"), booth.accessToken());
    assertEquals(201, captured.status(), captured::toString);
    assertEquals(team, captured.json().path("teamId").asText(null), captured::toString);
    Api.Response own = api.post("/v1/leads", Map.of("lastName", "Mine"), rep.accessToken());
    assertEquals(201, own.status(), own::toString);
    assertEquals(team, own.json().path("teamId").asText(null), own::toString);
    assertEquals(rep.userId(), own.json().path("ownerId").asText(null), own::toString);
  }
}
