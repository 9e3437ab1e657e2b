package com.fieldlead.webhook;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.json.Json;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook throughput and latency to a local receiver, on the durable embedded store (opt-in: {@code mvn -B test
 * -Pbench -Dtest=WebhookBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbench.webhook.events=N}).
 * Targets: at least 500 deliveries/s per node; p95 from the write to the delivery at most 1 s.
 */
@Tag("bench")
class WebhookBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookBenchmark.class);

  private static TestServer durableServer(Path dir) {
    Map<ConfigKey, String> s = new HashMap<>(WebhookHarness.local("200"));
    s.put(ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY, "false");
    s.put(ConfigKey.FIELDLEAD_DATA_DIR, dir.toString());
    s.put(ConfigKey.FIELDLEAD_WEBHOOK_DISABLE_AFTER, "P3D");
    return TestServer.start(s, Clock.systemUTC());
  }

  /**
   * Events written straight into the durable event log (as the relay writes them), fanned out and delivered to a
   * local Vert.x receiver that counts distinct event ids and answers 200 (its own Vert.x instance, so the server's
   * event loops are not shared with it).
   */
  @Test
  void eventsAlreadyInTheLogReachALocalReceiverAtMoreThan500PerSecond() throws Exception {
    int n = Integer.getInteger("bench.webhook.events", 5000);
    Path dir = Files.createTempDirectory("fl-webhook-bench");
    Vertx receiverVertx = Vertx.vertx();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    HttpServer receiver = Await.result(receiverVertx
        .createHttpServer()
        .requestHandler(req -> {
          requests.incrementAndGet();
          seen.add(req.getHeader("Fieldlead-Event-Id"));
          req.end().onComplete(x -> req.response().setStatusCode(200).end("ok"));
        })
        .listen(0, "127.0.0.1"));
    try (TestServer server = durableServer(dir)) {
      Session admin = AuthFixtures.tenantWithAdmin(server, "Bench Hooks");
      WebhookHarness.subscribe(
          server.api(),
          admin,
          "http://127.0.0.1:" + receiver.actualPort() + "/bench",
          List.of("lead.hot"));
      List<DomainEvent> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        events.add(DomainEvent.of(
            admin.tenantId(),
            "lead.hot",
            UUID.randomUUID().toString(),
            Map.of("score", 90),
            Instant.now()));
      }
      long start = System.nanoTime();
      for (int i = 0; i < n; i += 500) {
        List<DomainEvent> chunk = events.subList(i, Math.min(n, i + 500));
        Await.onContext(
            server, () -> server.server().features().eventLog().appendAll(chunk, Instant.now()));
      }
      long written = System.nanoTime();
      assertTrue(Await.until(() -> seen.size() >= n, 600_000), "all delivered");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals(n, requests.get(), "each once");
      LOG.info(
          "BENCH webhook throughput: {} events appended in {} ms, all delivered after {} s = {} deliveries/s",
          n,
          TimeUnit.NANOSECONDS.toMillis(written - start),
          String.format("%.2f", seconds),
          String.format("%.0f", n / seconds));
    } finally {
      Await.result(receiverVertx.close());
    }
  }

  @Test
  void p95FromAHotCaptureToItsWebhookDeliveryIsMeasured() throws Exception {
    int n = Integer.getInteger("bench.webhook.captures", 100);
    Path dir = Files.createTempDirectory("fl-webhook-bench");
    try (Receiver receiver = Receiver.start();
        TestServer server = durableServer(dir)) {
      Api api = server.api();
      Session admin = AuthFixtures.tenantWithAdmin(server, "Latency Hooks");
      WebhookHarness.subscribe(api, admin, receiver.url("/lat"), List.of("lead.hot"));
      Session rep = AuthFixtures.user(api, admin, "rep");
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
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
            rep.accessToken());
        assertEquals(201, r.status(), r::toString);
        assertTrue(Await.until(() -> arrived(receiver, leadId) != null, 10_000), "delivered");
        latencies.add(TimeUnit.NANOSECONDS.toMillis(arrived(receiver, leadId).atNanos() - t0));
      }
      Collections.sort(latencies);
      LOG.info(
          "BENCH webhook latency, hot capture write -> delivery at the receiver: n={} p50={} ms p95={} ms max={} ms",
          n,
          latencies.get(n / 2),
          latencies.get((int) Math.ceil(n * 0.95) - 1),
          latencies.get(n - 1));
    }
  }

  private static Receiver.Received arrived(Receiver receiver, String leadId) {
    for (Receiver.Received r : receiver.received()) {
      try {
        JsonNode body = Json.MAPPER.readTree(r.body());
        if (leadId.equals(body.path("leadId").asText())) {
          return r;
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return null;
  }
}
