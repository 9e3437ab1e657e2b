package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.notify.FakeFcm.Behaviour;
import com.fieldlead.notify.PushSender.Outcome;
import com.fieldlead.notify.PushSender.Result;
import com.fieldlead.notify.model.PushMessage;
import com.fieldlead.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Firebase Admin SDK sending to the fake FCM endpoint through its HTTP transport. */
class FcmSenderTest {

  private static FakeFcm fcm;
  private static Vertx vertx;
  private static PushSender sender;
  private static Context context;

  static FieldleadConfig.Push fakeConfig(String baseUrl) {
    FieldleadConfig.Push d = FieldleadConfig.Push.defaults();
    return new FieldleadConfig.Push(
        Optional.empty(),
        Optional.of("demo-project"),
        Optional.of(baseUrl),
        Duration.ofSeconds(10),
        d.maxAttempts(),
        d.retryBase(),
        d.retryMax(),
        d.lease(),
        d.poll(),
        d.tokenStaleAfter(),
        d.reminderScan(),
        d.syncNudgeInterval());
  }

  @BeforeAll
  static void start() {
    fcm = FakeFcm.start();
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    sender = FcmSetup.sender(fakeConfig(fcm.baseUrl()));
  }

  @AfterAll
  static void stop() {
    sender.close();
    vertx.close();
    fcm.close();
  }

  @BeforeEach
  void reset() {
    fcm.reset();
  }

  private static PushMessage message(String id) {
    return new PushMessage(
        id,
        "Hot lead",
        "Ada is hot",
        Map.of("type", "hot_lead", "leadId", "L1", "notificationId", id),
        "hot_lead:" + id,
        false);
  }

  @Test
  void aPushReachesFcmV1WithNotificationDataCollapseKeysAndTheBearerToken() throws Exception {
    List<Result> results =
        Await.onContext(context, () -> sender.send(message("n-1"), List.of("tok-a", "tok-b")));
    assertEquals(
        List.of(Outcome.DELIVERED, Outcome.DELIVERED),
        results.stream().map(Result::outcome).toList());
    assertEquals("fcm", sender.name());
    FakeFcm.Received r = fcm.receivedFor("tok-a").get(0);
    assertEquals("demo-project", r.project());
    assertEquals("Bearer fake-fcm-token", r.authorization());
    assertEquals("Hot lead", r.message().path("notification").path("title").asText());
    assertEquals("n-1", r.data("notificationId"));
    assertEquals("L1", r.data("leadId"));
    assertEquals(
        "hot_lead:n-1", r.message().path("android").path("collapse_key").asText());
    assertEquals(
        "hot_lead:n-1",
        r.message().path("apns").path("headers").path("apns-collapse-id").asText());
    assertEquals(1, fcm.receivedFor("tok-b").size());
  }

  @Test
  void unregisteredAndInvalidTokensAreReportedDeadWhileOthersGoThrough() throws Exception {
    fcm.script("gone", Behaviour.UNREGISTERED).script("bad", Behaviour.INVALID_ARGUMENT);
    List<Result> results =
        Await.onContext(context, () -> sender.send(message("n-2"), List.of("ok", "gone", "bad")));
    assertEquals(
        List.of(Outcome.DELIVERED, Outcome.TOKEN_INVALID, Outcome.TOKEN_INVALID),
        results.stream().map(Result::outcome).toList());
    assertTrue(
        results.get(1).detail().startsWith("UNREGISTERED"), results.get(1).detail());
  }

  @Test
  void quotaExceededIsRetriedAfterTheServersRetryAfter() throws Exception {
    fcm.script("busy", Behaviour.QUOTA).retryAfterSeconds(120);
    List<Result> results =
        Await.onContext(context, () -> sender.send(message("n-3"), List.of("busy")));
    assertEquals(Outcome.RETRY, results.get(0).outcome());
    assertEquals(Duration.ofSeconds(120), results.get(0).retryAfter());
    assertEquals(1, fcm.receivedFor("busy").size(), "the SDK does not retry 429 itself");
  }

  @Test
  void unavailableIsRetriedBySdkThenReportedForALaterAttempt() throws Exception {
    fcm.script("down", Behaviour.UNAVAILABLE);
    List<Result> results =
        Await.onContext(context, () -> sender.send(message("n-4"), List.of("down")));
    assertEquals(Outcome.RETRY, results.get(0).outcome());
    assertTrue(results.get(0).detail().startsWith("UNAVAILABLE"), results.get(0).detail());
    assertEquals(
        5, fcm.receivedFor("down").size(), "the SDK itself tries a 503 five times (about 7.5 s)");
  }

  @Test
  void aSlowFcmNeverBlocksTheEventLoop() throws Exception {
    fcm.script("slow", Behaviour.SLOW).slowMillis(1500);
    AtomicInteger ticks = new AtomicInteger();
    long timer = Await.onContext(
        context, () -> Future.succeededFuture(vertx.setPeriodic(50, t -> ticks.incrementAndGet())));
    long started = System.nanoTime();
    List<Result> results =
        Await.onContext(context, () -> sender.send(message("n-5"), List.of("slow")));
    vertx.cancelTimer(timer);
    assertEquals(Outcome.DELIVERED, results.get(0).outcome());
    assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(1400));
    assertTrue(
        ticks.get() >= 10,
        "the same event loop kept running timers while FCM was slow: " + ticks.get());
  }
}
