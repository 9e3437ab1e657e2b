package com.fieldlead.sync;

import static com.fieldlead.sync.SyncFixture.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The takeover of an edit whose first attempt stored the lead and died before the rest (a SIGKILL between the lead's
 * update and its history entry): the takeover records the history entry and runs the listeners the first attempt
 * skipped (here scoring), once.
 */
class SyncUpdateTakeoverTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-06-03T09:00:00Z"));
  static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(Map.of(), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void theTakeoverOfAnEditStoredBeforeTheCrashWritesItsHistoryAndRescoresOnce() {
    SyncFixture f = SyncFixture.create(server, "HalfEdit");
    Session rep = f.rep1();
    String id = UUID.randomUUID().toString();
    JsonNode created = f.push(
            rep,
            "d-edit",
            List.of(mutation(
                "e-0",
                "lead",
                id,
                "create",
                null,
                Map.of("lastName", "Halfedit", "company", "Crash Ltd"))))
        .json()
        .get("results")
        .get(0);
    assertEquals("applied", created.get("result").asText(), created::toString);
    long base = created.get("version").asLong();
    Document coldDoc = leadDoc(rep.tenantId(), id);
    int coldScore = f.lead(id).get("score").asInt();

    List<Map<String, Object>> edit = List.of(mutation(
        "e-1",
        "lead",
        id,
        "update",
        base,
        Map.of(
            "title",
            "CFO",
            "bant",
            Map.of(
                "budget",
                "approved",
                "budgetAmount",
                12000.50,
                "authority",
                "decision_maker",
                "need",
                "high"))));
    JsonNode first = f.push(rep, "d-edit", edit).json().get("results").get(0);
    assertEquals("applied", first.get("result").asText(), first::toString);
    int warmScore = f.lead(id).get("score").asInt();
    assertTrue(
        warmScore > coldScore, "the edit raises the score: " + coldScore + " -> " + warmScore);
    long written = lastWriteVersion(rep, id);
    assertEquals(1, historyOf(rep, id, written).size(), "the edit's history entry");

    // the state a SIGKILL right after the lead's update leaves: no history entry, no rescore, the
    // claim pending
    dropHistoryEntry(rep, id, written);
    List<Bson> unscored = new ArrayList<>();
    for (String field : List.of("score", "temperature", "scoreExplanation", "scoreDetails")) {
      unscored.add(
          coldDoc.containsKey(field)
              ? Updates.set(field, coldDoc.get(field))
              : Updates.unset(field));
    }
    unscored.add(Updates.unset(LeadFields.SYNC_STATE));
    await(() -> MongoFutures.one(server
        .server()
        .store()
        .collection(LeadFields.LEADS)
        .updateOne(
            Filters.and(Filters.eq("tenantId", rep.tenantId()), Filters.eq("id", id)),
            Updates.combine(unscored))));
    assertEquals(
        coldScore, f.lead(id).get("score").asInt(), "the crash simulation left the old score");
    String key = SyncStores.mutationKey(rep.tenantId(), rep.userId(), "d-edit", "e-1");
    await(() -> MongoFutures.one(server
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
        f.push(rep, "d-edit", edit).json().get("results").get(0).get("result").asText());
    CLOCK.advance(PushService.CLAIM_LEASE);
    Api.Response taken = f.push(rep, "d-edit", edit);
    JsonNode r = taken.json().get("results").get(0);
    assertEquals("applied", r.get("result").asText(), "the write is this mutation's: " + taken);

    List<Document> entries = historyOf(rep, id, written);
    assertEquals(1, entries.size(), "the takeover wrote the edit's history entry once: " + entries);
    Document entry = entries.get(0);
    assertEquals("update", entry.getString("action"));
    assertEquals(rep.userId(), entry.getString("by"));
    assertEquals("d-edit", entry.getString("device"));
    assertTrue(
        entry.getList("changes", Document.class).stream()
            .anyMatch(
                c -> "title".equals(c.getString("field")) && "CFO".equals(c.getString("after"))),
        entry::toJson);
    JsonNode lead = f.lead(id);
    assertEquals(
        warmScore,
        lead.get("score").asInt(),
        "the takeover ran the rescore the first attempt skipped");
    assertEquals("CFO", lead.get("title").asText());
    assertNotNull(lead.get("bant"));
    assertEquals(12000.5, lead.get("bant").get("budgetAmount").asDouble());

    // finished now: a replay is a duplicate and writes nothing more
    JsonNode again = f.push(rep, "d-edit", edit).json().get("results").get(0);
    assertEquals("duplicate", again.get("result").asText(), again::toString);
    assertEquals(1, historyOf(rep, id, written).size());
  }

  /** Another writer's edit is never finished by this device's takeover (it may be finishing right now). */
  @Test
  void aTakeoverDoesNotFinishAnotherDevicesWrite() {
    SyncFixture f = SyncFixture.create(server, "OtherEdit");
    Session rep = f.rep1();
    String id = UUID.randomUUID().toString();
    JsonNode created = f.push(
            rep,
            "d-a",
            List.of(mutation(
                "o-0",
                "lead",
                id,
                "create",
                null,
                Map.of("lastName", "Other", "company", "Two Phones Ltd"))))
        .json()
        .get("results")
        .get(0);
    long base = created.get("version").asLong();
    JsonNode edited = f.push(
            rep,
            "d-b",
            List.of(mutation("o-1", "lead", id, "update", base, Map.of("title", "CTO"))))
        .json()
        .get("results")
        .get(0);
    assertEquals("applied", edited.get("result").asText(), edited::toString);
    long written = lastWriteVersion(rep, id);
    dropHistoryEntry(rep, id, written);

    // device a's edit of the same lead was claimed by a push that died before writing anything
    List<Map<String, Object>> edit =
        List.of(mutation("o-2", "lead", id, "update", base, Map.of("city", "Lyon")));
    Document claim = new Document(
            SyncStores.ID, SyncStores.mutationKey(rep.tenantId(), rep.userId(), "d-a", "o-2"))
        .append(SyncStores.TENANT, rep.tenantId())
        .append(SyncStores.USER, rep.userId())
        .append(SyncStores.DEVICE, "d-a")
        .append(SyncStores.CLIENT_MUTATION_ID, "o-2")
        .append(SyncStores.STATUS, SyncStores.PENDING)
        .append(SyncStores.AT, Date.from(CLOCK.instant()));
    await(() -> MongoFutures.one(
        server.server().store().collection(SyncStores.MUTATIONS).insertOne(claim)));
    CLOCK.advance(PushService.CLAIM_LEASE);
    JsonNode r = f.push(rep, "d-a", edit).json().get("results").get(0);
    assertNotEquals("in_progress", r.get("result").asText(), r::toString);
    assertEquals("Lyon", f.lead(id).get("city").asText());
    assertEquals(
        0,
        historyOf(rep, id, written).size(),
        "device b's write is not finished by device a's takeover");
  }

  /** The version of the lead's last client write, as stored with the lead. */
  private static long lastWriteVersion(Session s, String id) {
    return leadDoc(s.tenantId(), id)
        .get(LeadFields.LAST_WRITE, Document.class)
        .get("version", Number.class)
        .longValue();
  }

  /** Removes a write's history entry: the state its instance dying before the entry leaves. */
  private static void dropHistoryEntry(Session s, String id, long version) {
    await(() -> MongoFutures.one(server
        .server()
        .store()
        .collection(LeadFields.HISTORY)
        .deleteMany(Filters.and(
            Filters.eq("tenantId", s.tenantId()),
            Filters.eq("leadId", id),
            Filters.eq("version", version)))));
  }

  private static Document leadDoc(String tenant, String id) {
    return await(() -> MongoFutures.first(server
            .server()
            .store()
            .collection(LeadFields.LEADS)
            .find(Filters.and(Filters.eq("tenantId", tenant), Filters.eq("id", id)))))
        .orElseThrow();
  }

  private static List<Document> historyOf(Session s, String id, long version) {
    return await(() -> MongoFutures.list(server
        .server()
        .store()
        .collection(LeadFields.HISTORY)
        .find(Filters.and(
            Filters.eq("tenantId", s.tenantId()),
            Filters.eq("leadId", id),
            Filters.eq("version", version)))));
  }

  private static <T> T await(Supplier<Future<T>> work) {
    return Await.onContext(server, work::get);
  }
}
