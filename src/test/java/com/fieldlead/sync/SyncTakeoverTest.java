package com.fieldlead.sync;

import static com.fieldlead.sync.SyncFixture.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A push whose instance died mid-way (SIGKILL): its claims stay pending. A replay on another instance must not answer
 * anything an app may drop until the mutation is written, and the takeover must do all the first attempt would have.
 */
class SyncTakeoverTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-06-02T09:00:00Z"));
  static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(Map.of(), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void
      aMutationClaimedByAPushThatDiedAnswersInProgressWithRetryAfterUntilTheClaimLapsesThenIsApplied() {
    SyncFixture f = SyncFixture.create(server, "Killed");
    Session rep = f.rep1();
    String id = UUID.randomUUID().toString();
    List<Map<String, Object>> batch = List.of(mutation(
        "k-1", "lead", id, "create", null, Map.of("lastName", "Killed", "company", "Mid Push")));
    insertClaim(
        rep, "d-killed", "k-1", CLOCK.instant()); // claimed by the dead instance, never written

    Api.Response early = f.push(rep, "d-killed", batch);
    assertEquals(200, early.status(), early::toString);
    JsonNode r = early.json().get("results").get(0);
    assertEquals("in_progress", r.get("result").asText(), early::toString);
    int retryAfter = r.get("retryAfter").asInt();
    assertTrue(
        retryAfter >= 1 && retryAfter <= PushService.CLAIM_LEASE.toSeconds(), early::toString);
    assertEquals(Integer.toString(retryAfter), early.header("Retry-After"), early::toString);
    assertEquals(404, f.api().get("/v1/leads/" + id, f.admin().accessToken()).status());

    CLOCK.advance(PushService.CLAIM_LEASE.minusSeconds(5));
    assertEquals(
        "in_progress",
        f.push(rep, "d-killed", batch)
            .json()
            .get("results")
            .get(0)
            .get("result")
            .asText());

    CLOCK.advance(Duration.ofSeconds(5)); // the claim was not renewed for a lease: its push is gone
    Api.Response taken = f.push(rep, "d-killed", batch);
    JsonNode applied = taken.json().get("results").get(0);
    assertEquals("applied", applied.get("result").asText(), taken::toString);
    assertEquals(null, taken.header("Retry-After"));
    assertEquals("Killed", f.lead(id).get("lastName").asText());
    JsonNode replay = f.push(rep, "d-killed", batch).json().get("results").get(0);
    assertEquals("duplicate", replay.get("result").asText());
    assertEquals("applied", replay.get("original").asText());
  }

  /**
   * Captures of different leads go together in one batch: one whose claim a dead push left answers in progress beside
   * the others applied, and once that claim lapses it is taken over and applied while the others answer duplicates.
   */
  @Test
  void aCaptureClaimedByAPushThatDiedIsTakenOverWithinItsBatchOnceTheClaimLapses() {
    SyncFixture f = SyncFixture.create(server, "Batched");
    Session rep = f.rep1();
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(UUID.randomUUID().toString());
      batch.add(mutation(
          "b-" + i, "lead", ids.get(i), "create", null, Map.of("lastName", "Batched " + i)));
    }
    insertClaim(rep, "d-batch", "b-1", CLOCK.instant());

    Api.Response early = f.push(rep, "d-batch", batch);
    assertEquals(200, early.status(), early::toString);
    assertEquals(List.of("applied", "in_progress", "applied"), kinds(early), early::toString);
    assertEquals(
        404, f.api().get("/v1/leads/" + ids.get(1), f.admin().accessToken()).status());

    CLOCK.advance(PushService.CLAIM_LEASE);
    Api.Response taken = f.push(rep, "d-batch", batch);
    assertEquals(List.of("duplicate", "applied", "duplicate"), kinds(taken), taken::toString);
    assertEquals("Batched 1", f.lead(ids.get(1)).get("lastName").asText());
    assertEquals(1, count("lead_history", rep.tenantId(), ids.get(1)));
  }

  private static List<String> kinds(Api.Response r) {
    List<String> out = new ArrayList<>();
    r.json().get("results").forEach(x -> out.add(x.get("result").asText()));
    return out;
  }

  /** A claim its push keeps renewing is never taken over, however long ago it was first taken. */
  @Test
  void aClaimRenewedByItsLivePushIsNotTakenOver() {
    SyncFixture f = SyncFixture.create(server, "Slow");
    Session rep = f.rep1();
    String id = UUID.randomUUID().toString();
    List<Map<String, Object>> batch = List.of(mutation(
        "s-1", "lead", id, "create", null, Map.of("lastName", "Slow", "company", "Still Working")));
    insertClaim(rep, "d-slow", "s-1", CLOCK.instant());
    String key = SyncStores.mutationKey(rep.tenantId(), rep.userId(), "d-slow", "s-1");
    SyncStores stores = new SyncStores(server.server().store());
    for (int i = 0; i < 3; i++) { // the live push renews every RENEW_EVERY
      CLOCK.advance(PushService.RENEW_EVERY);
      Await.onContext(server, () -> stores.renew(List.of(key), CLOCK.instant()));
    }
    CLOCK.advance(PushService.CLAIM_LEASE.minus(
        PushService.RENEW_EVERY)); // a lease after the claim, not its renewal
    Api.Response r = f.push(rep, "d-slow", batch);
    assertEquals("in_progress", r.json().get("results").get(0).get("result").asText(), r::toString);
    assertEquals(
        404,
        f.api().get("/v1/leads/" + id, f.admin().accessToken()).status(),
        "taken over while renewed");
  }

  /**
   * The first attempt stored the capture and died before the rest (the state a SIGKILL between the insert and the
   * history leaves): the takeover records the create history, the assignment and the SLA clock, and answers applied.
   */
  @Test
  void theTakeoverOfACaptureStoredBeforeTheCrashDoesWhatTheFirstAttemptWouldHaveDone() {
    SyncFixture f = SyncFixture.create(server, "Halfway");
    Session rep = f.rep1();
    String id = UUID.randomUUID().toString();
    List<Map<String, Object>> batch = List.of(mutation(
        "h-1",
        "lead",
        id,
        "create",
        null,
        Map.of("lastName", "Halfway", "company", "Crash Ltd", "email", "half@crash.example")));
    assertEquals(
        "applied",
        f.push(rep, "d-half", batch).json().get("results").get(0).get("result").asText());
    assertEquals(1, count("lead_history", rep.tenantId(), id));
    long assignments = count("lead_assignments", rep.tenantId(), id);
    assertTrue(assignments > 0, "no assignment record for a capture");
    assertEquals(1, count("sla_clocks", rep.tenantId(), id));

    // undo what came after the lead's insert, and leave the claim pending, as the killed instance
    // did
    delete("lead_history", rep.tenantId(), id);
    delete("lead_assignments", rep.tenantId(), id);
    delete("sla_clocks", rep.tenantId(), id);
    String key = SyncStores.mutationKey(rep.tenantId(), rep.userId(), "d-half", "h-1");
    Await.onContext(
        server,
        () -> MongoFutures.one(server
            .server()
            .store()
            .collection(SyncStores.MUTATIONS)
            .updateOne(
                Filters.eq(SyncStores.ID, key),
                Updates.combine(
                    Updates.set(SyncStores.STATUS, SyncStores.PENDING),
                    Updates.set(SyncStores.AT, Date.from(CLOCK.instant())),
                    Updates.unset(SyncStores.RESULT_JSON)))));

    assertEquals(
        "in_progress",
        f.push(rep, "d-half", batch).json().get("results").get(0).get("result").asText());
    CLOCK.advance(PushService.CLAIM_LEASE);
    Api.Response taken = f.push(rep, "d-half", batch);
    JsonNode r = taken.json().get("results").get(0);
    assertEquals("applied", r.get("result").asText(), taken::toString);

    Api.Response history = f.api().get("/v1/leads/" + id + "/history", f.admin().accessToken());
    assertEquals(200, history.status(), history::toString);
    JsonNode items = history.json().has("items") ? history.json().get("items") : history.json();
    assertFalse(items.isEmpty(), history::toString);
    boolean create = false;
    for (JsonNode e : items) {
      create |= "create".equals(e.get("action").asText());
    }
    assertTrue(create, history::toString);
    assertEquals(assignments, count("lead_assignments", rep.tenantId(), id));
    assertEquals(1, count("sla_clocks", rep.tenantId(), id));
    assertNotNull(f.lead(id).get("score"));

    // finished now: one more replay of the same capture (another device of the rep) writes nothing
    // more
    push(f, rep, "d-half-2", "h-1b", id);
    assertEquals(1, count("lead_history", rep.tenantId(), id));
    assertEquals(assignments, count("lead_assignments", rep.tenantId(), id));
  }

  private static void push(SyncFixture f, Session rep, String device, String cmid, String id) {
    Api.Response again = f.push(
        rep,
        device,
        List.of(mutation(
            cmid,
            "lead",
            id,
            "create",
            null,
            Map.of("lastName", "Halfway", "company", "Crash Ltd", "email", "half@crash.example"))));
    assertEquals(200, again.status(), again::toString);
    assertEquals(
        "duplicate", again.json().get("results").get(0).get("result").asText(), again::toString);
  }

  private static void insertClaim(Session s, String device, String cmid, Instant at) {
    Document claim = new Document(
            SyncStores.ID, SyncStores.mutationKey(s.tenantId(), s.userId(), device, cmid))
        .append(SyncStores.TENANT, s.tenantId())
        .append(SyncStores.USER, s.userId())
        .append(SyncStores.DEVICE, device)
        .append(SyncStores.CLIENT_MUTATION_ID, cmid)
        .append(SyncStores.STATUS, SyncStores.PENDING)
        .append(SyncStores.AT, Date.from(at));
    Await.onContext(
        server,
        () -> MongoFutures.one(
            server.server().store().collection(SyncStores.MUTATIONS).insertOne(claim)));
  }

  private static long count(String collection, String tenant, String leadId) {
    return Await.onContext(
        server,
        () -> MongoFutures.one(server
            .server()
            .store()
            .collection(collection)
            .countDocuments(
                Filters.and(Filters.eq("tenantId", tenant), Filters.eq("leadId", leadId)))));
  }

  private static void delete(String collection, String tenant, String leadId) {
    Await.onContext(
        server,
        () -> MongoFutures.one(server
            .server()
            .store()
            .collection(collection)
            .deleteMany(
                Filters.and(Filters.eq("tenantId", tenant), Filters.eq("leadId", leadId)))));
  }
}
