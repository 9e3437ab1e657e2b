package com.fieldlead.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.KeepAliveHttp;
import com.fieldlead.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What tracing costs: empty sync pulls (one tenant, no leads; each pull still authenticates, reads the device's
 * checkpoint and answers) against the in-memory store, tracing off and then on (every trace sampled, batched over
 * OTLP/HTTP to a local receiver that answers 200), alternated over several rounds so that drift on a shared machine
 * hits both alike. Opt-in: {@code mvn -B test -Pbench -Dtest=TracingOverheadBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.tracing.pulls=N}, {@code -Dbench.tracing.rounds=N}).
 */
@Tag("bench")
class TracingOverheadBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(TracingOverheadBenchmark.class);
  private static final int THREADS = 2;

  @Test
  void emptyPullsPerSecondWithTracingOffAndOn() throws Exception {
    int pulls = Integer.getInteger("bench.tracing.pulls", 5000);
    int rounds = Integer.getInteger("bench.tracing.rounds", 3);
    Vertx collectorVertx = Vertx.vertx();
    AtomicInteger exports = new AtomicInteger();
    AtomicLong exportedBytes = new AtomicLong();
    try {
      HttpServer collector = collectorVertx
          .createHttpServer()
          .requestHandler(req -> req.body().onSuccess(b -> {
            exports.incrementAndGet();
            exportedBytes.addAndGet(b.length());
            req.response().end();
          }))
          .listen(0, "127.0.0.1")
          .await();
      String endpoint = "http://127.0.0.1:" + collector.actualPort() + "/v1/traces";
      List<double[]> results = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        double off = run(null, pulls);
        double on = run(endpoint, pulls);
        results.add(new double[] {off, on});
        LOG.info(
            "tracing overhead round {}: off {} pulls/s, on {} pulls/s ({} %)",
            round + 1, Math.round(off), Math.round(on), Math.round((on / off - 1) * 1000) / 10.0);
      }
      assertTrue(exports.get() > 0, "the traced runs exported nothing");
      double off = results.stream().mapToDouble(r -> r[0]).average().orElseThrow();
      double on = results.stream().mapToDouble(r -> r[1]).average().orElseThrow();
      LOG.info(
          "tracing overhead: {} empty pulls x {} rounds, {} client threads: off {} pulls/s, on {} pulls/s"
              + " ({} %); {} OTLP requests, {} KB",
          pulls,
          rounds,
          THREADS,
          Math.round(off),
          Math.round(on),
          Math.round((on / off - 1) * 1000) / 10.0,
          exports.get(),
          exportedBytes.get() / 1024);
    } finally {
      collectorVertx.close().await();
    }
  }

  /** Pulls per second of one fresh server; tracing to {@code endpoint} when not null. */
  private static double run(String endpoint, int pulls) throws Exception {
    Map<ConfigKey, String> settings = new EnumMap<>(ConfigKey.class);
    if (endpoint != null) {
      settings.put(ConfigKey.FIELDLEAD_TRACING_OTLP_ENDPOINT, endpoint);
    }
    try (TestServer server = TestServer.start(settings, Clock.systemUTC())) {
      Session admin = AuthFixtures.tenantWithAdmin(server, "Bench " + System.nanoTime());
      byte[] body =
          ("{\"protocolVersion\":1,\"deviceId\":\"bench-device\",\"appVersion\":\"2.4.0\"}")
              .getBytes(StandardCharsets.UTF_8);
      String base = "http://127.0.0.1:" + server.port();
      pull(base, admin, body, 2000); // warm-up: JIT, pools
      long start = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Thread thread = new Thread(() -> {
          try {
            pull(base, admin, body, pulls / THREADS);
          } catch (Throwable e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(failures.isEmpty(), () -> "pull failed: " + failures);
      return (pulls / THREADS) * THREADS / seconds;
    }
  }

  private static void pull(String base, Session admin, byte[] body, int n) {
    try (KeepAliveHttp http = new KeepAliveHttp(base)) {
      for (int i = 0; i < n; i++) {
        KeepAliveHttp.Response r = http.post("/v1/sync/pull", body, admin.accessToken(), Map.of());
        assertEquals(200, r.status(), r::text);
      }
    }
  }
}
