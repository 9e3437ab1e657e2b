package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.model.PushMessage;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push throughput and alert latency through the real SDK to the fake FCM (opt-in: {@code -Dsurefire.excludedGroups=
 * -Dtest=NotifyBenchmark}). Targets: at least 500 messages/s per node; p95 from a hot lead write to the send under 1 s.
 */
@Tag("bench")
class NotifyBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyBenchmark.class);

  @Test
  void fanOutThroughTheSdkInMulticastsOf500TokensExceeds500MessagesPerSecond() throws Exception {
    try (FakeFcm fcm = FakeFcm.start()) {
      Vertx vertx = Vertx.vertx();
      PushSender sender = FcmSetup.sender(FcmSenderTest.fakeConfig(fcm.baseUrl()));
      try {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          tokens.add("bench-" + i);
        }
        PushMessage m =
            new PushMessage("bench", "Hot lead", "Bench", Map.of("type", "hot_lead"), "k", false);
        Await.onContext(vertx, () -> sender.send(m, tokens), Duration.ofSeconds(60)); // warm-up
        int calls = 8;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          List<PushSender.Result> r =
              Await.onContext(vertx, () -> sender.send(m, tokens), Duration.ofSeconds(60));
          assertTrue(r.stream().allMatch(x -> x.outcome() == PushSender.Outcome.DELIVERED));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = calls * 500 / seconds;
        LOG.info(
            "BENCH sdk multicast: {} messages in {} s = {} messages/s",
            calls * 500,
            String.format("%.2f", seconds),
            String.format("%.0f", rate));
        assertTrue(rate >= 500, "rate " + rate);
      } finally {
        sender.close();
        vertx.close();
      }
    }
  }

  @Test
  void theOutboxSendsAThousandNotificationsEndToEndAboveTheTarget() {
    try (FakeFcm fcm = FakeFcm.start();
        TestServer server = NotifyHarness.server(
            fcm, Clock.systemUTC(), Map.of(ConfigKey.FIELDLEAD_PUSH_POLL_MS, "50"))) {
      Session admin = AuthFixtures.tenantWithAdmin(server, "Bench Co");
      List<Session> reps = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Session rep = AuthFixtures.user(server.api(), admin, "rep");
        NotifyHarness.device(server.api(), rep, NotifyHarness.token("bench"));
        reps.add(rep);
      }
      int total = 1000;
      long start = System.nanoTime();
      List<Future<Boolean>> created = new ArrayList<>();
      Await.onContext(server, () -> {
        for (int i = 0; i < total; i++) {
          Session rep = reps.get(i % reps.size());
          created.add(server
              .server()
              .features()
              .notifications()
              .service()
              .create(new NewNotification(
                  rep.tenantId(),
                  rep.userId(),
                  NotificationKind.ASSIGNMENT,
                  "b:" + i,
                  "Assigned",
                  "Bench",
                  Map.of(),
                  false,
                  null)));
        }
        return Future.all(created);
      });
      assertTrue(
          Await.until(() -> fcm.received().size() >= total, 60_000),
          "sent " + fcm.received().size());
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info(
          "BENCH outbox end to end: {} notifications written and sent in {} s = {} /s",
          total,
          String.format("%.2f", seconds),
          String.format("%.0f", total / seconds));
    }
  }

  @Test
  void p95FromAHotLeadWriteToTheManagersPushIsMeasured() {
    try (FakeFcm fcm = FakeFcm.start();
        TestServer server = NotifyHarness.server(
            fcm,
            Clock.systemUTC(),
            Map.of(ConfigKey.FIELDLEAD_DEMO, "true", ConfigKey.FIELDLEAD_PUSH_POLL_MS, "100"))) {
      Api api = server.api();
      Session manager = AuthFixtures.login(api, "manager@demo.test", "demo-password");
      String token = NotifyHarness.token("mgr");
      NotifyHarness.device(api, manager, token);
      Session booth = AuthFixtures.login(api, "booth@demo.test", "demo-password");
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String leadId = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        Api.Response r = api.post(
            "/v1/leads",
            Map.of(
                "id",
                leadId,
                "firstName",
                "Bench" + i,
                "lastName",
                "Lead",
                "company",
                "Co " + i,
                "hotAtCapture",
                true),
            booth.accessToken());
        assertEquals(201, r.status(), r::toString);
        assertTrue(Await.until(
            () -> fcm.receivedFor(token).stream().anyMatch(x -> leadId.equals(x.data("leadId"))),
            10_000));
        long sentAt = fcm.receivedFor(token).stream()
            .filter(x -> leadId.equals(x.data("leadId")))
            .findFirst()
            .orElseThrow()
            .atNanos();
        latencies.add(TimeUnit.NANOSECONDS.toMillis(sentAt - t0));
      }
      Collections.sort(latencies);
      long p50 = latencies.get(latencies.size() / 2);
      long p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
      LOG.info(
          "BENCH hot lead write -> push at FCM: n={} p50={} ms p95={} ms max={} ms",
          latencies.size(),
          p50,
          p95,
          latencies.get(latencies.size() - 1));
    }
  }
}
