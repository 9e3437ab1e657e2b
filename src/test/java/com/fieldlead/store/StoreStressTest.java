package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store under a trade show's load: phones pushing captures and edits while others pull, every background
 * job running (event relay, alerts, the outbox, reminders, SLA checks), the store flushing and compacting meanwhile.
 * The H2-based store of earlier builds failed here with {@code MVStoreException: Chunk N not found}: it freed file
 * chunks one second after they were replaced (its retention time, shortened to keep the file small) while a read
 * that took longer (a scan of thousands of leads under load) still walked them. Nothing may fail: no 5xx, no lost
 * capture, no capture left without its assignment (a booth's batch once raced itself for the round-robin cursor and
 * left leads unrouted), and every capture reads back after the store is closed and opened again.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StoreStressTest {

  private static final int PHONES = 4;
  private static final int PUSHES = 12;
  private static final int BATCH = 150;
  private static final String DEMO_PASSWORD = "demo-password";

  @TempDir
  Path dataDir;

  @Test
  void concurrentPushesPullsAndBackgroundJobsOnADurableStoreLoseNothingAndNeverFail()
      throws Exception {
    Map<ConfigKey, String> durable = Map.of(
        ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
        "false",
        ConfigKey.FIELDLEAD_DATA_DIR,
        dataDir.toString(),
        ConfigKey.FIELDLEAD_DEMO,
        "true",
        ConfigKey.FIELDLEAD_PUSH_POLL_MS,
        "50",
        ConfigKey.FIELDLEAD_REMINDER_SCAN_MS,
        "200");
    Set<String> captured = ConcurrentHashMap.newKeySet();
    // a normal run, however busy, logs no warning and no error
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> problems =
        new ch.qos.logback.core.read.ListAppender<>();
    problems.addFilter(new ch.qos.logback.core.filter.Filter<>() {
      @Override
      public ch.qos.logback.core.spi.FilterReply decide(
          ch.qos.logback.classic.spi.ILoggingEvent e) {
        return e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)
            ? ch.qos.logback.core.spi.FilterReply.NEUTRAL
            : ch.qos.logback.core.spi.FilterReply.DENY;
      }
    });
    problems.start();
    root.addAppender(problems);
    try {
      run(durable, captured);
    } finally {
      root.detachAppender(problems);
    }
    assertEquals(
        List.of(),
        problems.list.stream()
            .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
            .limit(10)
            .toList(),
        "warnings and errors logged during the run");
  }

  private void run(Map<ConfigKey, String> durable, Set<String> captured) throws Exception {
    try (TestServer server = TestServer.start(durable, Clock.systemUTC())) {
      Api api = server.api();
      // the demo tenant: its reps and booth capture at the shared demo event, so every pull of
      // theirs works out which
      // captures of that event they see (the read that scanned every lead in the H2 store)
      List<AuthFixtures.Session> reps = new ArrayList<>();
      for (String email :
          List.of("rep1@demo.test", "rep2@demo.test", "rep3@demo.test", "booth@demo.test")) {
        reps.add(AuthFixtures.login(api, email, DEMO_PASSWORD));
      }
      AuthFixtures.Session manager = AuthFixtures.login(api, "manager@demo.test", DEMO_PASSWORD);
      AtomicBoolean pushing = new AtomicBoolean(true);
      AtomicInteger failures = new AtomicInteger();
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(PHONES + 2);
      List<Future<?>> work = new ArrayList<>();
      for (int p = 0; p < PHONES; p++) {
        AuthFixtures.Session rep = reps.get(p);
        String device = UUID.randomUUID().toString();
        work.add(pool.submit(() -> phone(api, rep, device, captured, failures, errors)));
      }
      // the manager's phone and a rep's second phone pull while the others push
      for (AuthFixtures.Session puller : List.of(manager, reps.get(0))) {
        String device = UUID.randomUUID().toString();
        work.add(pool.submit(() -> {
          String checkpoint = null;
          while (pushing.get()) {
            checkpoint = pullAll(api, puller, device, checkpoint, failures, errors);
          }
          return null;
        }));
      }
      for (Future<?> f : work.subList(0, PHONES)) {
        f.get(200, TimeUnit.SECONDS);
      }
      pushing.set(false);
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(List.of(), errors, "requests that failed under load");
      assertEquals(0, failures.get());
      assertEquals(PHONES * PUSHES * BATCH, captured.size());
      // the manager's full pull holds every capture of the team
      Set<String> pulled = new HashSet<>();
      pullAllInto(api, manager, UUID.randomUUID().toString(), pulled);
      assertTrue(
          pulled.containsAll(captured),
          "captures missing from a full pull: "
              + captured.stream().filter(id -> !pulled.contains(id)).limit(5).toList());
      // and every capture has its assignment: the rep's own as captured, the booth's routed or
      // queued
      Set<String> assigned = new HashSet<>(Await.onContext(
          server,
          () -> MongoFutures.list(server
              .server()
              .store()
              .collection("lead_assignments")
              .distinct("leadId", String.class))));
      assertTrue(
          assigned.containsAll(captured),
          "captures without an assignment: "
              + captured.stream().filter(id -> !assigned.contains(id)).limit(5).toList());
    }
    // closed and opened again: every acknowledged capture is there
    try (TestServer again = TestServer.start(durable, Clock.systemUTC())) {
      AuthFixtures.Session admin =
          AuthFixtures.login(again.api(), "admin@demo.test", DEMO_PASSWORD);
      Set<String> stored = new HashSet<>();
      pullAllInto(again.api(), admin, UUID.randomUUID().toString(), stored);
      assertTrue(stored.containsAll(captured), "captures lost across a restart");
    }
  }

  /** A booth phone: pushes of captures, each followed by edits of some of them. */
  private static Void phone(
      Api api,
      AuthFixtures.Session rep,
      String device,
      Set<String> captured,
      AtomicInteger failures,
      List<String> errors) {
    int cmid = 0;
    for (int push = 0; push < PUSHES; push++) {
      List<Map<String, Object>> mutations = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("firstName", "Lena");
        lead.put("lastName", "Weber " + push + "-" + i);
        lead.put("email", "lena." + id.substring(0, 8) + "@example.com");
        lead.put("company", "Nordwind Logistik GmbH");
        lead.put("title", i % 4 == 0 ? "Managing Director" : "Dispatcher");
        lead.put("capturedAt", Instant.now().toString());
        lead.put("eventId", "demo-expo");
        lead.put("source", "trade_show");
        lead.put(
            "bant",
            i % 5 == 0
                ? Map.of(
                    "budget",
                    "approved",
                    "authority",
                    "decision_maker",
                    "need",
                    "high",
                    "timeline",
                    "immediate")
                : Map.of("need", "medium"));
        lead.put("customFields", Map.of("notes", "x".repeat(600)));
        mutations.add(mutation(device + ":" + (++cmid), "lead", id, "create", null, lead));
      }
      JsonNode results = push(api, rep, device, mutations, failures, errors);
      if (results == null) {
        continue;
      }
      Map<String, Long> versions = new HashMap<>();
      for (JsonNode r : results) {
        if (r.path("result").asText().equals("applied")) {
          captured.add(r.get("entityId").asText());
          versions.put(r.get("entityId").asText(), r.get("version").asLong());
        }
      }
      List<Map<String, Object>> edits = new ArrayList<>();
      for (String id : ids.subList(0, 30)) {
        edits.add(mutation(
            device + ":" + (++cmid),
            "lead",
            id,
            "update",
            versions.getOrDefault(id, 1L),
            Map.of("title", "VP Operations")));
      }
      push(api, rep, device, edits, failures, errors);
    }
    return null;
  }

  private static JsonNode push(
      Api api,
      AuthFixtures.Session s,
      String device,
      List<Map<String, Object>> mutations,
      AtomicInteger failures,
      List<String> errors) {
    Api.Response r = api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", device, "mutations", mutations),
        s.accessToken());
    if (r.status() != 200) {
      failures.incrementAndGet();
      errors.add("push: " + r);
      return null;
    }
    return r.json().get("results");
  }

  private static String pullAll(
      Api api,
      AuthFixtures.Session s,
      String device,
      String checkpoint,
      AtomicInteger failures,
      List<String> errors) {
    String cp = checkpoint;
    for (int pages = 0; pages < 1000; pages++) {
      Map<String, Object> body =
          new HashMap<>(Map.of("protocolVersion", 1, "deviceId", device, "limit", 500));
      if (cp != null) {
        body.put("checkpoint", cp);
      }
      Api.Response r = api.post("/v1/sync/pull", body, s.accessToken());
      if (r.status() != 200) {
        failures.incrementAndGet();
        errors.add("pull: " + r);
        return cp;
      }
      cp = r.json().get("checkpoint").asText();
      if (!r.json().get("hasMore").asBoolean()) {
        return cp;
      }
    }
    return cp;
  }

  private static void pullAllInto(
      Api api, AuthFixtures.Session s, String device, Set<String> leads) {
    String cp = null;
    for (int pages = 0; pages < 1000; pages++) {
      Map<String, Object> body =
          new HashMap<>(Map.of("protocolVersion", 1, "deviceId", device, "limit", 1000));
      if (cp != null) {
        body.put("checkpoint", cp);
      }
      Api.Response r = api.post("/v1/sync/pull", body, s.accessToken());
      assertEquals(200, r.status(), r::toString);
      for (JsonNode c : r.json().path("changes")) {
        if (c.path("entityType").asText().equals("lead") && !c.path("deleted").asBoolean()) {
          leads.add(c.get("entityId").asText());
        }
      }
      cp = r.json().get("checkpoint").asText();
      if (!r.json().get("hasMore").asBoolean()) {
        return;
      }
    }
    throw new AssertionError("the pull did not end");
  }

  private static Map<String, Object> mutation(
      String cmid, String type, String id, String op, Long base, Map<String, Object> changes) {
    Map<String, Object> m = new HashMap<>();
    m.put("clientMutationId", cmid);
    m.put("entityType", type);
    m.put("entityId", id);
    m.put("op", op);
    if (base != null) {
      m.put("baseVersion", base);
    }
    m.put("changes", changes);
    return m;
  }
}
