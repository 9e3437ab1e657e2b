package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.notify.model.Backoff;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.Notification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.model.NotificationStatus;
import com.fieldlead.notify.model.PushMessage;
import com.fieldlead.notify.store.MongoNotifications;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several outbox workers on one store: two instances never both send one notification; a crash repeats once. */
class NotifyWorkersTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T10:00:00Z"));
  private static FakeFcm fcm;
  private static TestServer first;
  private static TestServer second;
  private static Session admin;

  @RegisterExtension
  @Order(1)
  static final FakeFcmExtension FCM = new FakeFcmExtension();

  // Workers poll rarely here: the test drives them by hand, both at once.
  @RegisterExtension
  @Order(2)
  static final TestServerExtension FIRST =
      NotifyHarness.server(FCM, clock, Map.of(ConfigKey.FIELDLEAD_PUSH_POLL_MS, "60000"));

  @RegisterExtension
  @Order(3)
  static final TestServerExtension SECOND = TestServerExtension.sharingStoreOf(
      FIRST,
      () -> NotifyHarness.settings(
          FCM.get(),
          Map.of(
              ConfigKey.FIELDLEAD_PUSH_POLL_MS,
              "60000",
              ConfigKey.FIELDLEAD_MONGODB_DATABASE,
              FIRST.get().server().store().database().getName())),
      clock);

  @BeforeAll
  static void start() {
    fcm = FCM.get();
    first = FIRST.get();
    second = SECOND.get();
    admin = AuthFixtures.tenantWithAdmin(first, "Workers Co");
  }

  /** Writes a due notification straight into the outbox (no wake-up of any worker). */
  private static String queued(TestServer server, Session user, String title) {
    NewNotification nn = new NewNotification(
        user.tenantId(),
        user.userId(),
        NotificationKind.ASSIGNMENT,
        "w:" + UUID.randomUUID(),
        title,
        "body",
        Map.of(),
        false,
        null);
    Notification n = new Notification(
        nn.id(),
        nn.tenantId(),
        nn.userId(),
        nn.kind(),
        nn.title(),
        nn.body(),
        nn.pushData(),
        "assignment:" + nn.id(),
        false,
        true,
        NotificationStatus.PENDING,
        0,
        clock.instant(),
        null,
        null,
        clock.instant(),
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null);
    assertTrue(Await.onContext(
        server, () -> new MongoNotifications(server.server().store()).insertIfAbsent(n)));
    return n.id();
  }

  private static int drive(TestServer server) {
    return Await.onContext(
        server, () -> server.server().features().notifications().sendDueNow());
  }

  @Test
  void twoInstancesDrainingOneOutboxTogetherSendEveryNotificationExactlyOnce() throws Exception {
    Session rep = AuthFixtures.user(first.api(), admin, "rep");
    String token = NotifyHarness.token("shared");
    NotifyHarness.device(first.api(), rep, token);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      ids.add(queued(first, rep, "n" + i));
    }
    int total = 0;
    for (int round = 0; round < 20 && total < 300; round++) {
      CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> drive(first));
      CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> drive(second));
      total += a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS);
    }
    assertEquals(300, total, "every notification claimed exactly once across both instances");
    List<String> sent =
        fcm.receivedFor(token).stream().map(r -> r.data("notificationId")).toList();
    assertEquals(300, sent.size());
    assertEquals(ids, new HashSet<>(sent));
    for (String id : List.of(ids.iterator().next())) {
      assertEquals(NotificationStatus.SENT, NotifyHarness.stored(second, id).status());
    }
  }

  @Test
  void aCrashBetweenSendAndAcknowledgementRepeatsTheSendOnceWithTheSameIdAndCollapseKey() {
    Session rep = AuthFixtures.user(first.api(), admin, "rep");
    String token = NotifyHarness.token("crash");
    NotifyHarness.device(first.api(), rep, token);
    String id = queued(first, rep, "Crash");
    FieldleadConfig.Push config = FcmSenderTest.fakeConfig(fcm.baseUrl());
    PushSender real = FcmSetup.sender(config);
    // Sends for real, then the "instance" dies: the outcome is never written.
    PushSender crashing = new PushSender() {
      @Override
      public String name() {
        return "fcm";
      }

      @Override
      public Future<List<Result>> send(PushMessage m, List<String> tokens) {
        return real.send(m, tokens).compose(r -> Promise.<List<Result>>promise().future());
      }
    };
    try {
      OutboxWorker doomed = new OutboxWorker(
          first.server().vertx(),
          new MongoNotifications(first.server().store()),
          first.server().features().auth().deviceTokens(),
          crashing,
          SendGuard.ALWAYS,
          new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 5, () -> 0.5),
          clock,
          config);
      first.server().vertx().runOnContext(v -> doomed.runOnce());
      assertTrue(Await.until(() -> fcm.receivedFor(token).size() == 1, 10_000));
      assertEquals(NotificationStatus.SENDING, NotifyHarness.stored(first, id).status());
      assertEquals(0, drive(second), "the lease still holds: nobody else takes it");
      clock.advance(config.lease().plusSeconds(1));
      assertEquals(1, drive(second));
      assertEquals(NotificationStatus.SENT, NotifyHarness.stored(second, id).status());
      List<FakeFcm.Received> got = fcm.receivedFor(token);
      assertEquals(2, got.size(), "at most one repeat");
      assertEquals(got.get(0).data("notificationId"), got.get(1).data("notificationId"));
      assertEquals(
          got.get(0).message().path("android").path("collapse_key").asText(),
          got.get(1).message().path("android").path("collapse_key").asText());
      assertEquals(id, got.get(1).data("notificationId"));
    } finally {
      real.close();
    }
  }
}
