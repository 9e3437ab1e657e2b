package com.fieldlead.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does a small sync cost the same in a big tenant? One fieldlead server as a new user runs it (the jar, durable
 * embedded store, demo tenant), one tenant grown by a booth phone's pushes of 500 captures at the shared demo event
 * (1.5 KB each, as in {@link PeerBenchmark}) to each of {@code bench.sizes} leads. At each size a second phone catches
 * up (pulling everything new, timed), then, {@code bench.deltaRounds} times, the first phone edits 100 leads and the
 * second pulls exactly those 100 changes (timed); then empty pulls, resident memory (right away and after 25 s idle)
 * and disk. The report ({@code target/scale-bench.md}) gives each size's figures and the 100-change pull against the
 * smallest size's: the cost should grow with the changes, not with the tenant.
 *
 * <p>{@code mvn -B verify -Pscale-bench [-Dbench.sizes=10000,100000,1000000] [-Dbench.deltaRounds=20]}
 */
class ScaleBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);
  private static final int BATCH = 500;
  private static final int CHANGES = 100;
  private static final int PAGE = 500;
  private static final int EMPTY_PULLS = 200;
  private static final long IDLE_MS = 25_000;
  /** The captures the editing phone keeps at hand to edit (the newest); older ones it only knows by id. */
  private static final int KEPT = 4_000;

  private final Path target = Path.of(System.getProperty("bench.target", "target"));
  private final List<Integer> sizes = Arrays.stream(
          System.getProperty("bench.sizes", "10000,100000,1000000").split(","))
      .map(String::trim)
      .map(Integer::parseInt)
      .sorted()
      .toList();
  private final int deltaRounds = Integer.getInteger("bench.deltaRounds", 20);

  @Test
  void aHundredChangesPullAsFastInABigTenantAsInASmallOne() throws Exception {
    Path jar = target.resolve("fieldlead.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first (mvn -B package -DskipTests): " + jar);
    }
    Path dir = Files.createTempDirectory(target.toAbsolutePath(), "scale-");
    Map<Integer, Map<String, Double>> results = new LinkedHashMap<>();
    try (FieldleadPeer peer = new FieldleadPeer(jar, false)) {
      double start = peer.startFresh(dir);
      peer.setUp();
      BenchLeads generator = new BenchLeads(20261206L, Instant.now());
      Peer.Phone booth = peer.phone("scale-booth");
      Peer.Phone reader = peer.phone("scale-reader");
      Deque<BenchLeads.Capture> recent = new ArrayDeque<>();
      int stored = 0;
      int round = 0;
      for (int size : sizes) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("start.fresh.ms", start);
        long t0 = System.nanoTime();
        int grown = 0;
        while (stored < size) {
          List<BenchLeads.Capture> batch = generator.next(Math.min(BATCH, size - stored));
          booth.pushCaptures(batch);
          stored += batch.size();
          grown += batch.size();
          batch.forEach(recent::addLast);
          while (recent.size() > KEPT) {
            recent.removeFirst();
          }
          if (stored % 50_000 == 0) {
            LOG.info("{} leads stored ({} leads/s in this step)", stored, fmt(grown / seconds(t0)));
          }
        }
        f.put("grow.leads", (double) grown);
        f.put("grow.leadsPerSec", grown / seconds(t0));
        t0 = System.nanoTime();
        long caughtUp = pullAll(reader)[0];
        f.put("catchUp.changes", (double) caughtUp);
        f.put("catchUp.ms", millis(t0));
        List<Double> deltas = new ArrayList<>();
        long pulled = 0;
        List<BenchLeads.Capture> editable = new ArrayList<>(recent);
        for (int r = 0; r < deltaRounds; r++) {
          int from = (r * CHANGES) % Math.max(1, editable.size() - CHANGES);
          booth.pushEdits(PeerBenchmark.edits(editable.subList(from, from + CHANGES), ++round));
          t0 = System.nanoTime();
          long[] got = pullAll(reader);
          deltas.add(millis(t0));
          // the 100 edits, and whatever the server changed meanwhile (an SLA breach, a rescore)
          assertTrue(got[0] >= CHANGES, "the reader pulls the 100 edited leads: " + got[0]);
          pulled += got[0];
        }
        f.put("delta.changesPerPull", (double) pulled / deltaRounds);
        f.put("delta100.p50.ms", percentile(deltas, 50));
        f.put("delta100.p90.ms", percentile(deltas, 90));
        List<Double> empty = new ArrayList<>();
        for (int i = 0; i < EMPTY_PULLS; i++) {
          t0 = System.nanoTime();
          reader.pull(PAGE);
          empty.add(millis(t0));
        }
        f.put("empty.p50.ms", percentile(empty, 50));
        f.put("empty.p99.ms", percentile(empty, 99));
        f.put("rss.mb", peer.rss()[0] / 1048576.0);
        f.put("rss.peak.mb", peer.rss()[1] / 1048576.0);
        Thread.sleep(IDLE_MS);
        f.put("rss.idle25s.mb", peer.rss()[0] / 1048576.0);
        f.put("disk.mb", peer.disk() / 1048576.0);
        f.put("log.problems", (double) peer.logProblems().size());
        results.put(size, f);
        LOG.info("{} leads: {}", size, f);
        Files.writeString(target.resolve("scale-bench.md"), report(results));
      }
      assertCleanLogs(results);
    }
    String report = report(results);
    Files.writeString(target.resolve("scale-bench.md"), report);
    LOG.info("scale benchmark\n{}", report);
  }

  private static void assertCleanLogs(Map<Integer, Map<String, Double>> results) {
    for (Map<String, Double> f : results.values()) {
      assertEquals(0.0, f.get("log.problems"), "WARN or ERROR lines in the server's log");
    }
  }

  private static long[] pullAll(Peer.Phone phone) {
    long[] sum = new long[1];
    for (int pages = 0; pages < 1_000_000; pages++) {
      Peer.Page page = phone.pull(PAGE);
      sum[0] += page.changes();
      if (!page.more()) {
        break;
      }
    }
    return sum;
  }

  private static String report(Map<Integer, Map<String, Double>> results) {
    StringBuilder out = new StringBuilder();
    out.append("# Scale benchmark, ")
        .append(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS))
        .append("\n\n")
        .append("One tenant grown by pushes of ")
        .append(BATCH)
        .append(" captures; durable embedded store; ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append("\n\n| figure |");
    results.keySet().forEach(s -> out.append(' ').append(s).append(" leads |"));
    out.append("\n|---|");
    results.keySet().forEach(s -> out.append("---:|"));
    out.append('\n');
    List<String> keys = new ArrayList<>();
    results
        .values()
        .forEach(m -> m.keySet().forEach(k -> {
          if (!keys.contains(k)) {
            keys.add(k);
          }
        }));
    Map<String, Double> first = results.values().iterator().next();
    for (String key : keys) {
      out.append("| ").append(key).append(" |");
      results
          .values()
          .forEach(m ->
              out.append(' ').append(m.get(key) == null ? "-" : fmt(m.get(key))).append(" |"));
      out.append('\n');
      if (key.equals("delta100.p50.ms")) {
        out.append("| delta100.p50 / smallest |");
        results
            .values()
            .forEach(
                m -> out.append(' ').append(fmt(m.get(key) / first.get(key))).append(" |"));
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double millis(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
