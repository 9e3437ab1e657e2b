package com.fieldlead.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fieldlead against PouchDB Server, each as its own process on this machine, driven by the same phone client in a
 * third process: a trade show's captures pushed in batches of 500, a full pull in pages of 500, 100 edits and their
 * pull, empty pulls, single-lead pushes, eight phones editing at once, then resident memory, disk and a restart on
 * the data. Rounds alternate which server goes first. Run it with one command (README, "Benchmarks"):
 *
 * <pre>mvn -B verify -Ppeer-bench [-Dbench.leads=10000] [-Dbench.rounds=2] [-Dbench.memory=true]</pre>
 *
 * {@code -Dbench.peers=fieldlead} runs one server only; {@code -Dbench.serverJvm="-XX:StartFlightRecording=..."} passes
 * JVM options to fieldlead's process (profiling; the figures are taken without any).
 *
 * The report goes to {@code target/peer-bench.md} and the log.
 */
@Tag("bench")
class PeerBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(PeerBenchmark.class);
  private static final int BATCH = 500;
  private static final int PAGE = 500;
  private static final int EMPTY_PULLS = 1000;
  private static final int SINGLE_PUSHES = 200;
  private static final int PHONES = 8;
  private static final int PHONE_EDITS = 50;

  private final int leads = Integer.getInteger("bench.leads", 10_000);
  private final int rounds = Integer.getInteger("bench.rounds", 2);
  private final boolean memoryColumn =
      Boolean.parseBoolean(System.getProperty("bench.memory", "true"));
  private final Path target = Path.of(System.getProperty("bench.target", "target"));

  @Test
  void fieldleadAgainstPouchDbServer() throws Exception {
    Path jar = target.resolve("fieldlead.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first (mvn -B package -DskipTests): " + jar);
    }
    Path pouch = PouchInstall.ensure(target.resolve("peer").toAbsolutePath());
    List<String> order = new ArrayList<>(List.of("fieldlead", "pouch"));
    if (memoryColumn) {
      order.add("memory");
    }
    // -Dbench.baselineJar=<an earlier build's jar>: that build as one more column, run in turn with
    // the others, so
    // a change's before and after are measured in one run on the same machine
    String baselineJar = System.getProperty("bench.baselineJar", "");
    if (!baselineJar.isBlank()) {
      order.add(1, "baseline");
    }
    String only = System.getProperty("bench.peers", ""); // e.g. "fieldlead" while profiling
    if (!only.isBlank()) {
      order.retainAll(List.of(only.split(",")));
    }
    Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      List<String> thisRound = new ArrayList<>(order);
      if (round % 2 == 0) {
        Collections.reverse(thisRound);
      }
      for (String which : thisRound) {
        Peer peer =
            switch (which) {
              case "fieldlead" -> new FieldleadPeer(jar, false);
              case "memory" -> new FieldleadPeer(jar, true);
              case "baseline" ->
                new FieldleadPeer(Path.of(baselineJar).toAbsolutePath(), false)
                    .named("fieldlead (baseline: " + Path.of(baselineJar).getFileName() + ")");
              default -> new PouchPeer(pouch);
            };
        names.put(which, peer.name());
        Path dir = Files.createTempDirectory(target.toAbsolutePath(), "peer-" + which + "-");
        LOG.info("round {}: {} in {}", round, peer.name(), dir);
        try (peer) {
          Map<String, Double> figures = new Workload(peer, leads).run(dir);
          results.computeIfAbsent(which, k -> new ArrayList<>()).add(figures);
          LOG.info("round {}: {} {}", round, peer.name(), figures);
        }
      }
    }
    String report = report(results, names);
    Files.writeString(target.resolve("peer-bench.md"), report);
    LOG.info("peer benchmark\n{}", report);
    for (var e : results.entrySet()) {
      for (Map<String, Double> figures : e.getValue()) {
        assertEquals(0.0, figures.get("errors"), e.getKey() + ": requests failed");
      }
    }
  }

  /** One server's run of the whole workload. */
  private static final class Workload {
    private final Peer peer;
    private final int leads;
    private final Map<String, Double> f = new LinkedHashMap<>();
    private int errors;

    Workload(Peer peer, int leads) {
      this.peer = peer;
      this.leads = leads;
    }

    Map<String, Double> run(Path dir) throws Exception {
      f.put("start.fresh.ms", (double) peer.startFresh(dir));
      peer.setUp();
      BenchLeads generator = new BenchLeads(20261206L, Instant.now());
      List<BenchLeads.Capture> captures = generator.next(leads);
      f.put("lead.json.bytes", BenchLeads.meanBytes(captures));
      Peer.Phone booth = peer.phone("booth-phone");
      Map<String, Long> commandsBefore = peer.storeCommands();

      // 1. bulk push of the captures, 500 a request
      long t0 = System.nanoTime();
      for (int from = 0; from < captures.size(); from += BATCH) {
        List<BenchLeads.Capture> batch =
            captures.subList(from, Math.min(captures.size(), from + BATCH));
        attempt(() -> booth.pushCaptures(batch));
      }
      double pushSeconds = seconds(t0);
      f.put("push.bulk.leadsPerSec", captures.size() / pushSeconds);
      Thread.sleep(
          3000); // background work the captures started (events, alerts, clocks) counts per capture
      // too
      Map<String, Long> commandsAfter = peer.storeCommands();
      if (!commandsAfter.isEmpty()) {
        Map<String, Long> diff = diff(commandsBefore, commandsAfter);
        long total = diff.values().stream().mapToLong(Long::longValue).sum();
        f.put("store.commandsPerCapture", total / (double) captures.size());
        diff.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .limit(12)
            .forEach(e ->
                f.put("store.perCapture." + e.getKey(), e.getValue() / (double) captures.size()));
      }

      // 2. a new phone's full pull, pages of 500
      Peer.Phone rep = peer.phone("rep-phone");
      t0 = System.nanoTime();
      long[] pulled = pullAll(rep);
      f.put("pull.full.ms", millis(t0));
      f.put("pull.full.changes", (double) pulled[0]);
      f.put("pull.full.bytesPerChange", pulled[1] / (double) Math.max(1, pulled[0]));
      f.put("pull.full.wireBytesPerChange", pulled[2] / (double) Math.max(1, pulled[0]));

      // 3. 100 edits pushed together, 4. their pull by a phone that was up to date
      Peer.Phone other = peer.phone("other-phone");
      other.checkpointFrom(rep);
      List<Peer.Edit> edits = edits(captures.subList(0, 100), 1);
      t0 = System.nanoTime();
      attempt(() -> rep.pushEdits(edits));
      f.put("push.edits100.ms", millis(t0));
      t0 = System.nanoTime();
      long[] delta = pullAll(other);
      f.put("pull.delta100.ms", millis(t0));
      f.put("pull.delta100.changes", (double) delta[0]);

      // 5. empty pulls ("nothing new"), as a polling phone sends them
      for (int i = 0; i < 100; i++) {
        attempt(() -> other.pull(PAGE));
      }
      double[] empty = new double[EMPTY_PULLS];
      for (int i = 0; i < EMPTY_PULLS; i++) {
        long s = System.nanoTime();
        attempt(() -> other.pull(PAGE));
        empty[i] = (System.nanoTime() - s) / 1e6;
      }
      Arrays.sort(empty);
      f.put("pull.empty.p50.ms", empty[EMPTY_PULLS / 2]);
      f.put("pull.empty.p99.ms", empty[EMPTY_PULLS * 99 / 100]);

      // 6. single-lead pushes, one after the other
      List<BenchLeads.Capture> singles = generator.next(SINGLE_PUSHES);
      t0 = System.nanoTime();
      for (BenchLeads.Capture c : singles) {
        attempt(() -> booth.pushCaptures(List.of(c)));
      }
      f.put("push.single.perSec", SINGLE_PUSHES / seconds(t0));

      // 7. eight phones push 50 edits each at once, then each pulls what changed
      List<Peer.Phone> phones = new ArrayList<>();
      for (int i = 0; i < PHONES; i++) {
        Peer.Phone p = peer.phone("phone-" + i);
        phones.add(p);
      }
      pullAll(other); // catch up on the single pushes
      phones.forEach(p -> p.checkpointFrom(other));
      ExecutorService pool = Executors.newFixedThreadPool(PHONES);
      t0 = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < PHONES; i++) {
        Peer.Phone p = phones.get(i);
        List<Peer.Edit> mine =
            edits(captures.subList(200 + i * PHONE_EDITS, 200 + (i + 1) * PHONE_EDITS), 2);
        running.add(pool.submit(() -> {
          attempt(() -> p.pushEdits(mine));
          pullAll(p);
        }));
      }
      for (Future<?> r : running) {
        r.get(10, TimeUnit.MINUTES);
      }
      f.put("phones8.ms", millis(t0));
      pool.shutdown();

      long[] rss = peer.rss();
      f.put("rss.mb", rss[0] / 1048576.0);
      f.put("rss.peak.mb", rss[1] / 1048576.0);
      // what a server holds once the show floor goes quiet: the same process after 25 s without
      // requests (G1 gives the heap back after 10-20 s)
      Thread.sleep(IDLE_MS);
      f.put("rss.idle25s.mb", peer.rss()[0] / 1048576.0);
      f.put("disk.mb", peer.disk() / 1048576.0);
      f.put("restart.ms", (double) peer.restart());
      f.put("rss.afterRestart.mb", peer.rss()[0] / 1048576.0);
      List<String> problems = peer.logProblems();
      f.put("log.problems", (double) problems.size());
      problems.stream().limit(20).forEach(l -> LOG.warn("{} log: {}", peer.name(), l));
      f.put("errors", (double) errors);
      return f;
    }

    /** Pulls pages until the server says nothing more is waiting: changes, decoded bytes, wire bytes. */
    private long[] pullAll(Peer.Phone phone) {
      long[] sum = new long[3];
      for (int pages = 0; pages < 100_000; pages++) {
        Peer.Page[] page = new Peer.Page[1];
        attempt(() -> page[0] = phone.pull(PAGE));
        if (page[0] == null) {
          break;
        }
        sum[0] += page[0].changes();
        sum[1] += page[0].bytes();
        sum[2] += page[0].wireBytes();
        if (!page[0].more()) {
          break;
        }
      }
      return sum;
    }

    private void attempt(Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        synchronized (this) {
          errors++;
        }
        LOG.error("{}: request failed", peer.name(), e);
      }
    }
  }

  /** Edits a rep makes after talking to the lead: a new title or notes, every fifth a changed follow-up answer. */
  static List<Peer.Edit> edits(List<BenchLeads.Capture> captures, int round) {
    List<Peer.Edit> out = new ArrayList<>();
    int i = 0;
    for (BenchLeads.Capture c : captures) {
      out.add(new Peer.Edit(c.id(), BenchLeads.edit(c, round, i)));
      i++;
    }
    return out;
  }

  private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d > 0) {
        out.put(k, d);
      }
    });
    return out;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double millis(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  /** The table: each figure per server (median of the rounds, each round listed), and fieldlead / PouchDB. */
  private String report(Map<String, List<Map<String, Double>>> results, Map<String, String> names) {
    StringBuilder out = new StringBuilder();
    out.append("# Peer benchmark, ")
        .append(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS))
        .append("\n\n")
        .append(leads)
        .append(" captures, ")
        .append(rounds)
        .append(" rounds, ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append("\n\n");
    List<String> keys = new ArrayList<>();
    results
        .values()
        .forEach(l -> l.forEach(m -> m.keySet().forEach(k -> {
          if (!keys.contains(k)) {
            keys.add(k);
          }
        })));
    out.append("| figure |");
    results.keySet().forEach(k -> out.append(' ').append(names.get(k)).append(" |"));
    out.append(" fieldlead / PouchDB |\n|---|");
    results.keySet().forEach(k -> out.append("---:|"));
    out.append("---:|\n");
    for (String key : keys) {
      out.append("| ").append(key).append(" |");
      for (var e : results.entrySet()) {
        out.append(' ').append(cell(e.getValue(), key)).append(" |");
      }
      out.append(' ')
          .append(ratio(results.get("fieldlead"), results.get("pouch"), key))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String cell(List<Map<String, Double>> runs, String key) {
    List<String> each =
        runs.stream().map(m -> m.get(key)).map(v -> v == null ? "-" : fmt(v)).toList();
    return String.join(" / ", each);
  }

  private static String ratio(
      List<Map<String, Double>> a, List<Map<String, Double>> b, String key) {
    if (a == null || b == null) {
      return "";
    }
    List<String> each = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Double x = a.get(i).get(key);
      Double y = b.get(i).get(key);
      each.add(x == null || y == null || y == 0 ? "-" : fmt(x / y));
    }
    return String.join(" / ", each);
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static final long IDLE_MS = 25_000;

  /** Installs PouchDB Server from npm into a scratch directory once. */
  static final class PouchInstall {
    static final String VERSION = "4.2.0";

    static Path ensure(Path dir) throws IOException, InterruptedException {
      Path bin = dir.resolve("node_modules/pouchdb-server/bin/pouchdb-server");
      if (Files.exists(bin)) {
        return dir;
      }
      Files.createDirectories(dir);
      LOG.info("installing pouchdb-server@{} from npm into {}", VERSION, dir);
      Process npm = new ProcessBuilder(
              "npm",
              "install",
              "--no-audit",
              "--no-fund",
              "--loglevel=error",
              "pouchdb-server@" + VERSION)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("npm.log").toFile())
          .start();
      if (!npm.waitFor(15, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(bin)) {
        throw new IllegalStateException(
            "npm install pouchdb-server failed, see " + dir.resolve("npm.log"));
      }
      return dir;
    }
  }
}
