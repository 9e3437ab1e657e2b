package com.fieldlead.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.KeepAliveHttp;
import com.fieldlead.testing.TestServer;
import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.management.ManagementFactory;
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
  private static final OperatingSystemMXBean CPU =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  @Test
  void emptyPullsPerSecondWithTracingOffAndOn() throws Exception {
    int pulls = Integer.getInteger("bench.tracing.pulls", 10000);
    int rounds = Integer.getInteger("bench.tracing.rounds", 4);
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
        // alternate which goes first: a later server in this JVM finds more code already compiled
        boolean offFirst = round % 2 == 0;
        double[] first = run(offFirst ? null : endpoint, pulls);
        double[] second = run(offFirst ? endpoint : null, pulls);
        double[] off = offFirst ? first : second;
        double[] on = offFirst ? second : first;
        results.add(new double[] {off[0], on[0], off[1], on[1]});
        LOG.info(
            "tracing overhead round {}: off {} pulls/s {} us CPU/pull, on {} pulls/s {} us CPU/pull",
            round + 1,
            Math.round(off[0]),
            Math.round(off[1]),
            Math.round(on[0]),
            Math.round(on[1]));
      }
      assertTrue(exports.get() > 0, "the traced runs exported nothing");
      double off = results.stream().mapToDouble(r -> r[0]).average().orElseThrow();
      double on = results.stream().mapToDouble(r -> r[1]).average().orElseThrow();
      double offCpu = results.stream().mapToDouble(r -> r[2]).average().orElseThrow();
      double onCpu = results.stream().mapToDouble(r -> r[3]).average().orElseThrow();
      LOG.info(
          "tracing overhead: {} empty pulls x {} rounds, {} client threads: off {} pulls/s, on {} pulls/s"
              + " ({} %); CPU per pull off {} us, on {} us ({} %); {} OTLP requests, {} KB, {} bytes per traced"
              + " pull",
          pulls,
          rounds,
          THREADS,
          Math.round(off),
          Math.round(on),
          Math.round((on / off - 1) * 1000) / 10.0,
          Math.round(offCpu),
          Math.round(onCpu),
          Math.round((onCpu / offCpu - 1) * 1000) / 10.0,
          exports.get(),
          exportedBytes.get() / 1024,
          exportedBytes.get() / ((long) rounds * (pulls + 3000)));
    } finally {
      collectorVertx.close().await();
    }
  }

  /**
   * Pulls per second of one fresh server, and the process's CPU time per pull in microseconds (server and client:
   * the client's share is the same either way, so the difference is tracing's; CPU time is far less disturbed than
   * throughput by other work on a shared machine). Tracing to {@code endpoint} when not null.
   */
  private static double[] run(String endpoint, int pulls) throws Exception {
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
      pull(base, admin, body, 3000); // warm-up: JIT, pools
      long start = System.nanoTime();
      long cpuStart = CPU.getProcessCpuTime();
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
      double cpuMicros = (CPU.getProcessCpuTime() - cpuStart) / 1e3;
      assertTrue(failures.isEmpty(), () -> "pull failed: " + failures);
      int done = (pulls / THREADS) * THREADS;
      return new double[] {done / seconds, cpuMicros / done};
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
