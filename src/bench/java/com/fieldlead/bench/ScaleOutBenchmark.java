package com.fieldlead.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.testing.KeepAliveHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out on one machine: three instances of the jar ({@code run}) on one {@code store} process, 200 simulated
 * phones of the demo tenant's three reps capturing (1.3 KB trade-show captures at the demo event), editing, pushing
 * and pulling through a round-robin "load balancer" in the client, with lost push answers the phone pushes again.
 * Phases: one instance, two, three (throughput and latency of each), one instance killed with SIGKILL and started
 * again, a rolling restart of all three (each taken out of the balancer, stopped with SIGTERM, started, put back).
 * Then every phone flushes its queue and pulls, and the run checks: every capture a phone queued is on the server
 * exactly once, no mutation was applied twice (a replay is answered {@code duplicate}, never applied again; a lead's
 * version never exceeds its writes), every phone of a rep holds what a fresh install of that rep pulls, no 5xx
 * outside the killed instance's requests. Report: {@code target/scaleout-bench.md}. With {@code -Dbench.fromJar=JAR}
 * the instances start on an earlier release's jar and the rolling restart upgrades them one by one to this build's,
 * so phones sync through instances of two releases side by side.
 *
 * <pre>mvn -B verify -Pscaleout-bench [-Dbench.phones=200] [-Dbench.phaseSeconds=30] [-Dbench.fromJar=old.jar]
 *     [-Dbench.v2Every=2] [-Dbench.fromProtocolMax=1]</pre>
 *
 * <p>{@code -Dbench.v2Every=N}: every Nth phone speaks sync protocol 2; {@code -Dbench.fromProtocolMax=1}: the
 * instances start capped at protocol 1 (as the release before) and the rolling restart lifts the cap, so v2 phones are
 * answered 426 until it reaches them, keep their queue and try again.
 */
