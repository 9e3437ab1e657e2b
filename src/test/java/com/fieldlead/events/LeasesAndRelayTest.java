package com.fieldlead.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Durable domain events and leases across two instances sharing one store: events written with a change reach the
 * log exactly once, even across a crash between write and relay; a lease-claimed job handles every item once.
 */
class LeasesAndRelayTest {

  static TestServer first;
  static TestServer second;

  @RegisterExtension
  @Order(1)
  static final TestServerExtension FIRST = TestServerExtension.start(Map.of(), Clock.systemUTC());

  @RegisterExtension
  @Order(2)
  static final TestServerExtension SECOND =
      TestServerExtension.sharingStoreOf(FIRST, Map.of(), Clock.systemUTC());

  @BeforeAll
  static void start() {
    first = FIRST.get();
    second = SECOND.get();
  }

  static String newLead(Session admin) {
    var r = first.api().post("/v1/leads", Map.of("lastName", "Event"), admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().get("id").asText();
  }

  static List<DomainEvent> logged(TestServer s, String tenantId, String leadId) {
    return Await.onContext(s, () -> s.server().features().eventLog().byLead(tenantId, leadId));
  }

  static List<?> pending(TestServer s, String tenantId, String leadId) {
    return Await.onContext(
        s,
        () -> MongoFutures.first(s.server()
                .store()
                .collection(LeadFields.LEADS)
                .find(Filters.and(
                    Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.eq(LeadFields.ID, leadId))))
            .map(d ->
                d.orElseThrow().getList(LeadFields.PENDING_EVENTS, Document.class, List.of())));
  }

  @Test
  void anEventWrittenWithAChangeExistsAfterTheChangeAndLeavesTheLead() {
    Session admin = AuthFixtures.tenantWithAdmin(first, "Events");
    String id = newLead(admin);
    DomainEvent e =
        DomainEvent.of(admin.tenantId(), "test.changed", id, Map.of("n", 1), Instant.now());
    Lead written = Await.onContext(
        first,
        () -> first
            .server()
            .features()
            .leads()
            .updateServerFields(
                admin.tenantId(),
                id,
                l -> l.withScore(42, "warm", List.of("test"), null, null),
                "test",
                List.of(e)));
    assertEquals(42, written.scoring().score());
    Await.onContext(first, () -> first.server().features().eventRelay().relayOnce());
    List<DomainEvent> log = logged(first, admin.tenantId(), id);
    assertEquals(1, log.stream().filter(x -> x.id().equals(e.id())).count(), log::toString);
    assertEquals(1, ((Number) log.get(0).data().get("n")).intValue());
    assertEquals(List.of(), pending(first, admin.tenantId(), id));
    assertEquals(
        2,
        first
            .api()
            .get("/v1/leads/" + id, admin.accessToken())
            .json()
            .get("version")
            .asInt());
  }

  @Test
  void aCrashBetweenTheWriteAndTheRelayLosesNothingAndRelayingTwiceCopiesOnce() {
    Session admin = AuthFixtures.tenantWithAdmin(first, "Crash");
    String id = newLead(admin);
    DomainEvent lost = DomainEvent.of(admin.tenantId(), "test.crash", id, Map.of(), Instant.now());
    DomainEvent half = DomainEvent.of(admin.tenantId(), "test.half", id, Map.of(), Instant.now());
    // the state a crashed instance leaves: both events pending on the lead, one of them already
    // copied
    Await.onContext(
        first,
        () -> MongoFutures.one(first
            .server()
            .store()
            .collection(LeadFields.LEADS)
            .updateOne(
                Filters.and(
                    Filters.eq(LeadFields.TENANT_ID, admin.tenantId()),
                    Filters.eq(LeadFields.ID, id)),
                Updates.pushEach(
                    LeadFields.PENDING_EVENTS,
                    DomainEventCodec.toDocuments(List.of(lost, half))))));
    Await.onContext(first, () -> first.server().features().eventLog().append(half, Instant.now()));
    // a fresh relay on the other instance
    EventRelay fresh = new EventRelay(
        new EventLog(second.server().store()),
        List.of(second.server().features().leads().pendingEvents()),
        Clock.systemUTC());
    Await.onContext(second, fresh::relayOnce);
    Await.onContext(second, fresh::relayOnce);
    List<DomainEvent> log = logged(second, admin.tenantId(), id);
    assertEquals(1, log.stream().filter(x -> x.id().equals(lost.id())).count(), log::toString);
    assertEquals(1, log.stream().filter(x -> x.id().equals(half.id())).count(), log::toString);
    assertEquals(List.of(), pending(second, admin.tenantId(), id));
  }

  @Test
  void claimedEventsAreExclusiveUntilCompletedOrRetried() {
    Session admin = AuthFixtures.tenantWithAdmin(first, "Claims");
    String id = newLead(admin);
    EventLog log = first.server().features().eventLog();
    // due far in the future, so no real consumer of the running servers sees them
    Instant future = Instant.parse("2100-01-01T00:00:00Z");
    DomainEvent a = DomainEvent.of(admin.tenantId(), "test.claim", id, Map.of(), future);
    Await.onContext(first, () -> log.append(a, future));
    List<EventLog.Claimed> one =
        Await.onContext(first, () -> log.claim("one", 10, Duration.ofMinutes(1), future));
    List<EventLog.Claimed> two = Await.onContext(
        second,
        () ->
            second.server().features().eventLog().claim("two", 10, Duration.ofMinutes(1), future));
    assertTrue(
        one.stream().anyMatch(c -> c.event().id().equals(a.id()) && c.attempts() == 1),
        one::toString);
    assertTrue(two.stream().noneMatch(c -> c.event().id().equals(a.id())), two::toString);
    Await.onContext(first, () -> log.retryLater(a.id(), future));
    List<EventLog.Claimed> again = Await.onContext(
        second,
        () ->
            second.server().features().eventLog().claim("two", 10, Duration.ofMinutes(1), future));
    assertTrue(
        again.stream().anyMatch(c -> c.event().id().equals(a.id()) && c.attempts() == 2),
        again::toString);
    Await.onContext(first, () -> log.complete(a.id(), future));
    assertEquals(
        EventLog.DELIVERED, Await.onContext(first, () -> log.status(a.id())).orElseThrow());
  }

  @Test
  void aLeasedJobOnTwoInstancesHandlesEveryItemExactlyOnce() {
    String job = "test.items." + UUID.randomUUID();
    String items = "lease_test_items";
    String handled = "lease_test_handled";
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      docs.add(new Document("_id", job + ":" + i).append("job", job).append("done", false));
    }
    Await.onContext(
        first, () -> MongoFutures.one(first.server().store().collection(items).insertMany(docs)));
    for (TestServer s : List.of(first, second)) {
      Await.onContext(s, () -> {
        s.server()
            .features()
            .jobs()
            .schedule(
                job,
                Duration.ofMillis(5),
                Duration.ofMinutes(1),
                () -> handleSome(s, items, handled, job));
        return Future.succeededFuture();
      });
    }
    long deadline = System.currentTimeMillis() + 20_000;
    long left;
    do {
      left = Await.onContext(
          first,
          () -> MongoFutures.one(first
              .server()
              .store()
              .collection(items)
              .countDocuments(Filters.and(Filters.eq("job", job), Filters.eq("done", false)))));
    } while (left > 0 && System.currentTimeMillis() < deadline);
    assertEquals(0, left);
    List<Document> log = Await.onContext(
        first,
        () -> MongoFutures.list(
            first.server().store().collection(handled).find(Filters.eq("job", job))));
    assertEquals(40, log.size());
    assertEquals(40, log.stream().map(d -> d.getString("item")).distinct().count(), log::toString);
  }

  /** Deliberately not atomic (read, then log, then mark): only the lease keeps two instances from both doing it. */
  private static Future<Void> handleSome(TestServer s, String items, String handled, String job) {
    var coll = s.server().store().collection(items);
    var log = s.server().store().collection(handled);
    return MongoFutures.list(
            coll.find(Filters.and(Filters.eq("job", job), Filters.eq("done", false)))
                .limit(3))
        .compose(found -> {
          Future<Void> chain = Future.succeededFuture();
          for (Document d : found) {
            chain = chain.compose(v -> MongoFutures.one(log.insertOne(new Document("job", job)
                    .append("item", d.getString("_id"))
                    .append("by", s.server().features().jobs().owner())))
                .compose(r -> MongoFutures.one(coll.updateOne(
                    Filters.eq("_id", d.getString("_id")), Updates.set("done", true))))
                .mapEmpty());
          }
          return chain;
        });
  }
}
