package com.fieldlead.webhook;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.json.Json;
import com.fieldlead.outbox.Outbox;
import com.fieldlead.store.MongoStore;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two instances on one store: each event reaches the receiver once, a lead's events in order; a crash resends. */
class WebhookTwoInstancesTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T10:00:00Z"));
  private static Receiver receiver;
  private static TestServer first;
  private static TestServer second;
  private static Session admin;

  @RegisterExtension
  @Order(1)
  static final TestServerExtension FIRST =
      TestServerExtension.start(WebhookHarness.local("60000"), clock);

  @RegisterExtension
  @Order(2)
  static final TestServerExtension SECOND = TestServerExtension.sharingStoreOf(
      FIRST,
      () -> {
        Map<ConfigKey, String> s = new HashMap<>(WebhookHarness.local("60000"));
        s.put(
            ConfigKey.FIELDLEAD_MONGODB_DATABASE,
            FIRST.get().server().store().database().getName());
        return s;
      },
      clock);

  @BeforeAll
  static void start() throws Exception {
    receiver = Receiver.start();
    first = FIRST.get();
    second = SECOND.get();
    // the tests drive the fan-out by hand: a background fan-out tick (every second) would fan out
    // and send an event between the test's writing it and its claim by the instance that dies
    Await.onContext(first, () -> first.server().features().jobs().stop());
    Await.onContext(second, () -> second.server().features().jobs().stop());
    admin = AuthFixtures.tenantWithAdmin(first, "Twins Co");
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  private static int drive(TestServer server) {
    return Await.onContext(server, () -> server.server().features().webhooks().deliverDueNow());
  }

  @Test
  void twoInstancesDeliverEveryEventOnceAndEachLeadsEventsInOrder() throws Exception {
    receiver.clear();
    WebhookHarness.subscribe(first.api(), admin, receiver.url("/twins"), List.of("lead.hot"));
    Map<String, List<String>> written = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      written.put("lead-" + i, new ArrayList<>());
    }
    for (int round = 0; round < 8; round++) {
      for (Map.Entry<String, List<String>> lead : written.entrySet()) {
        DomainEvent e = WebhookHarness.event(first, admin.tenantId(), "lead.hot", lead.getKey());
        lead.getValue().add(e.id());
      }
    }
    for (int round = 0; round < 60 && receiver.received().size() < 240; round++) {
      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> drive(first));
      CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> drive(second));
      a.get(60, TimeUnit.SECONDS);
      b.get(60, TimeUnit.SECONDS);
    }
    List<Receiver.Received> got = receiver.received();
    List<String> ids = got.stream().map(r -> r.header("Fieldlead-Event-Id")).toList();
    assertEquals(240, ids.size(), "each event sent once");
    assertEquals(240, new HashSet<>(ids).size(), "no event twice");
    Map<String, List<String>> arrived = new HashMap<>();
    for (Receiver.Received r : got) {
      String lead = Json.MAPPER.readTree(r.body()).path("leadId").asText();
      arrived.computeIfAbsent(lead, k -> new ArrayList<>()).add(r.header("Fieldlead-Event-Id"));
    }
    assertEquals(written, arrived, "per lead, the order they were written in");
  }

  @Test
  void aDeliveryClaimedByAnInstanceThatDiedIsSentByTheOtherOnceItsLeaseRunsOut() {
    receiver.clear();
    Session other = AuthFixtures.tenantWithAdmin(first, "Crash Co");
    WebhookHarness.subscribe(first.api(), other, receiver.url("/crash"), List.of("sla.breached"));
    DomainEvent e = WebhookHarness.event(first, other.tenantId(), "sla.breached", null);
    MongoStore store = first.server().store();
    Outbox outbox = WebhookModule.outbox(store);
    // the fan-out, then a claim by an instance that dies before sending
    Await.onContext(
        first,
        () -> new FanOut(
                first.server().features().eventLog(),
                new MongoWebhooks(store),
                outbox,
                clock,
                () -> {})
            .runOnce());
    List<Outbox.Claimed> held = Await.onContext(
        first, () -> outbox.claim("dead-instance", 100, DeliveryWorker.LEASE, clock.instant()));
    assertTrue(held.stream().anyMatch(c -> c.eventId().equals(e.id())), held::toString);
    drive(second);
    assertTrue(receiver.received().isEmpty(), "not while the dead instance's lease holds");
    clock.advance(DeliveryWorker.LEASE.plus(Duration.ofSeconds(1)));
    drive(second);
    assertTrue(Await.until(() -> receiver.received().size() == 1, 10_000));
    assertEquals(e.id(), receiver.received().get(0).header("Fieldlead-Event-Id"));
    assertEquals("2", receiver.received().get(0).header("Fieldlead-Delivery-Attempt"));
  }
}
