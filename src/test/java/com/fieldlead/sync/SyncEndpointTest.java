package com.fieldlead.sync;

import static com.fieldlead.sync.SyncFixture.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Offline delta sync over HTTP: scopes, reassignment, merge and conflicts, replays, rejections, bad input. */
class SyncEndpointTest {

  static TestServer server;
  static SyncFixture f;
  static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    f = SyncFixture.create(server, "Sync");
    api = f.api();
  }

  @Test
  void aFirstPullReturnsTheRepsOwnLeadsWithReferenceDataAndAResumableCheckpoint() {
    String mine = f.leadOwnedBy(f.rep1());
    String theirs = f.leadOwnedBy(f.rep2());
    SyncFixture.Pulled first = f.pullAll(f.rep1(), "d-first", null);
    assertNotNull(first.last(mine), "own lead missing");
    assertNull(first.last(theirs), "another rep's lead leaked into the scope");
    JsonNode state = first.last(mine).get("state");
    assertEquals("Lovelace", state.get("lastName").asText());
    assertFalse(state.has("tenantId"));
    JsonNode reference = first.firstPage().get("reference");
    assertTrue(reference.get("statuses").size() > 0, reference::toString);
    Set<String> team = new HashSet<>();
    reference.get("team").forEach(u -> team.add(u.get("id").asText()));
    assertTrue(
        team.contains(f.rep2().userId()) && team.contains(f.manager().userId()), team::toString);

    SyncFixture.Pulled again = f.pullAll(f.rep1(), "d-first", first.checkpoint());
    assertNull(again.last(mine), "an unchanged lead came again");
    assertNull(again.firstPage().get("reference"));
    Api.Response edit = api.patch(
        "/v1/leads/" + mine,
        Map.of("title", "CTO"),
        f.manager().accessToken(),
        Map.of("If-Match", "\"" + f.lead(mine).get("version").asLong() + "\""));
    assertEquals(200, edit.status(), edit::toString);
    SyncFixture.Pulled delta = f.pullAll(f.rep1(), "d-first", again.checkpoint());
    assertEquals("CTO", delta.last(mine).get("state").get("title").asText());
    assertEquals(
        f.lead(mine).get("version").asLong(), delta.last(mine).get("version").asLong());
  }

  @Test
  void aReassignedLeadLeavesTheOldOwnersPhoneAndArrivesOnTheNewOwnersWithItsActivities() {
    String lead = f.leadOwnedBy(f.rep1());
    Api.Response note = api.post(
        "/v1/leads/" + lead + "/activities",
        Map.of(
            "id",
            UUID.randomUUID().toString(),
            "type",
            "note",
            "occurredAt",
            "2025-03-01T10:00:00Z",
            "note",
            Map.of("text", "likes engines")),
        f.rep1().accessToken());
    assertEquals(201, note.status(), note::toString);
    String activity = note.json().get("id").asText();
    SyncFixture.Pulled old = f.pullAll(f.rep1(), "d-old", null);
    SyncFixture.Pulled fresh = f.pullAll(f.rep2(), "d-new", null);
    assertNotNull(old.last(lead));
    assertNull(fresh.last(lead));

    Api.Response move = api.patch(
        "/v1/leads/" + lead,
        Map.of("ownerId", f.rep2().userId()),
        f.manager().accessToken(),
        Map.of("If-Match", "\"" + f.lead(lead).get("version").asLong() + "\""));
    assertEquals(200, move.status(), move::toString);

    JsonNode left = f.pullAll(f.rep1(), "d-old", old.checkpoint()).last(lead);
    assertNotNull(left, "the old owner was not told");
    assertTrue(left.get("removedFromScope").asBoolean(), left::toString);
    assertFalse(left.has("state"), "a lead that left the scope must not carry its state");
    JsonNode arrived = f.pullAll(f.rep2(), "d-new", fresh.checkpoint()).last(lead);
    assertNotNull(arrived, "the new owner did not get the lead");
    assertEquals(f.rep2().userId(), arrived.get("state").get("ownerId").asText());
    SyncFixture.Pulled newOwner = f.pullAll(f.rep2(), "d-new-2", fresh.checkpoint());
    assertNotNull(
        newOwner.last(activity),
        "the lead's earlier activities did not follow it to the new owner");
    JsonNode managerView = f.pullAll(f.manager(), "d-mgr", null).last(lead);
    assertFalse(managerView.has("removedFromScope"), "the lead stays in the team's scope");
  }

  @Test
  void aReassignedTaskLeavesTheOldAssigneesPhoneAndArrivesOnTheNewOnes() {
    Api.Response created = api.post(
        "/v1/tasks",
        Map.of(
            "kind",
            "personal",
            "title",
            "Send the quote",
            "assigneeId",
            f.rep1().userId(),
            "dueAt",
            "2030-01-02T10:00:00Z"),
        f.manager().accessToken());
    assertEquals(201, created.status(), created::toString);
    String task = created.json().get("id").asText();
    SyncFixture.Pulled old = f.pullAll(f.rep1(), "d-task-old", null);
    SyncFixture.Pulled fresh = f.pullAll(f.rep2(), "d-task-new", null);
    String managerCheckpoint = f.pullAll(f.manager(), "d-task-mgr", null).checkpoint();
    assertNotNull(old.last(task));
    assertNull(fresh.last(task));

    Api.Response move = api.patch(
        "/v1/tasks/" + task,
        Map.of("assigneeId", f.rep2().userId()),
        f.manager().accessToken(),
        Map.of("If-Match", "\"" + created.json().get("version").asLong() + "\""));
    assertEquals(200, move.status(), move::toString);
    JsonNode left = f.pullAll(f.rep1(), "d-task-old", old.checkpoint()).last(task);
    assertNotNull(left, "the old assignee was not told");
    assertTrue(left.get("removedFromScope").asBoolean(), left::toString);
    assertEquals("task", left.get("entityType").asText());
    JsonNode arrived = f.pullAll(f.rep2(), "d-task-new", fresh.checkpoint()).last(task);
    assertEquals(
        f.rep2().userId(), arrived.get("state").get("assigneeId").asText(), arrived::toString);
    // The manager still sees the task (the team's): one change per page, so the exit is judged on
    // its own.
    JsonNode last = null;
    boolean more = true;
    for (int page = 0; more && page < 100; page++) {
      Api.Response r = f.pull(f.manager(), "d-task-mgr", managerCheckpoint, 1);
      for (JsonNode c : r.json().get("changes")) {
        last = c.get("entityId").asText().equals(task) ? c : last;
      }
      managerCheckpoint = r.json().get("checkpoint").asText();
      more = r.json().get("hasMore").asBoolean();
    }
    assertNotNull(last);
    assertFalse(
        last.has("removedFromScope"), "a task the manager still sees was removed from their phone");
  }

  @Test
  void capturingAtASharingEventReBaselinesSoTheEventsEarlierCapturesArrive() {
    Api.Response ev = api.post(
        "/v1/events",
        Map.of(
            "name",
            "Sync Expo " + UUID.randomUUID(),
            "startsOn",
            "2025-05-01",
            "endsOn",
            "2025-05-02",
            "timeZone",
            "Europe/Berlin",
            "shareCaptures",
            true),
        f.admin().accessToken());
    assertEquals(201, ev.status(), ev::toString);
    String event = ev.json().get("id").asText();
    Api.Response earlier = api.post(
        "/v1/leads",
        Map.of("lastName", "Early", "eventId", event, "source", "trade_show"),
        f.rep1().accessToken());
    assertEquals(201, earlier.status(), earlier::toString);
    String early = earlier.json().get("id").asText();
    String checkpoint = f.pullAll(f.rep2(), "d-expo", null).checkpoint();
    Api.Response mine = api.post(
        "/v1/leads",
        Map.of("lastName", "Walk-in", "eventId", event, "source", "trade_show"),
        f.rep2().accessToken());
    assertEquals(201, mine.status(), mine::toString);

    Api.Response r = f.pull(f.rep2(), "d-expo", checkpoint, null);
    assertEquals(200, r.status(), r::toString);
    assertEquals("rebaseline", r.json().get("mode").asText(), r::toString);
    SyncFixture.Pulled states =
        f.pullAll(f.rep2(), "d-expo", r.json().get("checkpoint").asText());
    assertNotNull(
        states.last(early), "an earlier capture of the shared event never reached the phone");
  }

  @Test
  void concurrentEditsOfDifferentFieldsMergeAndOfTheSameFieldAreKeptAsAConflict() {
    String lead = f.leadOwnedBy(f.rep1());
    long base = f.lead(lead).get("version").asLong();
    Api.Response a = f.push(
        f.rep1(),
        "d-a",
        List.of(mutation(
            "a-1",
            "lead",
            lead,
            "update",
            base,
            Map.of("company", "Engines Ltd", "city", "London"))));
    assertEquals(200, a.status(), a::toString);
    assertEquals("applied", a.json().get("results").get(0).get("result").asText(), a::toString);

    Api.Response b = f.push(
        f.rep1(),
        "d-b",
        List.of(
            mutation("b-1", "lead", lead, "update", base, Map.of("title", "Countess")),
            mutation(
                "b-2", "lead", lead, "update", base, Map.of("company", "Difference Engines"))));
    JsonNode merged = b.json().get("results").get(0);
    assertEquals("merged", merged.get("result").asText(), b::toString);
    assertEquals(
        "Engines Ltd", merged.get("state").get("company").asText(), "the other field survived");
    assertEquals("Countess", merged.get("state").get("title").asText());
    JsonNode conflict = b.json().get("results").get(1);
    assertEquals("conflict", conflict.get("result").asText(), b::toString);
    JsonNode record = conflict.get("conflicts").get(0);
    assertEquals("company", record.get("field").asText());
    assertEquals("Difference Engines", record.get("mine").asText());
    assertEquals("Engines Ltd", record.get("theirs").asText());

    JsonNode now = f.lead(lead);
    assertEquals("London", now.get("city").asText());
    assertEquals("Countess", now.get("title").asText());
    String kept = record.get("kept").asText().equals("mine") ? "Difference Engines" : "Engines Ltd";
    assertEquals(kept, now.get("company").asText());

    JsonNode inbox =
        api.get("/v1/sync/conflicts", f.rep1().accessToken()).json().get("items");
    String conflictId = find(inbox, "b-2").get("id").asText();
    assertNotNull(
        find(api.get("/v1/sync/conflicts", f.manager().accessToken()).json().get("items"), "b-2"),
        "the manager does not see the team's conflict");
    assertNull(
        find(api.get("/v1/sync/conflicts", f.rep2().accessToken()).json().get("items"), "b-2"),
        "another rep sees the conflict");
    String other = record.get("kept").asText().equals("mine") ? "theirs" : "mine";
    Api.Response resolved = api.post(
        "/v1/sync/conflicts/" + conflictId + "/resolve",
        Map.of("keep", other),
        f.manager().accessToken());
    assertEquals(200, resolved.status(), resolved::toString);
    assertEquals("resolved", resolved.json().get("status").asText());
    assertEquals(
        other.equals("mine") ? "Difference Engines" : "Engines Ltd",
        f.lead(lead).get("company").asText());
    assertEquals(
        409,
        api.post(
                "/v1/sync/conflicts/" + conflictId + "/dismiss",
                Map.of(),
                f.rep1().accessToken())
            .status());
  }

  @Test
  void aReplayedBatchAppliesNothingTwiceAndAnswersTheSameResults() {
    String id = UUID.randomUUID().toString();
    List<Map<String, Object>> batch = List.of(
        mutation(
            "r-1", "lead", id, "create", null, Map.of("lastName", "Hopper", "company", "Navy")),
        mutation("r-2", "lead", id, "update", 1L, Map.of("title", "Rear Admiral")),
        mutation("r-3", "lead", id, "update", 1L, Map.of("score", 99)));
    Api.Response first = f.push(f.rep1(), "d-replay", batch);
    assertEquals(200, first.status(), first::toString);
    JsonNode results = first.json().get("results");
    assertEquals("applied", results.get(0).get("result").asText(), first::toString);
    assertEquals(id, results.get(0).get("entityId").asText(), "the server renamed the phone's id");
    long version = f.lead(id).get("version").asLong();

    Api.Response replay = f.push(f.rep1(), "d-replay", batch);
    JsonNode again = replay.json().get("results");
    for (int i = 0; i < 3; i++) {
      assertEquals("duplicate", again.get(i).get("result").asText(), replay::toString);
      assertEquals(
          results.get(i).get("result").asText(), again.get(i).get("original").asText());
      assertEquals(
          results.get(i).path("version").asLong(), again.get(i).path("version").asLong());
    }
    assertEquals(version, f.lead(id).get("version").asLong(), "a replay changed the lead");
    long rejections = countRejections("r-3");
    assertEquals(1, rejections, "a replayed rejection was stored twice");
  }

  /**
   * A revoked device cannot sync through a session without a device either: a login naming it is refused, and so
   * are a pull and a push naming it in the body (nothing is written); another user's device is refused too.
   */
  @Test
  void aPullOrPushNamingARevokedDeviceIsRefusedAsALoginNamingItIs() {
    AuthFixtures.Session rep = AuthFixtures.login(api, f.rep2().email(), AuthFixtures.PASSWORD);
    String device = AuthFixtures.device(api, rep);
    assertEquals(
        200, f.pull(rep, device, null, null).status(), "an active device of the user syncs");
    Api.Response revoked =
        api.post("/v1/devices/" + device + "/revoke", Map.of(), f.manager().accessToken());
    assertEquals(200, revoked.status(), revoked::toString);
    Api.Response login = api.post(
        "/v1/auth/login",
        Map.of("email", rep.email(), "password", AuthFixtures.PASSWORD, "deviceId", device),
        null);
    assertEquals(401, login.status(), login::toString);

    AuthFixtures.Session noDevice = AuthFixtures.login(api, rep.email(), AuthFixtures.PASSWORD);
    Api.Response pull = f.pull(noDevice, device, null, null);
    assertEquals(login.status(), pull.status(), pull::toString);
    assertEquals(login.code(), pull.code(), pull::toString);
    String id = UUID.randomUUID().toString();
    Api.Response push = f.push(
        noDevice,
        device,
        List.of(mutation("rv-1", "lead", id, "create", null, Map.of("lastName", "Revoked"))));
    assertEquals(login.code(), push.code(), push::toString);
    assertEquals(
        404,
        api.get("/v1/leads/" + id, f.admin().accessToken()).status(),
        "a revoked device's push wrote");

    String others = AuthFixtures.device(api, f.rep1());
    Api.Response foreign = f.pull(noDevice, others, null, null);
    assertEquals(400, foreign.status(), foreign::toString);
    assertEquals(
        200,
        f.pull(noDevice, "d-not-registered-yet", null, null).status(),
        "an app-chosen id still syncs");
  }

  @Test
  void theDeclaredFieldPoliciesAreServedPerEntityType() {
    Api.Response r = api.get("/v1/sync/field-policies", f.rep1().accessToken());
    assertEquals(200, r.status(), r::toString);
    Map<String, JsonNode> byType = new HashMap<>();
    r.json().get("entities").forEach(e -> byType.put(e.get("entityType").asText(), e));
    JsonNode lead = byType.get("lead");
    assertEquals("last_writer_wins", lead.get("defaultPolicy").asText(), r::toString);
    assertEquals("union", lead.get("policies").get("tags").asText(), r::toString);
    assertEquals("append", lead.get("policies").get("consents").asText(), r::toString);
    Set<String> owned = new HashSet<>();
    lead.get("serverOwned").forEach(x -> owned.add(x.asText()));
    assertTrue(owned.containsAll(Set.of("score", "temperature", "ownerId", "teamId")), r::toString);
    assertEquals("last_writer_wins", byType.get("task").get("defaultPolicy").asText(), r::toString);
    assertTrue(byType.get("activity").get("appendOnly").asBoolean(), r::toString);
    assertEquals(401, api.get("/v1/sync/field-policies", null).status());
  }

  /** A second device pushing the same capture writes nothing, so it is not told "applied": a duplicate of it. */
  @Test
  void anIdenticalReCreateFromAnotherDeviceIsADuplicateWithTheLeadAsItIsNowAndWritesNothing() {
    String id = UUID.randomUUID().toString();
    Map<String, Object> capture = Map.of("lastName", "Twice", "company", "Two Phones");
    JsonNode first = f.push(
            f.rep1(), "d-phone-a", List.of(mutation("a-1", "lead", id, "create", null, capture)))
        .json()
        .get("results")
        .get(0);
    assertEquals("applied", first.get("result").asText(), first::toString);
    Api.Response edit = api.patch(
        "/v1/leads/" + id,
        Map.of("title", "Buyer"),
        f.rep1().accessToken(),
        Map.of("If-Match", "\"" + f.lead(id).get("version").asLong() + "\""));
    assertEquals(200, edit.status(), edit::toString);
    long version = f.lead(id).get("version").asLong();
    int history = api.get("/v1/leads/" + id + "/history", f.admin().accessToken())
        .json()
        .get("items")
        .size();

    Api.Response again = f.push(
        f.rep1(), "d-phone-b", List.of(mutation("b-7", "lead", id, "create", null, capture)));
    JsonNode r = again.json().get("results").get(0);
    assertEquals("duplicate", r.get("result").asText(), again::toString);
    assertEquals("applied", r.get("original").asText(), again::toString);
    assertEquals(version, r.get("version").asLong(), again::toString);
    assertEquals("Buyer", r.get("state").get("title").asText(), again::toString);
    assertEquals(version, f.lead(id).get("version").asLong(), "the re-create wrote");
    assertEquals(
        history,
        api.get("/v1/leads/" + id + "/history", f.admin().accessToken())
            .json()
            .get("items")
            .size(),
        "the re-create wrote history");
    Api.Response replay = f.push(
        f.rep1(), "d-phone-b", List.of(mutation("b-7", "lead", id, "create", null, capture)));
    JsonNode rr = replay.json().get("results").get(0);
    assertEquals("duplicate", rr.get("result").asText(), replay::toString);
    assertEquals("applied", rr.get("original").asText(), "a replay names the first final result");
  }

  /**
   * A result is kept as the JSON the push answered; a claim kept by an earlier build (the result as a document) still
   * answers its replay with the result it first got.
   */
  @Test
  void aReplayOfAMutationKeptByAnEarlierBuildAnswersItsFirstResult() throws Exception {
    String id = UUID.randomUUID().toString();
    var mutations = server.server().store().collection(SyncStores.MUTATIONS);
    String key = SyncStores.mutationKey(f.rep1().tenantId(), f.rep1().userId(), "d-old", "old-1");
    Map<String, Object> first = Map.of(
        "clientMutationId",
        "old-1",
        "entityType",
        "lead",
        "entityId",
        id,
        "result",
        "applied",
        "version",
        1,
        "state",
        Map.of("id", id, "version", 1, "lastName", "Earlier"));
    Document claim = new Document(SyncStores.ID, key)
        .append(SyncStores.TENANT, f.rep1().tenantId())
        .append(SyncStores.USER, f.rep1().userId())
        .append(SyncStores.DEVICE, "d-old")
        .append(SyncStores.CLIENT_MUTATION_ID, "old-1")
        .append(SyncStores.STATUS, SyncStores.DONE)
        .append(SyncStores.AT, new Date())
        .append(SyncStores.RESULT, Document.parse(new ObjectMapper().writeValueAsString(first)));
    Await.onContext(server, () -> MongoFutures.one(mutations.insertOne(claim)));

    Api.Response replay = f.push(
        f.rep1(),
        "d-old",
        List.of(mutation("old-1", "lead", id, "create", null, Map.of("lastName", "Earlier"))));
    JsonNode r = replay.json().get("results").get(0);
    assertEquals("duplicate", r.get("result").asText(), replay::toString);
    assertEquals("applied", r.get("original").asText());
    assertEquals("Earlier", r.get("state").get("lastName").asText());

    // a result kept now is the answer's JSON, and answers a replay the same way
    String fresh = UUID.randomUUID().toString();
    List<Map<String, Object>> batch =
        List.of(mutation("new-1", "lead", fresh, "create", null, Map.of("lastName", "Later")));
    JsonNode answered = f.push(f.rep1(), "d-old", batch).json().get("results").get(0);
    Document kept = Await.onContext(
        server,
        () -> MongoFutures.one(mutations
            .find(Filters.eq(
                SyncStores.ID,
                SyncStores.mutationKey(f.rep1().tenantId(), f.rep1().userId(), "d-old", "new-1")))
            .first()));
    assertEquals(answered, new ObjectMapper().readTree(kept.getString(SyncStores.RESULT_JSON)));
    JsonNode again = f.push(f.rep1(), "d-old", batch).json().get("results").get(0);
    assertEquals("duplicate", again.get("result").asText());
    assertEquals(answered.get("state"), again.get("state"));
  }

  @Test
  void aBatchRunsSideBySideButKeepsEachEntitysMutationsInOrderAndAnswersInOrder() {
    int leads = 12;
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < leads; i++) {
      ids.add(UUID.randomUUID().toString());
      batch.add(mutation(
          "o-create-" + i,
          "lead",
          ids.get(i),
          "create",
          null,
          Map.of("lastName", "Order" + i, "company", "Seq Co " + i)));
    }
    // the activity needs its lead created first; the second edit of a field must land after the
    // first
    for (int i = 0; i < leads; i++) {
      batch.add(mutation(
          "o-note-" + i,
          "activity",
          UUID.randomUUID().toString(),
          "create",
          null,
          Map.of(
              "leadId",
              ids.get(i),
              "type",
              "note",
              "occurredAt",
              "2025-03-01T10:00:00Z",
              "note",
              Map.of("text", "n"))));
    }
    for (String step : List.of("first", "second")) {
      for (int i = 0; i < leads; i++) {
        batch.add(mutation(
            "o-" + step + "-" + i,
            "lead",
            ids.get(i),
            "update",
            step.equals("first") ? 1L : 2L,
            Map.of("city", step)));
      }
    }
    Api.Response r = f.push(f.rep1(), "d-order", batch);
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().get("results");
    assertEquals(batch.size(), results.size());
    for (int i = 0; i < batch.size(); i++) {
      JsonNode result = results.get(i);
      assertEquals(
          batch.get(i).get("clientMutationId"),
          result.get("clientMutationId").asText(),
          "answer order");
      assertTrue(
          Set.of("applied", "merged").contains(result.get("result").asText()), result::toString);
      assertTrue(result.path("conflicts").isEmpty(), result::toString);
    }
    for (String id : ids) {
      assertEquals(
          "second",
          f.lead(id).get("city").asText(),
          "the edits of lead " + id + " ran out of order");
    }
  }

  @Test
  void editsOfDifferentLeadsAreWrittenTogetherYetEachGetsItsOwnAnswer() {
    List<String> plain = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      plain.add(f.leadOwnedBy(f.rep1()));
    }
    String contested = f.leadOwnedBy(f.rep1());
    long contestedBase = f.lead(contested).get("version").asLong();
    Api.Response meanwhile = f.push(
        f.manager(),
        "d-mgr",
        List.of(mutation(
            "t-m", "lead", contested, "update", contestedBase, Map.of("title", "Chief Engineer"))));
    assertEquals(
        "applied",
        meanwhile.json().get("results").get(0).get("result").asText(),
        meanwhile::toString);
    String foreign = f.leadOwnedBy(f.rep2());
    List<Map<String, Object>> batch = new ArrayList<>();
    batch.add(mutation(
        "t-0",
        "lead",
        plain.get(0),
        "update",
        f.lead(plain.get(0)).get("version").asLong(),
        Map.of("city", "Leeds")));
    batch.add(mutation(
        "t-1",
        "lead",
        plain.get(1),
        "update",
        f.lead(plain.get(1)).get("version").asLong(),
        Map.of("city", "York", "title", "Buyer")));
    batch.add(
        mutation("t-2", "lead", contested, "update", contestedBase, Map.of("title", "Intern")));
    batch.add(mutation("t-3", "lead", foreign, "update", 1L, Map.of("city", "Stolen")));
    batch.add(mutation(
        "t-4",
        "lead",
        plain.get(2),
        "update",
        f.lead(plain.get(2)).get("version").asLong(),
        Map.of("score", 99)));
    batch.add(mutation(
        "t-5",
        "lead",
        plain.get(3),
        "update",
        f.lead(plain.get(3)).get("version").asLong(),
        Map.of("city", "Bath")));
    long before = commands("leads", "findAndModify");
    Api.Response r = f.push(f.rep1(), "d-together", batch);
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().get("results");
    for (int i = 0; i < batch.size(); i++) {
      assertEquals("t-" + i, results.get(i).get("clientMutationId").asText(), "answer order");
    }
    for (int i : new int[] {0, 1, 5}) {
      JsonNode plainResult = results.get(i);
      assertEquals("applied", plainResult.get("result").asText(), r::toString);
      String id = plainResult.get("entityId").asText();
      JsonNode now = f.lead(id);
      assertEquals(
          now.get("version").asLong(),
          plainResult.get("version").asLong(),
          "answered version is stored");
      assertEquals(
          now.get("city").asText(), plainResult.get("state").get("city").asText());
      assertEquals(
          f.rep1().userId(), now.get("fieldMeta").get("city").get("by").asText(), now::toString);
    }
    assertEquals("York", f.lead(plain.get(1)).get("city").asText());
    assertEquals("Buyer", f.lead(plain.get(1)).get("title").asText());
    assertEquals("conflict", results.get(2).get("result").asText(), r::toString);
    assertEquals("title", results.get(2).get("conflicts").get(0).get("field").asText());
    assertEquals("NOT_FOUND", results.get(3).get("code").asText(), r::toString);
    assertEquals("Lovelace", f.lead(foreign).get("lastName").asText());
    assertEquals("SERVER_OWNED_FIELD", results.get(4).get("code").asText(), r::toString);
    // the three plain edits went out in one bulk write; one by one they would take three
    // single-lead writes on top
    // of the conflict's (rescoring after a title change may add one more)
    long singles = commands("leads", "findAndModify") - before;
    assertTrue(
        singles < 3, "plain edits were written one by one: " + singles + " single-lead writes");
    JsonNode history = api.get(
            "/v1/leads/" + plain.get(0) + "/history", f.admin().accessToken())
        .json();
    assertEquals("update", history.get("items").get(0).get("action").asText(), history::toString);

    assertReplayAnswersDuplicates(f.rep1(), "d-together", batch, results);
  }

  @Test
  void aPullReadsItsWatermarkWhileItsCallerIsAuthenticatedAndARefusedCallerGetsNothing() {
    AuthFixtures.Session rep =
        AuthFixtures.user(api, f.admin(), "rep", List.of(f.team()), List.of());
    Api.Response first = f.pull(rep, "d-early", null, null);
    assertEquals(200, first.status(), first::toString);
    String checkpoint = first.json().get("checkpoint").asText();
    long watermarks = commands("sync_counters", "find");
    long epochs = commands("access_epochs", "find");
    long events = commands("events", "find");
    long sessions = commands("sessions", "find");
    Api.Response again = f.pull(rep, "d-early", checkpoint, null);
    assertEquals(200, again.status(), again::toString);
    // this server runs the embedded store, so it sees every write: what nobody has written since
    // it read it is kept (store/UnwrittenCache), and a quiet pull reads nothing
    assertEquals(
        0, commands("sync_counters", "find") - watermarks, "the counter is kept while unwritten");
    assertEquals(
        0, commands("access_epochs", "find") - epochs, "the epoch is kept while unwritten");
    assertEquals(
        0, commands("sessions", "find") - sessions, "the session's answer is kept under the epoch");
    assertEquals(
        0,
        commands("events", "find") - events,
        "the events that share captures are kept under the epoch");

    // a lead written (by anyone) moves the counter on: the next pull reads the watermark, once
    Api.Response lead = api.post(
        "/v1/leads",
        Map.of("lastName", "Counter", "company", "Moved"),
        f.admin().accessToken());
    assertEquals(201, lead.status(), lead::toString);
    watermarks = commands("sync_counters", "find");
    epochs = commands("access_epochs", "find");
    Api.Response afterWrite =
        f.pull(rep, "d-early", again.json().get("checkpoint").asText(), null);
    assertEquals(200, afterWrite.status(), afterWrite::toString);
    assertEquals(
        1,
        commands("sync_counters", "find") - watermarks,
        "the counters were written: one watermark read, started beside the gate");
    assertEquals(0, commands("access_epochs", "find") - epochs, "no epoch was written");

    // an event written moves the tenant's epoch: the next pull reads the sharing events (and the
    // session) again
    Api.Response ev = api.post(
        "/v1/events",
        Map.of(
            "name",
            "Epoch Expo " + UUID.randomUUID(),
            "startsOn",
            "2025-06-01",
            "endsOn",
            "2025-06-02",
            "timeZone",
            "Europe/Berlin",
            "shareCaptures",
            true),
        f.admin().accessToken());
    assertEquals(201, ev.status(), ev::toString);
    events = commands("events", "find");
    Api.Response afterEvent =
        f.pull(rep, "d-early", afterWrite.json().get("checkpoint").asText(), null);
    assertEquals(200, afterEvent.status(), afterEvent::toString);
    assertEquals(
        1,
        commands("events", "find") - events,
        "the sharing events are read again after an event write");

    Map<String, Object> body =
        Map.of("protocolVersion", 1, "deviceId", "d-early", "checkpoint", checkpoint);
    watermarks = commands("sync_counters", "find");
    Api.Response forged = api.post("/v1/sync/pull", body, rep.accessToken() + "x");
    assertEquals(401, forged.status(), forged::toString);
    assertEquals(
        0,
        commands("sync_counters", "find") - watermarks,
        "a token that fails its signature reads nothing");

    assertEquals(204, api.post("/v1/auth/logout", "", rep.accessToken()).status());
    watermarks = commands("sync_counters", "find");
    Api.Response ended = api.post("/v1/sync/pull", body, rep.accessToken());
    assertEquals(401, ended.status(), ended::toString);
    assertTrue(
        commands("sync_counters", "find") - watermarks <= 1,
        "a signed token starts the watermark read (or finds it kept) before its session is found"
            + " ended");
    assertEquals("SESSION_REVOKED", ended.code());
    assertFalse(
        ended.text().contains("changes") || ended.text().contains("checkpoint\""), ended::toString);
  }

  @Test
  void capturesAndEditsSpanningSeveralChunksInFlightEachLandOnceAndAnswerInOrder() {
    int n = 2 * PushService.BATCH + PushService.BATCH / 2; // three chunks, two in flight at a time
    List<Map<String, Object>> captures = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      captures.add(mutation(
          "n-" + i,
          "lead",
          id,
          "create",
          null,
          Map.of("lastName", "Chunk " + i, "email", "chunk-" + id + "@example.com")));
    }
    Api.Response created = f.push(f.rep1(), "d-chunks", captures);
    assertEquals(200, created.status(), created::toString);
    for (int i = 0; i < n; i++) {
      JsonNode result = created.json().get("results").get(i);
      assertEquals("n-" + i, result.get("clientMutationId").asText(), "answer order");
      assertEquals("applied", result.get("result").asText(), result::toString);
      assertEquals(ids.get(i), result.get("entityId").asText());
      assertEquals("Chunk " + i, result.get("state").get("lastName").asText());
    }
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(mutation("c-" + i, "lead", ids.get(i), "update", 1L, Map.of("city", "City " + i)));
    }
    long before = commands("leads", "findAndModify");
    Api.Response r = f.push(f.rep1(), "d-chunks", batch);
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().get("results");
    assertEquals(n, results.size());
    for (int i = 0; i < n; i++) {
      JsonNode result = results.get(i);
      assertEquals("c-" + i, result.get("clientMutationId").asText(), "answer order");
      assertEquals("applied", result.get("result").asText(), result::toString);
      assertEquals(2, result.get("version").asLong(), "applied once: " + result);
      assertEquals("City " + i, result.get("state").get("city").asText());
    }
    assertEquals(
        0, commands("leads", "findAndModify") - before, "every edit went through a bulk write");
    for (int i : new int[] {0, PushService.BATCH, n - 1}) {
      JsonNode now = f.lead(ids.get(i));
      assertEquals("City " + i, now.get("city").asText());
      assertEquals(2, now.get("version").asLong());
    }
    assertReplayAnswersDuplicates(f.rep1(), "d-chunks", batch, results);
  }

  @Test
  void capturesOfDifferentLeadsAreInsertedTogetherYetEachGetsItsOwnAnswer() {
    String taken = f.leadOwnedBy(f.rep1()); // an id that exists already, with other content
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(UUID.randomUUID().toString());
      batch.add(mutation(
          "c-" + i,
          "lead",
          ids.get(i),
          "create",
          null,
          Map.of(
              "firstName",
              "Grace",
              "lastName",
              "Capture" + i,
              "company",
              "Booth " + i,
              "email",
              "grace" + i + "@capture.example")));
    }
    batch.add(mutation(
        "c-5",
        "lead",
        UUID.randomUUID().toString(),
        "create",
        null,
        Map.of("lastName", "Hot", "score", 100)));
    batch.add(mutation("c-6", "lead", taken, "create", null, Map.of("lastName", "Someone else")));
    String hot = UUID.randomUUID().toString();
    Map<String, Object> hotFacts = Map.of(
        "lastName",
        "Vp",
        "title",
        "VP Sales",
        "industry",
        "Software",
        "companySize",
        "201-500",
        "bant",
        Map.of(
            "budget",
            "approved",
            "authority",
            "decision_maker",
            "need",
            "high",
            "timeline",
            "within_3_months"));
    batch.add(mutation("c-7", "lead", hot, "create", null, hotFacts));
    long before = commands("leads", "insert");
    long singleWrites = commands("leads", "findAndModify");
    long bulkWrites = commands("leads", "update");
    long assignmentInserts = commands("lead_assignments", "insert");
    long clockInserts = commands("sla_clocks", "insert");
    Api.Response r = f.push(f.rep1(), "d-captures", batch);
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().get("results");
    for (int i = 0; i < 5; i++) {
      JsonNode created = results.get(i);
      assertEquals("c-" + i, created.get("clientMutationId").asText(), "answer order");
      assertEquals("applied", created.get("result").asText(), r::toString);
      assertEquals(
          ids.get(i), created.get("entityId").asText(), "the server renamed the phone's id");
      JsonNode stored = f.lead(ids.get(i));
      assertEquals("Capture" + i, stored.get("lastName").asText());
      assertEquals(f.rep1().userId(), stored.get("ownerId").asText(), "a rep's capture is theirs");
      assertEquals(
          stored.get("version").asLong(),
          created.get("version").asLong(),
          "answered version is stored");
      JsonNode history = api.get(
              "/v1/leads/" + ids.get(i) + "/history", f.rep1().accessToken())
          .json();
      assertEquals("create", history.get("items").get(0).get("action").asText(), history::toString);
      // each capture is assigned to its capturer and its speed-to-lead clock runs, as a single
      // capture's would
      JsonNode assigned = api.get(
              "/v1/leads/" + ids.get(i) + "/assignments", f.rep1().accessToken())
          .json();
      assertEquals(1, assigned.get("items").size(), assigned::toString);
      assertEquals(
          "capture", assigned.get("items").get(0).get("ruleId").asText(), assigned::toString);
      assertEquals(
          f.rep1().userId(), assigned.get("items").get(0).get("ownerId").asText());
      String lead = ids.get(i);
      long clocks = Await.onContext(
          server,
          () -> MongoFutures.one(server
              .server()
              .store()
              .collection("sla_clocks")
              .countDocuments(Filters.eq("leadId", lead))));
      assertEquals(1, clocks, "speed-to-lead clocks of a capture");
    }
    assertTrue(
        commands("lead_assignments", "insert") - assignmentInserts < 5,
        "assignments written one by one");
    assertTrue(commands("sla_clocks", "insert") - clockInserts < 5, "clocks written one by one");
    assertEquals("SERVER_OWNED_FIELD", results.get(5).get("code").asText(), r::toString);
    assertEquals("ENTITY_EXISTS", results.get(6).get("code").asText(), r::toString);
    assertEquals(
        "Lovelace", f.lead(taken).get("lastName").asText(), "an existing lead was overwritten");
    // six captures in one insert; one by one they would take six
    long inserts = commands("leads", "insert") - before;
    assertTrue(inserts < 5, "captures were inserted one by one: " + inserts + " inserts");
    // and scored before the insert (no write after it), exactly as a capture through the lead API
    // is scored
    assertEquals(
        0, commands("leads", "findAndModify") - singleWrites, "captures were scored one by one");
    assertTrue(commands("leads", "update") - bulkWrites <= 2, "captures were scored one by one");
    JsonNode vp = f.lead(hot);
    assertEquals("hot", vp.get("temperature").asText(), vp::toString);
    assertEquals(
        vp.get("version").asLong(),
        results.get(7).get("version").asLong(),
        "answered version is stored");
    assertEquals(
        "hot",
        results.get(7).get("state").get("temperature").asText(),
        "the answer carries the score");
    Map<String, Object> twinBody = new LinkedHashMap<>(hotFacts);
    twinBody.put("id", UUID.randomUUID().toString());
    JsonNode twin = api.post("/v1/leads", twinBody, f.rep1().accessToken()).json();
    twin = f.lead(twin.get("id").asText());
    assertEquals(twin.get("score"), vp.get("score"));
    assertEquals(twin.get("scoreExplanation"), vp.get("scoreExplanation"));
    assertEquals(
        twin.get("scoreDetails").get("contributions"), vp.get("scoreDetails").get("contributions"));
    // scored before it was stored: the capture's first write is its whole one (no rescore written
    // after it)
    JsonNode scored =
        api.get("/v1/leads/" + hot + "/history", f.rep1().accessToken()).json();
    assertEquals(
        List.of("create"), scored.get("items").findValuesAsText("action"), scored::toString);
    assertEquals(1, vp.get("version").asLong(), vp::toString);
    // the event was stored with the capture; the relay (every second) moves it to the event log:
    // run it now
    Await.onContext(server, () -> server.server().features().eventRelay().relayOnce());
    long hotEvents = Await.onContext(
            server,
            () -> MongoFutures.one(server
                .server()
                .store()
                .collection("domain_events")
                .countDocuments(
                    Filters.and(Filters.eq("leadId", hot), Filters.eq("type", "lead.hot")))))
        .longValue();
    assertEquals(1, hotEvents, "the hot capture's alert event");
    SyncFixture.Pulled pulled = f.pullAll(f.rep1(), "d-captures-2", null);
    ids.forEach(
        id -> assertNotNull(pulled.last(id), "a capture did not reach the rep's other phone"));

    assertReplayAnswersDuplicates(f.rep1(), "d-captures", batch, results);
  }

  @Test
  void aPulledLeadIsWrittenExactlyAsAPushAnswersIt() {
    String id = UUID.randomUUID().toString();
    Api.Response created = f.push(
        f.rep1(),
        "d-same",
        List.of(mutation(
            "s-1",
            "lead",
            id,
            "create",
            null,
            Map.ofEntries(
                Map.entry("firstName", "Ada"),
                Map.entry("lastName", "Lovelace"),
                Map.entry("company", "Analytical Engines"),
                Map.entry("email", "ada@engines.example"),
                Map.entry("phone", "+44 20 7946 0958"),
                Map.entry("title", "Head of Procurement"),
                Map.entry("website", "https://engines.example"),
                Map.entry("country", "GB"),
                Map.entry("city", "London"),
                Map.entry("tags", List.of("vip", "expo-2025"))))));
    assertEquals(
        "applied", created.json().get("results").get(0).get("result").asText(), created::toString);
    long version = created.json().get("results").get(0).get("version").asLong();
    Api.Response edited = f.push(
        f.rep1(),
        "d-same",
        List.of(mutation("s-2", "lead", id, "update", version, Map.of("city", "Cambridge"))));
    JsonNode answered = edited.json().get("results").get(0);
    assertEquals("applied", answered.get("result").asText(), edited::toString);
    JsonNode pulled = f.pullAll(f.rep1(), "d-same-2", null).last(id);
    assertEquals(answered.get("version").asLong(), pulled.get("version").asLong());
    assertEquals(
        answered.get("state"), pulled.get("state"), "a pull writes the lead unlike a push answer");
    assertTrue(!pulled.get("state").has("tenantId"), "the tenant id leaked into a pulled state");
  }

  /**
   * Edits of different leads pushed together are written together, and a status change among them goes through the
   * same batch with a write of its own: every one answers applied with the version stored, the status change records
   * its stage and its history entry as an edit made through the API would, and the field edits keep theirs.
   */
  @Test
  void aStatusChangeAmongEditsPushedTogetherIsWrittenWithItsStageAndHistory() {
    List<String> ids =
        List.of(f.leadOwnedBy(f.rep1()), f.leadOwnedBy(f.rep1()), f.leadOwnedBy(f.rep1()));
    List<Map<String, Object>> batch = new ArrayList<>();
    batch.add(mutation(
        "st-0", "lead", ids.get(0), "update", version(ids.get(0)), Map.of("city", "Leeds")));
    batch.add(mutation(
        "st-1", "lead", ids.get(1), "update", version(ids.get(1)), Map.of("status", "contacted")));
    batch.add(mutation(
        "st-2", "lead", ids.get(2), "update", version(ids.get(2)), Map.of("city", "York")));
    Api.Response r = f.push(f.rep1(), "d-status", batch);
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().get("results");
    for (int i = 0; i < ids.size(); i++) {
      assertEquals("applied", results.get(i).get("result").asText(), r::toString);
      assertEquals(
          f.lead(ids.get(i)).get("version").asLong(),
          results.get(i).get("version").asLong(),
          "answered version is stored");
    }
    JsonNode moved = f.lead(ids.get(1));
    assertEquals("contacted", moved.get("status").asText());
    JsonNode stages = moved.get("stageHistory");
    assertEquals("contacted", stages.get(stages.size() - 1).get("to").asText(), moved::toString);
    assertEquals("contacted", results.get(1).get("state").get("status").asText());
    for (int i = 0; i < ids.size(); i++) {
      JsonNode history = api.get(
              "/v1/leads/" + ids.get(i) + "/history", f.admin().accessToken())
          .json()
          .get("items");
      JsonNode newest = history.get(0);
      assertEquals("update", newest.get("action").asText(), history::toString);
      assertEquals(
          i == 1 ? "status" : "city",
          newest.get("changes").get(0).get("field").asText(),
          history::toString);
    }
    assertEquals("Leeds", f.lead(ids.get(0)).get("city").asText());
    assertEquals("York", f.lead(ids.get(2)).get("city").asText());
    assertReplayAnswersDuplicates(f.rep1(), "d-status", batch, results);
  }

  private static long version(String leadId) {
    return f.lead(leadId).get("version").asLong();
  }

  /** Pushing {@code batch} again answers each mutation {@code duplicate}, naming the result it first got. */
  private static void assertReplayAnswersDuplicates(
      AuthFixtures.Session s, String device, List<Map<String, Object>> batch, JsonNode first) {
    Api.Response replay = f.push(s, device, batch);
    JsonNode again = replay.json().get("results");
    for (int i = 0; i < batch.size(); i++) {
      assertEquals("duplicate", again.get(i).get("result").asText(), replay::toString);
      assertEquals(
          first.get(i).get("result").asText(), again.get(i).get("original").asText());
    }
  }

  /** How many {@code command}s on {@code collection} the server has sent so far, from its metrics. */
  private long commands(String collection, String command) {
    return api.storeCommands(collection, command);
  }

  @Test
  void aRejectedMutationNeverBlocksTheOnesAfterItAndIsKeptForReview() {
    String own = f.leadOwnedBy(f.rep1());
    String foreign = f.leadOwnedBy(f.rep2());
    long ownVersion = f.lead(own).get("version").asLong();
    List<Object> batch = new ArrayList<>();
    batch.add(mutation(
        "x-1", "lead", own, "update", ownVersion, Map.of("score", 100, "temperature", "hot")));
    batch.add(mutation("x-2", "invoice", UUID.randomUUID().toString(), "create", null, Map.of()));
    batch.add(Map.of("clientMutationId", "x-3", "entityType", "lead", "op", 42, "changes", "nope"));
    batch.add(mutation("x-4", "lead", foreign, "update", 1L, Map.of("lastName", "Stolen")));
    batch.add(mutation(
        "x-5", "lead", own, "update", ownVersion, Map.of("ownerId", f.rep2().userId())));
    batch.add(mutation("x-6", "lead", own, "update", ownVersion, Map.of("city", "Paris")));
    Api.Response r = api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", "d-bad", "mutations", batch),
        f.rep1().accessToken());
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().get("results");
    assertEquals("SERVER_OWNED_FIELD", results.get(0).get("code").asText(), r::toString);
    assertEquals("VALIDATION_FAILED", results.get(1).get("code").asText());
    assertEquals("/entityType", results.get(1).get("errors").get(0).get("field").asText());
    assertEquals("VALIDATION_FAILED", results.get(2).get("code").asText());
    assertEquals(
        "NOT_FOUND", results.get(3).get("code").asText(), "another rep's lead must look absent");
    assertEquals("SERVER_OWNED_FIELD", results.get(4).get("code").asText());
    assertEquals("applied", results.get(5).get("result").asText(), r::toString);
    assertEquals("Paris", f.lead(own).get("city").asText());
    assertEquals(
        "Lovelace", f.lead(foreign).get("lastName").asText(), "a foreign lead was changed");
    assertEquals(f.rep1().userId(), f.lead(own).get("ownerId").asText());

    JsonNode list =
        api.get("/v1/sync/rejections", f.rep1().accessToken()).json().get("items");
    JsonNode rejected = find(list, "x-1");
    assertNotNull(rejected, list::toString);
    assertEquals("SERVER_OWNED_FIELD", rejected.get("code").asText());
    assertNotNull(
        find(api.get("/v1/sync/rejections", f.manager().accessToken()).json().get("items"), "x-4"));
    Api.Response dismissed = api.post(
        "/v1/sync/rejections/" + rejected.get("id").asText() + "/dismiss",
        Map.of(),
        f.rep1().accessToken());
    assertEquals(200, dismissed.status(), dismissed::toString);
    assertNull(
        find(api.get("/v1/sync/rejections", f.rep1().accessToken()).json().get("items"), "x-1"));
  }

  @Test
  void activitiesAndTasksSyncWithThePhonesIdsAndTombstones() {
    String lead = f.leadOwnedBy(f.rep1());
    SyncFixture.Pulled before = f.pullAll(f.rep1(), "d-work", null);
    String activity = UUID.randomUUID().toString();
    String task = UUID.randomUUID().toString();
    Api.Response r = f.push(
        f.rep1(),
        "d-work",
        List.of(
            mutation(
                "w-1",
                "activity",
                activity,
                "create",
                null,
                Map.of(
                    "leadId",
                    lead,
                    "type",
                    "note",
                    "occurredAt",
                    "2025-03-01T10:00:00Z",
                    "note",
                    Map.of("text", "met at the booth"))),
            mutation(
                "w-2",
                "task",
                task,
                "create",
                null,
                Map.of(
                    "kind",
                    "follow_up",
                    "title",
                    "Call back",
                    "leadId",
                    lead,
                    "dueAt",
                    "2030-03-02T10:00:00Z")),
            mutation("w-3", "activity", activity, "delete", 1L, Map.of())));
    JsonNode results = r.json().get("results");
    assertEquals("applied", results.get(0).get("result").asText(), r::toString);
    assertEquals("applied", results.get(1).get("result").asText(), r::toString);
    assertEquals("UNSUPPORTED_OPERATION", results.get(2).get("code").asText(), r::toString);
    long taskVersion = results.get(1).get("version").asLong();

    SyncFixture.Pulled after = f.pullAll(f.rep1(), "d-work", before.checkpoint());
    assertEquals("activity", after.last(activity).get("entityType").asText());
    assertEquals("Call back", after.last(task).get("state").get("title").asText());
    assertNull(
        f.pullAll(f.rep2(), "d-other", null).last(activity),
        "an activity of another rep's lead leaked");

    Api.Response foreign = f.push(
        f.rep2(),
        "d-work-2",
        List.of(
            mutation("w-5", "task", task, "update", taskVersion, Map.of("title", "Mine now")),
            mutation("w-6", "task", task, "delete", taskVersion, Map.of())));
    foreign
        .json()
        .get("results")
        .forEach(x -> assertEquals("NOT_FOUND", x.get("code").asText(), foreign::toString));
    Api.Response owned = f.push(
        f.rep1(),
        "d-work",
        List.of(mutation(
            "w-7",
            "task",
            task,
            "update",
            taskVersion,
            Map.of("completedAt", "2030-01-01T00:00:00Z"))));
    assertEquals(
        "SERVER_OWNED_FIELD",
        owned.json().get("results").get(0).get("code").asText(),
        owned::toString);
    Api.Response del = f.push(
        f.rep1(),
        "d-work",
        List.of(mutation("w-4", "task", task, "delete", taskVersion, Map.of())));
    assertEquals("applied", del.json().get("results").get(0).get("result").asText(), del::toString);
    JsonNode tombstone = f.pullAll(f.rep1(), "d-work", after.checkpoint()).last(task);
    assertTrue(tombstone.get("deleted").asBoolean(), tombstone::toString);
  }

  @Test
  void aDeleteArrivesAsATombstoneAndALaterOfflineEditIsRejectedNotResurrected() {
    String lead = f.leadOwnedBy(f.rep1());
    long base = f.lead(lead).get("version").asLong();
    SyncFixture.Pulled before = f.pullAll(f.rep1(), "d-del", null);
    Api.Response del = f.push(
        f.rep1(), "d-del", List.of(mutation("del-1", "lead", lead, "delete", base, Map.of())));
    assertEquals("applied", del.json().get("results").get(0).get("result").asText(), del::toString);
    JsonNode tombstone = f.pullAll(f.rep1(), "d-del", before.checkpoint()).last(lead);
    assertTrue(tombstone.get("deleted").asBoolean(), tombstone::toString);
    assertFalse(tombstone.has("state"));

    Api.Response late = f.push(
        f.rep1(),
        "d-other",
        List.of(mutation("late-1", "lead", lead, "update", base, Map.of("city", "Rome"))));
    assertEquals(
        "ENTITY_DELETED", late.json().get("results").get(0).get("code").asText(), late::toString);
    assertEquals(
        404, api.get("/v1/leads/" + lead, f.admin().accessToken()).status(), "the lead came back");
  }

  @Test
  void smallPagesWalkTheScopeOnceAndLargeAnswersAreCompressed() {
    for (int i = 0; i < 5; i++) {
      f.leadOwnedBy(f.rep2());
    }
    Set<String> all = new HashSet<>();
    f.pullAll(f.rep2(), "d-walk", null)
        .changes()
        .forEach(c -> all.add(c.get("entityId").asText()));
    Set<String> walked = new HashSet<>();
    String checkpoint = null;
    int pages = 0;
    boolean more = true;
    while (more) {
      Api.Response r = f.pull(f.rep2(), "d-walk", checkpoint, 1);
      assertEquals(200, r.status(), r::toString);
      assertTrue(r.json().get("changes").size() <= 1);
      r.json()
          .get("changes")
          .forEach(c -> assertTrue(walked.add(c.get("entityId").asText()), "sent twice"));
      checkpoint = r.json().get("checkpoint").asText();
      more = r.json().get("hasMore").asBoolean();
      assertTrue(++pages < 500);
    }
    assertEquals(all, walked);
    assertTrue(pages >= 5);

    Api.Response zipped = api.send(
        "POST",
        "/v1/sync/pull",
        Map.of("protocolVersion", 1, "deviceId", "d-zip"),
        f.rep2().accessToken(),
        Map.of("Accept-Encoding", "gzip"));
    assertEquals(200, zipped.status());
    assertEquals("gzip", zipped.header("content-encoding"), zipped.headers()::toString);
  }

  @Test
  void pagesPastAboutOneMegabyteAreCutBetweenChangesAndWalkEveryLeadOnce() {
    SyncFixture g = SyncFixture.create(server, "SyncPageBudget");
    String filler = "x".repeat(1000);
    Set<String> created = new HashSet<>();
    for (int b = 0; b < 6; b++) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String id = UUID.randomUUID().toString();
        created.add(id);
        batch.add(mutation(
            "big-" + b + "-" + i,
            "lead",
            id,
            "create",
            null,
            Map.of(
                "lastName",
                "Big" + i,
                "company",
                "Budget Co",
                "customFields",
                Map.of("notes", filler, "more", filler))));
      }
      Api.Response r = g.push(g.rep1(), "d-big", batch);
      assertEquals(200, r.status(), r::toString);
      r.json()
          .get("results")
          .forEach(x -> assertEquals("applied", x.get("result").asText(), x::toString));
    }
    Set<String> walked = new HashSet<>();
    String checkpoint = null;
    boolean more = true;
    int pages = 0;
    while (more) {
      Api.Response r = g.pull(g.rep1(), "d-big-walk", checkpoint, 1000);
      assertEquals(200, r.status(), r::toString);
      JsonNode page = r.json();
      assertTrue(r.text().length() < 1_200_000, "a page of " + r.text().length() + " bytes");
      page.get("changes")
          .forEach(c -> assertTrue(walked.add(c.get("entityId").asText()), "sent twice"));
      if (pages == 0) {
        assertTrue(
            page.get("hasMore").asBoolean() && page.get("changes").size() < 600,
            "the first page was not cut");
      }
      checkpoint = page.get("checkpoint").asText();
      more = page.get("hasMore").asBoolean();
      assertTrue(++pages < 50);
    }
    assertTrue(walked.containsAll(created), "a lead was skipped by the page cut");
    assertTrue(pages >= 2);
  }

  @Test
  void badCheckpointsAreRefusedWithTheirCodeAndRevealNothing() {
    String cp = f.pullAll(f.rep1(), "d-cp", null).checkpoint();
    char c = cp.charAt(cp.length() / 2);
    String tampered = cp.substring(0, cp.length() / 2)
        + (c == 'A' ? 'B' : 'A')
        + cp.substring(cp.length() / 2 + 1);
    assertEquals("CHECKPOINT_FORGED", f.pull(f.rep1(), "d-cp", tampered, null).code());
    assertEquals(
        "CHECKPOINT_MALFORMED",
        f.pull(f.rep1(), "d-cp", "not*a*checkpoint", null).code());
    Api.Response foreign = f.pull(f.rep2(), "d-cp2", cp, null);
    assertEquals(400, foreign.status());
    assertEquals("CHECKPOINT_FOREIGN", foreign.code());
    assertFalse(foreign.text().contains("changes"));
  }

  @Test
  void versionsOutsideTheWindowGetAClearUpgradeError() {
    for (int version : new int[] {0, 3}) {
      Api.Response r = api.post(
          "/v1/sync/pull",
          Map.of("protocolVersion", version, "deviceId", "d-v"),
          f.rep1().accessToken());
      assertEquals(426, r.status(), r::toString);
      assertEquals("PROTOCOL_VERSION_UNSUPPORTED", r.code());
      assertEquals(1, r.json().get("minProtocolVersion").asInt());
      assertEquals(2, r.json().get("maxProtocolVersion").asInt());
    }
    Api.Response push = api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 0, "deviceId", "d-v", "mutations", List.of()),
        f.rep1().accessToken());
    assertEquals(426, push.status(), push::toString);
  }

  @Test
  void theUpgradeAnswerIsTheProblemBodyWithTheWindowAfterItsStandardMembers() {
    Api.Response r = api.post(
        "/v1/sync/pull",
        Map.of("protocolVersion", 0, "deviceId", "d-v"),
        f.rep1().accessToken());
    String requestId = r.json().get("requestId").asText();
    assertEquals(
        "{\"type\":\"urn:fieldlead:problem:protocol-version-unsupported\",\"title\":\"Protocol version "
            + "unsupported\",\"status\":426,\"detail\":\"sync protocol version 0 is not supported; this server speaks "
            + "1..2: upgrade the app\",\"instance\":\"/v1/sync/pull\",\"code\":\"PROTOCOL_VERSION_UNSUPPORTED\","
            + "\"requestId\":\"" + requestId
            + "\",\"minProtocolVersion\":1,\"maxProtocolVersion\":2}",
        r.text());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals(
        Set.of("content-length", "content-type", "x-request-id"), r.headers().keySet());
  }

  @Test
  void aBatchOverTheLimitIs413AndMissingFieldsAre400() {
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      many.add(Map.of("clientMutationId", "m-" + i));
    }
    Api.Response r = f.push(f.rep1(), "d-big", many);
    assertEquals(413, r.status(), r::toString);
    assertEquals("PAYLOAD_TOO_LARGE", r.code());
    assertEquals(
        400,
        api.post("/v1/sync/pull", Map.of("deviceId", "d-x"), f.rep1().accessToken())
            .status());
    assertEquals(
        400,
        api.post("/v1/sync/pull", Map.of("protocolVersion", 1), f.rep1().accessToken())
            .status(),
        "a session without a device must name one");
    assertEquals(
        401,
        api.post("/v1/sync/pull", Map.of("protocolVersion", 1, "deviceId", "d"), null)
            .status());
  }

  @Test
  void managersSeeTheirTeamsDeviceSyncStateAndRepsDoNot() {
    f.pullAll(f.rep2(), "d-state", null);
    f.push(
        f.rep2(),
        "d-state",
        List.of(mutation(
            "s-1", "lead", UUID.randomUUID().toString(), "update", 1L, Map.of("city", "Nowhere"))));
    Api.Response r =
        api.get("/v1/sync/devices?userId=" + f.rep2().userId(), f.manager().accessToken());
    assertEquals(200, r.status(), r::toString);
    JsonNode device = null;
    for (JsonNode d : r.json().get("items")) {
      if (d.get("deviceId").asText().equals("d-state")) {
        device = d;
      }
    }
    assertNotNull(device, r::toString);
    assertTrue(device.has("lastPullAt") && device.has("lastPushAt"), device::toString);
    assertEquals("2.4.0", device.get("appVersion").asText());
    assertEquals(1, device.get("protocolVersion").asInt());
    assertEquals(1, device.get("pendingRejections").asInt());
    assertEquals(
        0,
        api.get(
                "/v1/sync/devices?staleFor=PT24H&userId=" + f.rep2().userId(),
                f.manager().accessToken())
            .json()
            .get("items")
            .size());
    assertEquals(403, api.get("/v1/sync/devices", f.rep1().accessToken()).status());
    f.pullAll(
        f.rep1(), "d-state", null); // the same device name from another user is another record
    Set<String> owners = new HashSet<>();
    for (JsonNode d :
        api.get("/v1/sync/devices", f.manager().accessToken()).json().get("items")) {
      if (d.get("deviceId").asText().equals("d-state")) {
        owners.add(d.get("userId").asText());
      }
    }
    assertEquals(Set.of(f.rep1().userId(), f.rep2().userId()), owners);
    assertEquals(
        400,
        api.get("/v1/sync/devices?staleFor=yesterday", f.manager().accessToken())
            .status());
  }

  @Test
  void aPushedEditIsAttributedToThePushingDeviceEvenWhenTheSessionHasNone() {
    // Found by the convergence simulation: pushed writes of a session without a bound device
    // carried no device.
    String lead = f.leadOwnedBy(f.rep1());
    long base = f.lead(lead).get("version").asLong();
    Api.Response first = f.push(
        f.rep1(),
        "d-attr-1",
        List.of(mutation("at-1", "lead", lead, "update", base, Map.of("city", "Paris"))));
    assertEquals(
        "applied", first.json().get("results").get(0).get("result").asText(), first::toString);
    Api.Response second = f.push(
        f.rep1(),
        "d-attr-2",
        List.of(mutation("at-2", "lead", lead, "update", base, Map.of("city", "Lyon"))));
    JsonNode result = second.json().get("results").get(0);
    assertEquals("conflict", result.get("result").asText(), second::toString);
    assertEquals(
        "d-attr-1", result.get("conflicts").get(0).path("theirsDevice").asText(), result::toString);
    assertEquals(
        "d-attr-2", result.get("conflicts").get(0).path("mineDevice").asText(), result::toString);
    JsonNode history = api.get("/v1/leads/" + lead + "/history", f.admin().accessToken())
        .json()
        .get("items");
    assertEquals("d-attr-2", history.get(0).path("device").asText(), history::toString);
    assertEquals("d-attr-1", history.get(1).path("device").asText(), history::toString);
  }

  private static JsonNode find(JsonNode items, String clientMutationId) {
    for (JsonNode i : items) {
      if (clientMutationId.equals(i.path("clientMutationId").asText())) {
        return i;
      }
    }
    return null;
  }

  private static long countRejections(String clientMutationId) {
    long n = 0;
    for (JsonNode i :
        api.get("/v1/sync/rejections?limit=200", f.rep1().accessToken()).json().get("items")) {
      if (clientMutationId.equals(i.path("clientMutationId").asText())) {
        n++;
      }
    }
    return n;
  }
}
