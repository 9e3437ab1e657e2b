package com.fieldlead.assignment;

import static com.fieldlead.assignment.RoutingFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.assignment.model.Assignment;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routing of ownerless captures through the real server: every rule type, availability, queues, reassignment. */
class RoutingEndpointTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  private static RoutingFixture fixture(int reps) {
    return RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(server, "Routing"), reps);
  }

  @Test
  void withoutRulesBoothCapturesRotateRoundRobinOverTheTenantsReps() {
    RoutingFixture f = fixture(3);
    Api.Response rules = api.get("/v1/routing/rules", f.manager().accessToken());
    assertEquals(200, rules.status(), rules::toString);
    assertTrue(rules.json().get("isDefault").asBoolean());
    assertEquals("unassigned", rules.json().get("fallbackQueue").asText());
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      owners.add(f.owner(f.capture(f.booth())));
    }
    List<String> reps = f.reps().stream().map(Session::userId).toList();
    String first = owners.get(0);
    int start = reps.indexOf(first);
    for (int i = 0; i < 6; i++) {
      assertEquals(reps.get((start + i) % 3), owners.get(i), "rotation " + owners);
    }
  }

  @Test
  void aBoothsPushOfManyCapturesIsRoutedInCaptureOrderAndTheRotationGoesOnAfterIt() {
    RoutingFixture f = fixture(3);
    List<String> ids = f.pushCaptures(f.booth(), 30);
    List<String> reps = f.reps().stream().map(Session::userId).toList();
    List<String> owners = ids.stream().map(f::owner).toList();
    int start = reps.indexOf(owners.get(0));
    assertTrue(start >= 0, "every capture of the batch is routed: " + owners);
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(reps.get((start + i) % 3), owners.get(i), "rotation " + owners);
      JsonNode history = f.history(ids.get(i));
      assertEquals(1, history.size(), history::toString);
      assertEquals(owners.get(i), history.get(0).get("ownerId").asText());
      assertTrue(history.get(0).get("reason").asText().contains("round robin"), history::toString);
    }
    // the cursor stands where the batch left it: the next capture goes to the next rep in turn
    assertEquals(reps.get((start + 30) % 3), f.owner(f.capture(f.booth())));
  }

  @Test
  void aBoothsCapturesAreRoutedBeforeTheirInsertAndWrittenOnceWithTheirOwners() {
    RoutingFixture f = fixture(3);
    long leadUpdates = api.storeCommands("leads", "update");
    long historyWrites = api.storeCommands("lead_history", "insert");
    List<String> ids = f.pushCaptures(f.booth(), 30);
    // no second write of a capture for its owner: the only later write to the leads is the event
    // relay's one clearing of the events stored with them
    long rewrites = api.storeCommands("leads", "update") - leadUpdates;
    assertTrue(rewrites <= 1, "lead writes after the insert: " + rewrites);
    assertEquals(
        1,
        api.storeCommands("lead_history", "insert") - historyWrites,
        "history inserts for one push of 30 routed captures");
    Set<String> reps = new HashSet<>(f.reps().stream().map(Session::userId).toList());
    for (String id : ids) {
      JsonNode lead = f.lead(id);
      assertEquals(1, lead.get("version").asInt(), lead::toString);
      assertTrue(reps.contains(lead.get("ownerId").asText()), lead::toString);
      assertEquals(f.teamId(), lead.get("teamId").asText(), lead::toString);
      Api.Response history = api.get("/v1/leads/" + id + "/history", f.admin().accessToken());
      assertEquals(200, history.status(), history::toString);
      JsonNode entries = history.json().get("items");
      assertEquals(1, entries.size(), entries::toString);
      assertEquals("create", entries.get(0).get("action").asText(), entries::toString);
      assertTrue(
          entries.get(0).get("changes").findValuesAsText("field").contains("ownerId"),
          entries::toString);
      // the routing decision is on record as before, with its rule and reason
      JsonNode assignments = f.history(id);
      assertEquals(1, assignments.size(), assignments::toString);
      assertEquals(
          lead.get("ownerId").asText(), assignments.get(0).get("ownerId").asText());
      assertTrue(
          assignments.get(0).get("reason").asText().contains("round robin"), assignments::toString);
    }
    // each owner's SLA clock runs from the capture
    Api.Response sla = api.get(
        "/v1/sla/compliance?groupBy=rep&from=" + Instant.now().minusSeconds(600) + "&to="
            + Instant.now().plusSeconds(60),
        f.manager().accessToken());
    assertEquals(200, sla.status(), sla::toString);
    int counted = 0;
    for (JsonNode g : sla.json().get("groups")) {
      counted += g.get("leads").asInt();
    }
    assertEquals(30, counted, sla::toString);
  }

  @Test
  void aRoutedBatchNudgesEachRepsPhonesOnceAndStampsChangesPerBatchNotPerCapture() {
    RoutingFixture f = fixture(3);
    long nudgeWrites = api.storeCommands("sync_nudges", "update");
    long stamps = api.storeCommands("sync_counters", "findAndModify");
    long counts = api.storeCommands("leads", "aggregate");
    f.pushCaptures(f.booth(), 30);
    // no capacity rule and no rep with a cap: nobody's open leads need counting
    assertEquals(
        0, api.storeCommands("leads", "aggregate") - counts, "open-lead counts without any cap");
    nudgeWrites = api.storeCommands("sync_nudges", "update") - nudgeWrites;
    stamps = api.storeCommands("sync_counters", "findAndModify") - stamps;
    // each rep's phones hear once that leads came their way (at most two writes of the nudge gate
    // per rep)
    assertTrue(nudgeWrites <= 2 * 3, "nudge gate writes for 30 routed captures: " + nudgeWrites);
    for (Session rep : f.reps()) {
      long nudges = Await.onContext(
          server,
          () -> MongoFutures.one(server
              .server()
              .store()
              .collection("notifications")
              .countDocuments(new Document("userId", rep.userId()).append("kind", "sync_nudge"))));
      assertEquals(1, nudges, "sync nudges for " + rep.userId());
    }
    // the captures' insert and their owners' update are stamped per batch; new captures have no
    // activities to restamp
    assertTrue(
        stamps <= 4, "change-sequencer stamps for one push of 30 routed captures: " + stamps);
  }

  @Test
  void capacityCountsTheLeadsHandedOutEarlierInTheSameBatchAndTheRestWaitsInTheQueue() {
    RoutingFixture f = fixture(3);
    f.putRules(map(
        "fallbackQueue",
        "overflow",
        "rules",
        List.of(
            map("type", "capacity", "id", "cap", "maxOpenLeads", 2),
            map("type", "round_robin", "id", "team", "teamId", f.teamId()))));
    List<String> ids = f.pushCaptures(f.booth(), 10);
    Map<String, Integer> perRep = new HashMap<>();
    List<String> queued = new ArrayList<>();
    for (String id : ids) {
      String owner = f.owner(id);
      if (owner == null) {
        queued.add(id);
        assertEquals("overflow", f.lastAssignment(id).get("queue").asText());
      } else {
        perRep.merge(owner, 1, Integer::sum);
      }
    }
    assertEquals(
        Map.of(
            f.reps().get(0).userId(),
            2,
            f.reps().get(1).userId(),
            2,
            f.reps().get(2).userId(),
            2),
        perRep);
    assertEquals(
        ids.subList(6, 10), queued, "the first six captures fill the reps; the last four wait");
  }

  @Test
  void batchesFromTwoBoothsAtOnceShareOneRotation() throws Exception {
    RoutingFixture f = fixture(3);
    Session second = AuthFixtures.user(api, f.admin(), "booth");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> f.pushCaptures(f.booth(), 10));
      var b = pool.submit(() -> f.pushCaptures(second, 11));
      List<String> ids = new ArrayList<>(a.get());
      ids.addAll(b.get());
      Map<String, Integer> perRep = new HashMap<>();
      ids.forEach(id -> perRep.merge(String.valueOf(f.owner(id)), 1, Integer::sum));
      // 21 turns in one rotation are 7 each; two batches deciding on the same cursor would give one
      // rep 8
      assertEquals(
          Map.of(
              f.reps().get(0).userId(),
              7,
              f.reps().get(1).userId(),
              7,
              f.reps().get(2).userId(),
              7),
          perRep);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void territoryRulesRouteByCountryAndPostalPrefixAndTheRestWaitsInTheFallbackQueue() {
    RoutingFixture f = fixture(2);
    String berlin = f.reps().get(0).userId();
    String germany = f.reps().get(1).userId();
    f.putRules(map(
        "fallbackQueue",
        "inbox",
        "rules",
        List.of(
            map(
                "type",
                "territory",
                "id",
                "berlin",
                "countries",
                List.of("DE"),
                "postalPrefixes",
                List.of("10"),
                "target",
                map("kind", "user", "id", berlin)),
            map(
                "type",
                "territory",
                "id",
                "germany",
                "countries",
                List.of("DE"),
                "target",
                map("kind", "user", "id", germany)))));
    assertEquals(
        berlin,
        f.owner(
            f.capture(f.booth(), "country", "DE", "customFields", map("postalCode", "10 115"))));
    assertEquals(
        germany,
        f.owner(f.capture(f.booth(), "country", "DE", "customFields", map("postalCode", "80331"))));
    String french = f.capture(f.booth(), "country", "FR");
    assertNull(f.owner(french));
    JsonNode queued = f.lastAssignment(french);
    assertEquals("inbox", queued.get("queue").asText());
    assertEquals("fallback", queued.get("ruleId").asText());
    JsonNode routed = f.history(
        f.capture(f.booth(), "country", "DE", "customFields", map("postalCode", "10117")));
    assertEquals("berlin", routed.get(0).get("ruleId").asText());
    assertEquals("system", routed.get(0).get("byKind").asText());
  }

  @Test
  void eventRulesGiveCapturesToTheEventOwnerOrTheCapturingRep() {
    RoutingFixture f = fixture(2);
    String owner = f.reps().get(1).userId();
    Api.Response ev = api.post(
        "/v1/events",
        map(
            "name",
            "Expo",
            "startsOn",
            "2025-05-01",
            "endsOn",
            "2025-05-02",
            "timeZone",
            "Europe/Berlin",
            "ownerId",
            owner),
        f.admin().accessToken());
    assertEquals(201, ev.status(), ev::toString);
    String eventId = ev.json().get("id").asText();
    f.putRules(map(
        "fallbackQueue",
        "inbox",
        "rules",
        List.of(
            map("type", "event", "id", "by-capturer", "mode", "capturing_rep"),
            map(
                "type",
                "event",
                "id",
                "by-owner",
                "eventIds",
                List.of(eventId),
                "mode",
                "event_owner"))));
    // a booth user is not a rep: the capturing-rep rule falls through to the event owner
    String booth = f.capture(f.booth(), "eventId", eventId);
    assertEquals(owner, f.owner(booth));
    assertTrue(f.lastAssignment(booth).get("reason").asText().contains("not a known rep"));
    // a rep's capture that arrives without owner (an import of their scans) goes back to them
    Session rep = f.reps().get(0);
    String scanned = f.capture(rep, "eventId", eventId);
    Api.Response cleared = api.patch(
        "/v1/leads/" + scanned,
        map("ownerId", null),
        f.admin().accessToken(),
        Map.of("If-Match", "\"" + f.lead(scanned).get("version").asLong() + "\""));
    assertEquals(200, cleared.status(), cleared::toString);
    AssignmentService service = server.server().features().assignment().assignments();
    Lead lead = Await.onContext(
            server,
            () -> server.server().features().leads().repository().find(rep.tenantId(), scanned))
        .orElseThrow();
    Assignment a = Await.onContext(server, () -> service.route(lead, null, null));
    assertEquals(rep.userId(), a.ownerId());
    assertEquals("by-capturer", a.ruleId());
    assertEquals(rep.userId(), f.owner(scanned));
  }

  @Test
  void capacityAndOutOfOfficeRepsAreSkippedUntilOnlyTheQueueIsLeft() {
    RoutingFixture f = fixture(3);
    Session full = f.reps().get(0);
    Session away = f.reps().get(1);
    Session free = f.reps().get(2);
    f.capture(full); // a rep's own capture is theirs: one open lead
    f.availability(
        away,
        map(
            "outOfOffice",
            List.of(map(
                "from",
                Instant.now().minusSeconds(3600).toString(),
                "to",
                Instant.now().plusSeconds(86400).toString()))));
    f.putRules(map(
        "fallbackQueue",
        "overflow",
        "rules",
        List.of(
            map("type", "capacity", "id", "cap", "maxOpenLeads", 1),
            map("type", "round_robin", "id", "team", "teamId", f.teamId()))));
    String first = f.capture(f.booth());
    assertEquals(free.userId(), f.owner(first));
    String reason = f.lastAssignment(first).get("reason").asText();
    assertTrue(reason.contains(full.userId() + " skipped: at capacity"), reason);
    assertTrue(reason.contains(away.userId() + " skipped: out of office"), reason);
    String second = f.capture(f.booth());
    assertNull(f.owner(second));
    assertEquals("overflow", f.lastAssignment(second).get("queue").asText());
  }

  @Test
  void aManualReassignmentMovesTheLeadFromTheOldOwnersListsToTheNewOwners() {
    RoutingFixture f = fixture(2);
    String id = f.capture(f.booth());
    String oldOwner = f.owner(id);
    Session from =
        f.reps().stream().filter(r -> r.userId().equals(oldOwner)).findFirst().orElseThrow();
    Session to =
        f.reps().stream().filter(r -> !r.userId().equals(oldOwner)).findFirst().orElseThrow();
    assertEquals(200, api.get("/v1/leads/" + id, from.accessToken()).status());
    Api.Response moved = api.post(
        "/v1/leads/" + id + "/assign",
        map("ownerId", to.userId(), "reason", "Speaks Italian"),
        f.manager().accessToken());
    assertEquals(200, moved.status(), moved::toString);
    assertEquals("manual", moved.json().get("ruleId").asText());
    assertEquals("manager", moved.json().get("byKind").asText());
    assertEquals(404, api.get("/v1/leads/" + id, from.accessToken()).status());
    assertEquals(200, api.get("/v1/leads/" + id, to.accessToken()).status());
    assertTrue(api.get("/v1/leads?limit=100", to.accessToken()).text().contains(id));
    assertTrue(!api.get("/v1/leads?limit=100", from.accessToken()).text().contains(id));
    JsonNode history = f.history(id);
    assertEquals(2, history.size());
    assertEquals(oldOwner, history.get(1).get("previousOwnerId").asText());
    assertTrue(history.get(1).get("reason").asText().contains("Speaks Italian"));
    // another team's manager cannot reach it; a rep cannot reassign at all
    String otherTeam = AuthFixtures.team(api, f.admin(), "Other");
    Session stranger = AuthFixtures.user(api, f.admin(), "manager", List.of(), List.of(otherTeam));
    assertEquals(
        404,
        api.post(
                "/v1/leads/" + id + "/assign",
                map("ownerId", from.userId()),
                stranger.accessToken())
            .status());
    assertEquals(
        403,
        api.post("/v1/leads/" + id + "/assign", map("ownerId", from.userId()), to.accessToken())
            .status());
    assertEquals(
        200, api.get("/v1/leads/" + id + "/assignments", to.accessToken()).status());
    assertEquals(
        404, api.get("/v1/leads/" + id + "/assignments", from.accessToken()).status());
  }

  @Test
  void aRuleChangeMovesLeadsOfARemovedQueueIntoTheNewFallbackQueue() {
    RoutingFixture f = fixture(1);
    f.putRules(map("fallbackQueue", "inbox", "rules", List.of()));
    String a = f.capture(f.booth());
    String b = f.capture(f.booth());
    assertEquals("inbox", f.lastAssignment(a).get("queue").asText());
    Api.Response changed = api.put(
        "/v1/routing/rules",
        map("fallbackQueue", "triage", "rules", List.of()),
        f.admin().accessToken());
    assertEquals(200, changed.status(), changed::toString);
    assertEquals(2, changed.json().get("requeued").asInt());
    assertEquals(2, changed.json().get("version").asInt());
    for (String id : List.of(a, b)) {
      JsonNode last = f.lastAssignment(id);
      assertEquals("triage", last.get("queue").asText());
      assertTrue(last.get("reason").asText().contains("'inbox'"), last::toString);
    }
    // a manager can queue a lead, but only into a queue the rules have
    String c = f.capture(f.reps().get(0));
    assertEquals(
        400,
        api.post(
                "/v1/leads/" + c + "/assign", map("queue", "inbox"), f.manager().accessToken())
            .status());
    assertEquals(
        200,
        api.post("/v1/leads/" + c + "/assign", map("queue", "triage"), f.admin().accessToken())
            .status());
    assertNull(f.owner(c));
  }

  @Test
  void availabilityIsSetByTheUserTheirManagerOrAnAdminOnly() {
    RoutingFixture f = fixture(2);
    Session rep = f.reps().get(0);
    String path = "/v1/users/" + rep.userId() + "/availability";
    Api.Response unset = api.get(path, rep.accessToken());
    assertEquals(200, unset.status(), unset::toString);
    assertTrue(unset.json().get("active").asBoolean());
    assertEquals("Europe/Berlin", unset.json().get("timeZone").asText());
    Map<String, Object> body = map(
        "workingHours",
        List.of(map("day", "monday", "start", "09:00", "end", "17:00")),
        "maxOpenLeads",
        20);
    assertEquals(200, api.put(path, body, rep.accessToken()).status());
    assertEquals(200, api.put(path, body, f.manager().accessToken()).status());
    assertEquals(403, api.put(path, body, f.reps().get(1).accessToken()).status());
    Api.Response stored = api.get(path, f.admin().accessToken());
    assertEquals(2, stored.json().get("version").asInt());
    assertEquals(20, stored.json().get("maxOpenLeads").asInt());
  }

  @Test
  void badRoutingInputIsRefusedNamingEachField() {
    RoutingFixture f = fixture(1);
    String token = f.admin().accessToken();
    assertFields(api.put("/v1/routing/rules", map("rules", List.of()), token), "/fallbackQueue");
    Map<String, Object> territory = new HashMap<>(map(
        "type",
        "territory",
        "id",
        "t",
        "countries",
        List.of("DEU"),
        "target",
        map("kind", "user", "id", "u")));
    assertFields(
        api.put("/v1/routing/rules", map("fallbackQueue", "q", "rules", List.of(territory)), token),
        "/rules/0/countries/0");
    assertFields(
        api.put(
            "/v1/routing/rules",
            map(
                "fallbackQueue",
                "q",
                "rules",
                List.of(map("type", "capacity", "id", "c", "maxOpenLeads", 0))),
            token),
        "/rules/0/maxOpenLeads");
    assertFields(
        api.put(
            "/v1/routing/rules",
            map(
                "fallbackQueue",
                "q",
                "rules",
                List.of(
                    map("type", "round_robin", "id", "a", "teamId", "t"),
                    map("type", "round_robin", "id", "a", "teamId", "u"))),
            token),
        "/rules/1/id");
    assertFields(
        api.put(
            "/v1/routing/rules",
            map("fallbackQueue", "q", "rules", List.of(map("type", "teleport", "id", "a"))),
            token),
        "/rules/0/type");
    assertEquals(
        403,
        api.put(
                "/v1/routing/rules",
                map("fallbackQueue", "q", "rules", List.of()),
                f.manager().accessToken())
            .status());
    String path = "/v1/users/" + f.reps().get(0).userId() + "/availability";
    assertFields(api.put(path, map("timeZone", "Mars/Olympus"), token), "/timeZone");
    assertFields(
        api.put(
            path,
            map(
                "outOfOffice",
                List.of(map("from", "2025-05-02T00:00:00Z", "to", "2025-05-01T00:00:00Z"))),
            token),
        "/outOfOffice/0/to");
    assertFields(
        api.put(
            path,
            map("workingHours", List.of(map("day", "funday", "start", "09:00", "end", "17:00"))),
            token),
        "/workingHours/0/day");
    assertFields(
        api.put(
            path,
            map("workingHours", List.of(map("day", "monday", "start", "17:00", "end", "09:00"))),
            token),
        "/workingHours/0");
    String lead = f.capture(f.reps().get(0));
    assertFields(
        api.post(
            "/v1/leads/" + lead + "/assign",
            map("ownerId", f.reps().get(0).userId(), "queue", "q"),
            token),
        "/queue");
    assertFields(
        api.post("/v1/leads/" + lead + "/assign", map("ownerId", "nobody"), token), "/ownerId");
  }

  static void assertFields(Api.Response r, String... fields) {
    assertEquals(400, r.status(), r::toString);
    List<String> named = new ArrayList<>();
    r.json().get("errors").forEach(e -> named.add(e.get("field").asText()));
    for (String field : fields) {
      assertTrue(named.contains(field), () -> "expected " + field + " in " + named + ": " + r);
    }
    assertNotEquals(0, named.size());
  }
}
