package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time-dependent sync: re-baseline past the tombstone horizon, checkpoints from the future, silent devices. */
class SyncRebaselineTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-05-05T09:00:00Z"));
  static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(Map.of(), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void aCheckpointOlderThanTheHorizonGetsTheScopesIdsAndVersionsAndNoDeletedLead() {
    SyncFixture f =
        SyncFixture.create(server, "Horizon"); // fresh tokens: other tests move the clock
    String kept = f.leadOwnedBy(f.rep1());
    String gone = f.leadOwnedBy(f.rep1());
    String checkpoint = f.pullAll(f.rep1(), "d-away", null).checkpoint();
    Api.Response del = f.api().delete("/v1/leads/" + gone, f.manager().accessToken());
    assertTrue(del.status() == 204 || del.status() == 428, del::toString);
    if (del.status() == 428) {
      Api.Response withVersion = f.api()
          .send(
              "DELETE",
              "/v1/leads/" + gone,
              null,
              f.manager().accessToken(),
              Map.of("If-Match", "\"" + f.lead(gone).get("version").asLong() + "\""));
      assertEquals(204, withVersion.status(), withVersion::toString);
    }

    CLOCK.advance(SyncModule.TOMBSTONE_HORIZON.plusDays(1));
    Session rep = AuthFixtures.login(f.api(), f.rep1().email(), AuthFixtures.PASSWORD);
    f.pullAll(
        rep, "d-away",
        null); // another note on the lead: the listing then spans leads and activities
    Api.Response note = f.api()
        .post(
            "/v1/leads/" + kept + "/activities",
            Map.of("type", "note", "note", Map.of("text", "still keen")),
            rep.accessToken());
    assertEquals(201, note.status(), note::toString);
    Set<String> listed = new HashSet<>();
    String next = checkpoint;
    Api.Response r;
    int pages = 0;
    do { // one entity per page: the listing is paged with a cursor in the checkpoint
      r = f.pull(rep, "d-away", next, 1);
      assertEquals(200, r.status(), r::toString);
      if (pages == 0) {
        assertEquals("rebaseline", r.json().get("mode").asText());
        assertNotNull(r.json().get("reference"));
      }
      if (r.json().get("mode").asText().equals("rebaseline")) {
        assertTrue(r.json().get("entities").size() <= 1);
        r.json()
            .get("entities")
            .forEach(e -> assertTrue(listed.add(e.get("entityId").asText()), "listed twice"));
        next = r.json()
            .get("checkpoint")
            .asText(); // the delta page that ends the loop is pulled again below
      }
      assertTrue(++pages < 50, "the re-baseline listing does not end");
    } while (r.json().get("mode").asText().equals("rebaseline"));
    assertTrue(listed.contains(kept), "a live lead is missing from the re-baseline");
    assertTrue(listed.contains(note.json().get("id").asText()), "the lead's activity is missing");
    assertFalse(listed.contains(gone), "a deleted lead would be resurrected");
    assertTrue(pages >= 3, "expected at least two listing pages and the first delta page");
    SyncFixture.Pulled states = f.pullAll(rep, "d-away", next);
    assertEquals("Lovelace", states.last(kept).get("state").get("lastName").asText());
  }

  @Test
  void aCheckpointIssuedInTheFutureIsRefused() {
    SyncFixture f = SyncFixture.create(server, "Future");
    String checkpoint = f.pullAll(f.rep2(), "d-clock", null).checkpoint();
    CLOCK.advance(Duration.ofHours(-1));
    try {
      Session rep = AuthFixtures.login(f.api(), f.rep2().email(), AuthFixtures.PASSWORD);
      Api.Response r = f.pull(rep, "d-clock", checkpoint, null);
      assertEquals(400, r.status(), r::toString);
      assertEquals("CHECKPOINT_FROM_FUTURE", r.code());
    } finally {
      CLOCK.advance(Duration.ofHours(1));
    }
  }

  @Test
  void theBackgroundJobPurgesInFlightMarkersLeftByCrashedWriters() throws Exception {
    var counters = server.server().store().collection(ChangeSequencer.COUNTERS);
    Date past = Date.from(CLOCK.instant().minus(Duration.ofMinutes(5)));
    Await.result(MongoFutures.one(counters.updateOne(
        new Document("_id", "t-crashed"),
        Updates.push(
            ChangeSequencer.INFLIGHT,
            new Document("id", "m-1").append("floor", 7L).append("expiresAt", past)),
        new UpdateOptions().upsert(true))));
    Promise<Boolean> ran = Promise.promise();
    server
        .server()
        .vertx()
        .runOnContext(v -> server
            .server()
            .features()
            .jobs()
            .tick(SyncModule.INFLIGHT_PURGE_JOB)
            .onComplete(ran));
    assertTrue(Await.result(ran.future()), "the purge job did not run");
    Document counter = Await.result(
        MongoFutures.one(counters.find(new Document("_id", "t-crashed")).first()));
    assertEquals(
        List.of(), counter.getList(ChangeSequencer.INFLIGHT, Document.class), "markers left");
  }

  @Test
  void managersFindThePhonesThatHaveNotSyncedForADay() {
    SyncFixture f = SyncFixture.create(server, "Silent");
    Session rep = AuthFixtures.login(f.api(), f.rep2().email(), AuthFixtures.PASSWORD);
    f.pullAll(rep, "d-silent", null);
    CLOCK.advance(Duration.ofHours(30));
    Session manager = AuthFixtures.login(f.api(), f.manager().email(), AuthFixtures.PASSWORD);
    Session again = AuthFixtures.login(f.api(), f.rep2().email(), AuthFixtures.PASSWORD);
    f.pullAll(again, "d-busy", null);
    Api.Response r = f.api().get("/v1/sync/devices?staleFor=PT24H", manager.accessToken());
    assertEquals(200, r.status(), r::toString);
    Set<String> stale = new HashSet<>();
    for (JsonNode d : r.json().get("items")) {
      stale.add(d.get("deviceId").asText());
      assertTrue(
          d.get("checkpointAgeSeconds").asLong() >= Duration.ofHours(24).toSeconds(), d::toString);
    }
    assertTrue(stale.contains("d-silent"), r::toString);
    assertFalse(stale.contains("d-busy"), r::toString);
  }
}