@Tag("bench")
class ScaleOutBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleOutBenchmark.class);
  private static final List<String> REPS =
      List.of("rep1@demo.test", "rep2@demo.test", "rep3@demo.test");
  private static final List<String> FIELDS = List.of("company", "title", "city");

  private final int phoneCount = Integer.getInteger("bench.phones", 200);
  private final int phaseSeconds = Integer.getInteger("bench.phaseSeconds", 30);
  /** Every this many phones speaks sync protocol 2 (the new app release); 0: all speak 1. */
  private final int v2Every = Integer.getInteger("bench.v2Every", 0);
  /** When set, the instances start with FIELDLEAD_SYNC_PROTOCOL_MAX at it and the rolling restart lifts the cap. */
  private final String fromProtocolMax = System.getProperty("bench.fromProtocolMax", "");

  private final Path target = Path.of(System.getProperty("bench.target", "target"));

  /** One client per instance; each phone thread keeps its own kept-alive connection to each. */
  private final Map<Integer, KeepAliveHttp> clients = new ConcurrentHashMap<>();
  /** The balancer's pool: ports of the instances taking requests. */
  private final List<Integer> live = new CopyOnWriteArrayList<>();

  private final AtomicReference<Phase> phase = new AtomicReference<>();
  private final Map<String, List<String>> answers = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final AtomicLong rebaselines = new AtomicLong();
  /** 426 answers to v2 phones from an instance that serves 1..1 (the phone keeps its queue and tries again). */
  private final AtomicLong refusedAboveWindow = new AtomicLong();
  /** Each rep's access token, shared by the rep's phones and renewed when it expires (as an app refreshes it). */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  private final AtomicLong renewedTokens = new AtomicLong();

  /** What one phase measured. */
  static final class Phase {
    final String name;
    final Map<String, List<Long>> micros = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong captures = new AtomicLong();
    final Map<Integer, AtomicLong> served = new ConcurrentHashMap<>();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong connectionErrors = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    volatile long startNanos = System.nanoTime();
    volatile long endNanos;

    Phase(String name) {
      this.name = name;
    }

    void took(String kind, long micros) {
      this.micros
          .computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>()))
          .add(micros);
    }
  }

  @Test
  void threeInstancesOnOneStoreLoseNothingAcrossAKillAndARollingRestart() throws Exception {
    Path jar = target.resolve("fieldlead.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first (mvn -B package -DskipTests): " + jar);
    }
    Path dir = Files.createTempDirectory(target.toAbsolutePath(), "scaleout-");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int storePort = ServerProcess.freePort();
    Files.createDirectories(dir.resolve("store"));
    ServerProcess store = new ServerProcess(
        ServerProcess.command(
            java,
            "-jar",
            jar.toString(),
            "store",
            "--port",
            String.valueOf(storePort),
            "--data-dir",
            dir.resolve("store/data").toString()),
        Map.of(),
        dir.resolve("store"));
    List<ServerProcess> instances = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    List<Map<String, String>> envs = new ArrayList<>();
    List<Path> homes = new ArrayList<>();
    // -Dbench.fromJar: the instances start on an earlier release's jar and the rolling restart
    // upgrades them
    String from = System.getProperty("bench.fromJar", "");
    Path startJar = from.isBlank() ? jar : Path.of(from).toAbsolutePath();
    phase.set(new Phase("start"));
    try {
      store.startListening(storePort);
      for (int i = 0; i < 3; i++) {
        int port = ServerProcess.freePort();
        Path home = Files.createDirectories(dir.resolve("instance-" + (i + 1)));
        Map<String, String> env = new HashMap<>();
        env.put("MONGODB_URI", "mongodb://127.0.0.1:" + storePort);
        env.put("FIELDLEAD_HTTP_PORT", String.valueOf(port));
        env.put("FIELDLEAD_HTTP_HOST", "127.0.0.1");
        env.put("FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE", "0");
        env.put("FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE", "0");
        if (!fromProtocolMax.isBlank()) {
          env.put("FIELDLEAD_SYNC_PROTOCOL_MAX", fromProtocolMax);
        }
        instances.add(new ServerProcess(
            ServerProcess.command(java, "-jar", startJar.toString(), "run", "--demo"), env, home));
        ports.add(port);
        envs.add(env);
        homes.add(home);
      }
      long firstStart = instances.get(0).start(ports.get(0), "/health/ready");
      LOG.info("instance 1 ready in {} ms", firstStart);
      live.add(ports.get(0));
      setUp(ports.get(0));
      List<Phone> phones = new ArrayList<>();
      for (String rep : REPS) {
        tokens.put(rep, login(rep));
      }
      for (int i = 0; i < phoneCount; i++) {
        String rep = REPS.get(i % REPS.size());
        phones.add(new Phone(i, rep, new Random(20261207L + i)));
      }
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> threads = new ArrayList<>();
      for (Phone p : phones) {
        Thread t = new Thread(() -> p.loop(running), "phone-" + p.index);
        t.setDaemon(true);
        threads.add(t);
      }
      List<Phase> phases = new ArrayList<>();
      phases.add(begin("1 instance"));
      threads.forEach(Thread::start);
      Thread.sleep(phaseSeconds * 1000L);
      for (int n = 2; n <= 3; n++) {
        instances.get(n - 1).start(ports.get(n - 1), "/health/ready");
        live.add(ports.get(n - 1));
        phases.add(begin(n + " instances"));
        Thread.sleep(phaseSeconds * 1000L);
      }
      // instance 2 dies (SIGKILL) with requests in flight; the balancer notices and takes it out
      phases.add(begin("instance 2 killed (SIGKILL) and started again"));
      Thread.sleep(phaseSeconds * 1000L / 3);
      instances.get(1).kill();
      live.remove(ports.get(1));
      instances.get(1).start(ports.get(1), "/health/ready");
      live.add(ports.get(1));
      Thread.sleep(phaseSeconds * 1000L / 3);
      // rolling restart: each instance out of the pool, SIGTERM, started, back in
      phases.add(begin(
          !startJar.equals(jar)
              ? "rolling upgrade of all three to this build (SIGTERM, started on the new jar)"
              : fromProtocolMax.isBlank()
                  ? "rolling restart of all three (SIGTERM)"
                  : "rolling restart of all three lifting FIELDLEAD_SYNC_PROTOCOL_MAX (SIGTERM)"));
      for (int i = 0; i < 3; i++) {
        live.remove(ports.get(i));
        Thread.sleep(200); // the balancer's endpoint update reaches the clients
        instances.get(i).stop();
        Map<String, String> upgraded = new HashMap<>(envs.get(i));
        upgraded.remove(
            "FIELDLEAD_SYNC_PROTOCOL_MAX"); // the upgraded instance serves every version
        instances.set(
            i,
            new ServerProcess(
                ServerProcess.command(java, "-jar", jar.toString(), "run", "--demo"),
                upgraded,
                homes.get(i)));
        instances.get(i).start(ports.get(i), "/health/ready");
        live.add(ports.get(i));
      }
      Thread.sleep(phaseSeconds * 1000L / 3);
      running.set(false);
      for (Thread t : threads) {
        t.join(60_000);
      }
      phase.get().endNanos = System.nanoTime();
      phases.add(begin("catch-up (every phone flushes its queue and pulls)"));
      for (Phone p : phones) {
        p.flush();
      }
      for (Phone p : phones) {
        p.pullAll();
      }
      phase.get().endNanos = System.nanoTime();
      String report = verify(phones, phases, instances);
      Files.writeString(target.resolve("scaleout-bench.md"), report);
      LOG.info("scale-out benchmark\n{}", report);
      assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), "problems");
    } finally {
      for (ServerProcess s : instances) {
        s.stop();
      }
      store.stop();
    }
  }

  private Phase begin(String name) {
    Phase previous = phase.get();
    previous.endNanos = System.nanoTime();
    Phase next = new Phase(name);
    phase.set(next);
    LOG.info("phase: {}", name);
    return next;
  }

  private void setUp(int port) {
    String admin = login("admin@demo.test");
    for (ObjectNode body : BenchLeads.qualifierQuestions()) {
      Answer r = call("POST", "/v1/qualifier-questions", body, admin, -1);
      if (r.status != 201 && r.status != 409) {
        throw new IllegalStateException("qualifier question: " + r.status + " " + r.body);
      }
    }
  }

  private String login(String email) {
    ObjectNode body =
        BenchLeads.JSON.createObjectNode().put("email", email).put("password", "demo-password");
    Answer r = call("POST", "/v1/auth/login", body, null, -1);
    if (r.status != 200) {
      throw new IllegalStateException("login " + email + ": " + r.status + " " + r.body);
    }
    return r.json().path("accessToken").asText();
  }

  record Answer(int status, String body, int port) {
    JsonNode json() {
      try {
        return BenchLeads.JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(body, e);
      }
    }
  }

  /**
   * One request through the balancer: the instance after {@code preferred} in the pool; a connection error or a 5xx is
   * counted against the phase and the same request goes to the next instance (a phone retries what got no answer).
   */
  /** A phone's request as {@code rep}: an expired token is renewed once and the request sent again. */
  private Answer callAs(String rep, String method, String path, JsonNode body, int preferred) {
    String token = tokens.get(rep);
    Answer r = call(method, path, body, token, preferred);
    if (r.status() == 401 && r.body().contains("TOKEN_EXPIRED")) {
      synchronized (tokens) {
        if (token.equals(tokens.get(rep))) {
          tokens.put(rep, login(rep));
          renewedTokens.incrementAndGet();
        }
      }
      r = call(method, path, body, tokens.get(rep), preferred);
    }
    return r;
  }

  private Answer call(String method, String path, JsonNode body, String token, int preferred) {
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : BenchLeads.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (int attempt = 0; attempt < 200; attempt++) {
      Phase ph = phase.get();
      List<Integer> pool = live;
      if (pool.isEmpty()) {
        sleep(50);
        continue;
      }
      int port = pool.get(Math.floorMod(preferred + attempt, pool.size()));
      Map<String, String> headers =
          token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
      long t0 = System.nanoTime();
      try {
        KeepAliveHttp.Response r = clients
            .computeIfAbsent(port, p -> new KeepAliveHttp("http://127.0.0.1:" + p, 30_000))
            .send(method, path, bytes, headers);
        ph.requests.incrementAndGet();
        ph.served.computeIfAbsent(port, k -> new AtomicLong()).incrementAndGet();
        if (r.status() >= 500) {
          ph.serverErrors.incrementAndGet();
          ph.retried.incrementAndGet();
          LOG.info("{} {} on :{} answered {}: {}", method, path, port, r.status(), r.text());
          sleep(100);
          continue;
        }
        ph.took(path, (System.nanoTime() - t0) / 1000);
        return new Answer(r.status(), r.text(), port);
      } catch (UncheckedIOException e) {
        // no answer (refused, reset, or none within 30 s): the same request goes to the next
        // instance
        ph.connectionErrors.incrementAndGet();
        ph.retried.incrementAndGet();
        sleep(50);
      }
    }
    throw new IllegalStateException(method + " " + path + " found no instance answering");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A queued mutation as on the wire. */
  record Mutation(String cmid, String id, String op, Long base, JsonNode changes) {
    ObjectNode wire() {
      ObjectNode m = BenchLeads.JSON
          .createObjectNode()
          .put("clientMutationId", cmid)
          .put("entityType", "lead")
          .put("entityId", id)
          .put("op", op);
      if (base != null) {
        m.put("baseVersion", base);
      }
      m.set("changes", changes);
      return m;
    }
  }

  /** A simulated phone: local leads (id to state), a queue of mutations, a checkpoint. */
  final class Phone {
    final int index;
    final String rep;
    final String device;
    final Random random;
    final BenchLeads captures;
    /** Lead id to the version the phone holds (a phone's store, without the fields: 200 of them fit the heap). */
    final Map<String, Long> leads = new TreeMap<>();

    final List<Mutation> outbox = new ArrayList<>();
    final Set<String> created = new HashSet<>();
    String checkpoint;
    int seq;
    /** The sync protocol version of the phone's app release. */
    final int protocol;

    Phone(int index, String rep, Random random) {
      this.index = index;
      this.rep = rep;
      this.protocol = v2Every > 0 && index % v2Every == 0 ? 2 : 1;
      this.device = "scaleout-phone-" + index;
      this.random = random;
      this.captures = new BenchLeads(20261207L * 1000 + index, Instant.now());
    }

    void loop(AtomicBoolean running) {
      try {
        pullAll();
        while (running.get()) {
          sleep(200 + random.nextInt(600)); // the rep talks to a visitor
          int action = random.nextInt(10);
          if (action < 5) {
            BenchLeads.Capture c = captures.next(1).get(0);
            outbox.add(new Mutation(device + ":" + (++seq), c.id(), "create", null, c.doc()));
            created.add(c.id());
            leads.put(c.id(), 1L);
          } else if (action < 8 && !leads.isEmpty()) {
            List<String> ids = new ArrayList<>(leads.keySet());
            String id = ids.get(random.nextInt(ids.size()));
            ObjectNode changes = BenchLeads.JSON.createObjectNode();
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            changes.put(field, field + " by " + device + " #" + (seq + 1));
            outbox.add(new Mutation(device + ":" + (++seq), id, "update", leads.get(id), changes));
          }
          if (random.nextInt(2) == 0) {
            push(random.nextInt(20) == 0); // one push answer in 20 is lost on the way back
          }
          if (random.nextInt(3) == 0) {
            pullAll();
          }
        }
      } catch (RuntimeException e) {
        problems.add(device + ": " + e);
        LOG.warn("{} stopped", device, e);
      }
    }

    void push(boolean lose) {
      if (outbox.isEmpty()) {
        return;
      }
      List<Mutation> batch = new ArrayList<>(outbox.subList(0, Math.min(50, outbox.size())));
      ObjectNode body = BenchLeads.JSON
          .createObjectNode()
          .put("protocolVersion", protocol)
          .put("deviceId", device);
      ArrayNode wire = body.putArray("mutations");
      batch.forEach(m -> wire.add(m.wire()));
      Answer r = callAs(rep, "POST", "/v1/sync/push", body, index);
      if (refusedAsTooNew(r)) {
        return; // an instance serving 1..1: the queue stays and is pushed again later
      }
      if (r.status != 200) {
        problems.add(device + " push answered " + r.status + " " + r.body);
        return;
      }
      JsonNode results = r.json().path("results");
      if (results.size() != batch.size()) {
        problems.add(device + " push: " + results.size() + " results for " + batch.size());
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        answers
            .computeIfAbsent(rep + "/" + batch.get(i).cmid(), k -> new CopyOnWriteArrayList<>())
            .add(kind(results.get(i)) + " v" + results.get(i).path("version").asLong());
      }
      if (lose) {
        return; // processed by the server, never seen by the phone: the same batch goes again
      }
      for (int i = 0; i < batch.size(); i++) {
        Mutation m = batch.get(i);
        JsonNode res = results.get(i);
        String kind = res.path("result").asText();
        if (kind.equals("in_progress")) {
          continue;
        }
        outbox.remove(m);
        if (m.op().equals("create")) {
          phase.get().captures.incrementAndGet();
        }
        long mine = leads.getOrDefault(m.id(), 0L);
        if (res.has("state") && res.path("version").asLong() >= mine && leads.containsKey(m.id())) {
          leads.put(m.id(), res.path("version").asLong());
        }
      }
    }

    /** Pulls until caught up; a re-baseline's listing drops what is no longer in scope (mobile-contract). */
    void pullAll() {
      Set<String> listed = null;
      for (int page = 0; page < 1000; page++) {
        ObjectNode body = BenchLeads.JSON
            .createObjectNode()
            .put("protocolVersion", protocol)
            .put("deviceId", device)
            .put("appVersion", "bench-v" + protocol)
            .put("limit", 500);
        if (checkpoint != null) {
          body.put("checkpoint", checkpoint);
        }
        Answer r = callAs(rep, "POST", "/v1/sync/pull", body, index);
        if (refusedAsTooNew(r)) {
          return; // the checkpoint stays; the phone pulls again later
        }
        if (r.status != 200) {
          problems.add(device + " pull answered " + r.status + " " + r.body);
          return;
        }
        JsonNode j = r.json();
        if (j.path("mode").asText().equals("rebaseline")) {
          if (listed == null) {
            listed = new HashSet<>();
            rebaselines.incrementAndGet();
          }
          for (JsonNode e : j.path("entities")) {
            if (e.path("entityType").asText().equals("lead")) {
              listed.add(e.path("entityId").asText());
            }
          }
        } else {
          if (listed != null) {
            dropUnlisted(listed);
            listed = null;
          }
          for (JsonNode c : j.path("changes")) {
            if (!c.path("entityType").asText().equals("lead")) {
              continue;
            }
            String id = c.path("entityId").asText();
            if (c.path("deleted").asBoolean() || c.path("removedFromScope").asBoolean()) {
              leads.remove(id);
            } else {
              leads.put(
                  id,
                  c.has("version")
                      ? c.path("version").asLong()
                      : c.path("state").path("version").asLong());
            }
          }
        }
        checkpoint = j.path("checkpoint").asText();
        if (!j.path("hasMore").asBoolean()) {
          if (listed != null) {
            dropUnlisted(listed);
          }
          return;
        }
      }
      problems.add(device + " pull did not end");
    }

    private void dropUnlisted(Set<String> listed) {
      Set<String> queuedCreates = new HashSet<>();
      outbox.stream().filter(m -> m.op().equals("create")).forEach(m -> queuedCreates.add(m.id()));
      leads.keySet().removeIf(id -> !listed.contains(id) && !queuedCreates.contains(id));
    }

    void flush() {
      for (int i = 0; i < 100 && !outbox.isEmpty(); i++) {
        push(false);
      }
      if (!outbox.isEmpty()) {
        problems.add(device + " could not flush " + outbox.size() + " mutations");
      }
    }

    Map<String, Long> versions() {
      return new TreeMap<>(leads);
    }

    /** A v2 phone answered 426 by an instance that serves only 1 (mobile-contract: keep everything, sync later). */
    boolean refusedAsTooNew(Answer r) {
      if (r.status != 426 || protocol == 1) {
        return false;
      }
      refusedAboveWindow.incrementAndGet();
      return true;
    }

    /** A result's kind as the phone's version writes a replay: v1 {@code duplicate}, v2 {@code replayed}. */
    String kind(JsonNode result) {
      String kind = result.path("result").asText();
      boolean replayed = result.path("replayed").asBoolean();
      if (protocol == 1 ? replayed : kind.equals("duplicate") || result.has("original")) {
        problems.add(device + " (v" + protocol + ") got a result of the other version: " + result);
      }
      return replayed ? "replayed" : kind;
    }
  }

  private String verify(List<Phone> phones, List<Phase> phases, List<ServerProcess> instances) {
    // a fresh install of each rep is the server's truth
    Map<String, Map<String, Long>> truth = new LinkedHashMap<>();
    for (String rep : REPS) {
      Phone fresh = new Phone(100_000 + REPS.indexOf(rep), rep, new Random(1));
      fresh.pullAll();
      truth.put(rep, fresh.versions());
    }
    int lost = 0;
    int unsent = 0;
    int diverged = 0;
    int queued = 0;
    for (Phone p : phones) {
      Map<String, Long> t = truth.get(p.rep);
      Set<String> queuedCreates = new HashSet<>();
      p.outbox.forEach(m -> queuedCreates.add(m.id()));
      for (String id : p.created) {
        queued++;
        if (t.containsKey(id)) {
          continue;
        }
        if (queuedCreates.contains(id)) {
          unsent++; // still on the phone: not lost, but the catch-up should have sent it
          problems.add(p.device + ": capture " + id + " still queued after the catch-up");
        } else {
          lost++;
          problems.add(p.device + ": capture " + id + " answered but not on the server");
        }
      }
      if (!p.versions().equals(t)) {
        diverged++;
        problems.add(p.device + " differs from a fresh pull of " + p.rep + " ("
            + p.versions().size() + " leads against " + t.size() + ")");
      }
    }
    int doubled = 0;
    Map<String, Integer> results = new TreeMap<>();
    for (var e : answers.entrySet()) {
      Set<String> firsts = new HashSet<>();
      for (String a : e.getValue()) {
        String kind = a.substring(0, a.indexOf(' '));
        results.merge(kind, 1, Integer::sum);
        if (!kind.equals("duplicate") && !kind.equals("replayed") && !kind.equals("in_progress")) {
          firsts.add(a);
        }
      }
      if (firsts.size() > 1) {
        doubled++;
        problems.add(e.getKey() + " answered " + e.getValue());
      }
    }
    long serverLeads = truth.values().stream().mapToLong(Map::size).sum();
    StringBuilder out = new StringBuilder();
    out.append("Scale-out run: ")
        .append(phoneCount)
        .append(" phones of 3 reps, phases of ")
        .append(phaseSeconds)
        .append(" s, ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append("\n\n| phase | requests/s | captures/s | push p50 / p95 ms | pull p50 / p95 ms"
            + " | requests per instance | 5xx | connection errors (retried) |\n"
            + "|---|---:|---:|---:|---:|---|---:|---:|\n");
    for (Phase ph : phases) {
      double secs = (ph.endNanos - ph.startNanos) / 1e9;
      out.append("| ")
          .append(ph.name)
          .append(" | ")
          .append(String.format("%.0f", ph.requests.get() / secs))
          .append(" | ")
          .append(String.format("%.0f", ph.captures.get() / secs))
          .append(" | ")
          .append(quantiles(ph.micros.get("/v1/sync/push")))
          .append(" | ")
          .append(quantiles(ph.micros.get("/v1/sync/pull")))
          .append(" | ")
          .append(new TreeMap<>(ph.served).values())
          .append(" | ")
          .append(ph.serverErrors.get())
          .append(" | ")
          .append(ph.connectionErrors.get())
          .append(" |\n");
    }
    out.append("\nCaptures queued by the phones: ")
        .append(queued)
        .append("; leads on the server: ")
        .append(serverLeads)
        .append("; lost (answered, not on the server): ")
        .append(lost)
        .append("; still queued on a phone after the catch-up: ")
        .append(unsent)
        .append("; access tokens renewed: ")
        .append(renewedTokens.get())
        .append("; mutations answered twice as first results (applied twice): ")
        .append(doubled)
        .append("; phones differing from a fresh pull after the catch-up: ")
        .append(diverged)
        .append(" of ")
        .append(phones.size())
        .append("; re-baselines told to phones: ")
        .append(rebaselines.get())
        .append("; phones speaking protocol 2: ")
        .append(phones.stream().filter(p -> p.protocol == 2).count())
        .append(", answered 426 by an instance serving 1..1 (queue kept, tried again): ")
        .append(refusedAboveWindow.get())
        .append("\nAnswers by result (replays included): ")
        .append(results)
        .append("\n");
    for (int i = 0; i < instances.size(); i++) {
      long warn = instances.get(i).logLines().stream()
          .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
          .count();
      out.append("Instance ").append(i + 1).append(": ").append(warn).append(" WARN/ERROR lines\n");
    }
    out.append("Problems: ").append(problems.size()).append('\n');
    problems.stream().limit(20).forEach(p -> out.append("- ").append(p).append('\n'));
    return out.toString();
  }

  private static String quantiles(List<Long> micros) {
    if (micros == null || micros.isEmpty()) {
      return "-";
    }
    List<Long> sorted;
    synchronized (micros) {
      sorted = new ArrayList<>(micros);
    }
    Collections.sort(sorted);
    return String.format(
        "%.0f / %.0f",
        sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.95))) / 1000.0);
  }
}
