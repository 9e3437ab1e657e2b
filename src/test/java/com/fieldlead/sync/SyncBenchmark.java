package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.lead.LeadFields;
import com.fieldlead.lead.StoredLeadJson;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.KeepAliveHttp;
import com.fieldlead.testing.TestServer;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Offline sync on the embedded store: pulls, pushes, many phones reconnecting and gzip, each measured through the HTTP
 * API and beside it the minimum the store must do for the same work, done directly with the driver in the same run.
 * Opt-in ({@code bench} tag): prints a markdown table (name, API, driver, API/driver) to stdout and
 * target/sync-bench.md. Timed pulls and push batches go through {@link KeepAliveHttp} (a socket per thread, so the
 * figure is the server's, not a client's hand-offs); the empty pull is also reported through the JDK's HttpClient.
 */
@Tag("bench")
class SyncBenchmark {

  static final int INITIAL = 15_000;
  static final int SMALL_CHANGE = 100;
  static final int LARGE_CHANGE = 10_000;
  static final int EMPTY_PULLS = 1000;
  /** Timed initial syncs of each side (after two untimed ones): single walks move a lot with GC pauses. */
  static final int INITIAL_WALKS = 5;
  /** Calls of each side before timing (JIT warm-up: the API path is far more code than one find). */
  static final int WARM_UP = 2000;
  /** Timed push batches of each kind and side (p95 of 20 is the second slowest). */
  static final int BATCHES = 20;
  static final int BATCH = 500;
  /** Untimed push batches of each kind first (API and driver alike), on leads the timed batches do not touch. */
  static final int PUSH_WARM_UP = 2;
  static final int WARM_UP_IDS = 2 * BATCHES * BATCH;
  static final int PHONES = 200;
  static final Duration PUSH_BUDGET = Duration.ofSeconds(100);
  static final int QUEUED = 50;
  static final int CONCURRENCY = 8;
  static final int LIMIT = 500;
  static final Duration PHONES_BUDGET = Duration.ofSeconds(300);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestServer server;
  private Api api;
  /** The client of every timed call (each thread its own connection); the JDK's for the gzip pages and row 1b. */
  private KeepAliveHttp lean;
  private MongoCollection<Document> leads;
  /**
   * The driver's side of the benchmark: the same lead documents as {@link #leads} (same ids, versions and change
   * numbers, kept in step by the set-up), stored as a driver-only service would store them, i.e. without the copy of
   * the sync state the server keeps beside each lead. The driver reads and writes here, so its figures are for the
   * documents it would really have.
   */
  private MongoCollection<Document> plain;
  private ChangeSequencer sequencer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  @Test
  void syncThroughTheApiBesideTheDriver() throws Exception {
    try (TestServer s = start()) {
      OneRep one = oneRep(s, "SyncBench");
      Session rep = one.rep();
      String tenant = one.admin().tenantId();
      Document template = one.template();
      long wholeBefore = PullService.WHOLE_LEAD_READS.sum();
      long seedStart = System.nanoTime();
      List<String> ids = seed(tenant, template, List.of(rep.userId()), INITIAL, "i");
      note(String.format("seeded %,d leads (driver insertMany stamped by the sequencer) in %,d ms", INITIAL,
          ms(seedStart)));

      // 3. initial sync (fresh device, no checkpoint)
      for (int r = 0; r < 2; r++) { // warm-up: this is the run's first scenario
        pullAll(rep, "initial-warm-up-" + r, null);
        driverWalk(tenant, 0, null);
      }
      long[] initialApi = new long[INITIAL_WALKS];
      long[] initialDriver = new long[INITIAL_WALKS];
      Walk first = null;
      for (int r = 0; r < INITIAL_WALKS; r++) {
        long t = System.nanoTime();
        first = pullAll(rep, "initial-" + r, null);
        initialApi[r] = System.nanoTime() - t;
        t = System.nanoTime();
        int n = driverWalk(tenant, 0, null);
        initialDriver[r] = System.nanoTime() - t;
        assertTrue(n >= INITIAL, "driver walk " + n);
      }
      assertTrue(first.changes() >= INITIAL, "initial sync got " + first.changes());
      row("3. initial sync, 15,000 leads, limit " + LIMIT + " (" + first.pages() + " pages; median of " + INITIAL_WALKS
          + ", ms)", median(initialApi), median(initialDriver));
      note(String.format("initial sync walks in order, API ms: %s; driver ms: %s",
          Arrays.stream(initialApi).mapToObj(x -> String.valueOf(x / 1_000_000)).toList(),
          Arrays.stream(initialDriver).mapToObj(x -> String.valueOf(x / 1_000_000)).toList()));

      note(String.format("initial sync scenario done at %,d s", (System.nanoTime() - seedStart) / 1_000_000_000));
      // 1. empty pull
      String cp = first.checkpoint();
      long counter = counter(tenant);
      for (int i = 0; i < WARM_UP; i++) {
        pull(rep, "empty", cp, LIMIT);
        driverPage(tenant, counter, null);
      }
      for (int i = 0; i < WARM_UP; i++) {
        jdkPull(rep, "empty", cp);
      }
      double[] emptyApi = new double[EMPTY_PULLS];
      double[] emptyJdk = new double[EMPTY_PULLS];
      double[] emptyDriver = new double[EMPTY_PULLS];
      for (int i = 0; i < EMPTY_PULLS; i++) {
        long t = System.nanoTime();
        JsonNode j = pull(rep, "empty", cp, LIMIT);
        emptyApi[i] = (System.nanoTime() - t) / 1e6;
        assertEquals(0, j.get("changes").size());
        t = System.nanoTime();
        assertEquals(0, driverPage(tenant, counter, null).size());
        emptyDriver[i] = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        assertEquals(0, jdkPull(rep, "empty", cp).get("changes").size());
        emptyJdk[i] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(emptyApi);
      Arrays.sort(emptyJdk);
      Arrays.sort(emptyDriver);
      for (double q : new double[] {0.50, 0.95, 0.99}) {
        row(String.format("1. empty pull p%d (%d pulls, ms)", Math.round(q * 100), EMPTY_PULLS),
            pct(emptyApi, q), pct(emptyDriver, q));
      }
      for (double q : new double[] {0.50, 0.99}) {
        row(String.format("1b. the same empty pulls through the JDK HttpClient p%d (ms; client hand-offs included)",
            Math.round(q * 100)), pct(emptyJdk, q), pct(emptyDriver, q));
      }

      // 2. pull of 100 and of 10,000 changed leads
      for (int changed : new int[] {SMALL_CHANGE, LARGE_CHANGE}) {
        String before = pullAll(rep, "catch-up", cp).checkpoint();
        long seqBefore = counter(tenant);
        change(tenant, ids.subList(0, changed), "Changed " + changed);
        int runs = changed == SMALL_CHANGE ? 9 : 3;
        for (int r = 0; changed == SMALL_CHANGE && r < 20; r++) { // warm-up
          pullAll(rep, "delta-" + changed, before);
          driverWalk(tenant, seqBefore, null);
        }
        long[] a = new long[runs];
        long[] d = new long[runs];
        Walk w = null;
        for (int r = 0; r < runs; r++) {
          long t = System.nanoTime();
          w = pullAll(rep, "delta-" + changed, before);
          a[r] = System.nanoTime() - t;
          t = System.nanoTime();
          assertEquals(changed, driverWalk(tenant, seqBefore, null));
          d[r] = System.nanoTime() - t;
        }
        assertEquals(changed, w.changes());
        row(String.format("2. pull %,d changed leads, all pages (%d pages; median of %d, ms)", changed, w.pages(),
            runs), median(a), median(d));
        cp = w.checkpoint();
        if (changed == LARGE_CHANGE) {
          gzip(rep, before, http1, "HTTP/1.1");
          gzip(rep, before, http, "default client (asks for h2c, gets HTTP/1.1)");
        }
      }

      note(String.format("pull scenarios done at %,d s; leads whose state the pulls wrote from the whole document "
          + "(stored state not current): %,d", (System.nanoTime() - seedStart) / 1_000_000_000,
          PullService.WHOLE_LEAD_READS.sum() - wholeBefore));
    }
    report("sync-bench.md", "pulls");
  }

  /** Scenario 4: push batches of 500 updates and of 500 creates on a tenant of 15,000 leads (time-boxed). */
  @Test
  void pushBatchesThroughTheApiBesideTheDriver() throws Exception {
    try (TestServer s = start()) {
      OneRep one = oneRep(s, "SyncBenchPush");
      // every timed and warm-up update batch, of each side, edits leads of its own
      int leads = Math.max(INITIAL, WARM_UP_IDS + 2 * PUSH_WARM_UP * BATCH);
      List<String> ids = seed(one.admin().tenantId(), one.template(), List.of(one.rep().userId()), leads, "i");
      pushBatches(one.admin(), one.rep(), one.template(), ids);
    }
    report("sync-bench-push.md", "push");
  }

  /** Scenario 5: phones reconnecting at once, each pushing its queue then pulling (time-boxed). */
  @Test
  void phonesReconnectingThroughTheApiBesideTheDriver() throws Exception {
    try (TestServer s = start()) {
      phones();
    }
    report("sync-bench-phones.md", "phones");
  }

  @org.junit.jupiter.api.AfterEach
  void closeClient() {
    if (lean != null) {
      lean.close();
    }
  }

  /** A tenant with its admin, one rep in a team, and a lead document shaped as the repository writes it. */
  record OneRep(Session admin, Session rep, Document template) {}

  private OneRep oneRep(TestServer s, String tenantName) {
    Session admin = AuthFixtures.tenantWithAdmin(s, tenantName);
    String team = AuthFixtures.team(api, admin, "Field");
    Session rep = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    return new OneRep(admin, rep, template(admin, rep.userId(), team));
  }

  private TestServer start() {
    TestServer s = TestServer.start();
    server = s;
    api = s.api();
    lean = new KeepAliveHttp(api.base());
    leads = s.server().store().collection(LeadFields.LEADS);
    plain = s.server().store().collection("bench_driver_leads");
    // the same indexes as the server's leads: a driver-only service would keep them too (lists, duplicates, pulls)
    for (Document index : await(() -> MongoFutures.list(leads.listIndexes()))) {
      if (!index.getString("name").equals("_id_")) {
        IndexOptions options = new IndexOptions().name(index.getString("name"))
            .unique(index.getBoolean("unique", false)).sparse(index.getBoolean("sparse", false));
        await(() -> MongoFutures.one(plain.createIndex(index.get("key", Document.class), options)));
      }
    }
    sequencer = new ChangeSequencer(s.server().store(), Clock.systemUTC()); // same collections as the server's
    return s;
  }

  private void report(String file, String title) throws Exception {
    StringBuilder out = new StringBuilder(String.format("%n## Sync benchmark: %s (embedded store, %d cores)%n%n",
        title, Runtime.getRuntime().availableProcessors()));
    out.append("| scenario | API | driver | API/driver |\n|---|---:|---:|---:|\n");
    rows.forEach(r -> out.append(r).append('\n'));
    out.append('\n');
    notes.forEach(n -> out.append("- ").append(n).append('\n'));
    System.out.print(out);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", file), out.toString());
  }

  // ---- scenario 4 -------------------------------------------------------------------------------------------------

  private void pushBatches(Session admin, Session rep, Document template, List<String> ids) throws Exception {
    String tenant = admin.tenantId();
    Map<String, Long> versions = versions(leads, tenant); // the same in the driver's copies: seeded alike
    for (String kind : List.of("update", "create")) {
      double[] apiMs = new double[BATCHES];
      double[] driverMs = new double[BATCHES];
      Map<String, Integer> outcomes = new HashMap<>();
      long deadline = System.nanoTime() + PUSH_BUDGET.toNanos();
      int batches = 0;
      for (int b = -PUSH_WARM_UP; b < BATCHES && (b < 2 || System.nanoTime() < deadline); b++) {
        boolean warmUp = b < 0; // not timed: the first batches of each kind compile the push path
        batches = Math.max(batches, b + 1);
        List<Map<String, Object>> mutations = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          String cmid = kind + "-" + b + "-" + i;
          if (kind.equals("update")) {
            String id = warmUp ? ids.get(WARM_UP_IDS + (-b - 1) * BATCH + i) : ids.get(b * BATCH + i);
            mutations.add(SyncFixture.mutation(cmid, "lead", id, "update", versions.get(id),
                Map.of("city", "Pushed " + b)));
          } else {
            mutations.add(SyncFixture.mutation(cmid, "lead", UUID.randomUUID().toString(), "create", null, Map.of(
                "firstName", "Push", "lastName", "Create" + b + "x" + i, "company", "Pushed Co " + b,
                "email", "push-" + b + "-" + i + "@bench.example")));
          }
        }
        byte[] push = writeBytes(Map.of("protocolVersion", 1, "deviceId", "pusher", "mutations", mutations));
        long t = System.nanoTime();
        KeepAliveHttp.Response r = lean.post("/v1/sync/push", push, rep.accessToken(), Map.of());
        double apiTook = (System.nanoTime() - t) / 1e6;
        assertEquals(200, r.status(), r::text);
        JsonNode answer = readTree(r.text());
        if (!warmUp) {
          answer.get("results").forEach(x -> outcomes.merge(x.get("result").asText(), 1, Integer::sum));
        }
        // the driver does the same work on other leads: one version-checked updateOne / insertOne per mutation
        List<String> other = warmUp
            ? ids.subList(WARM_UP_IDS + (PUSH_WARM_UP + (-b - 1)) * BATCH, WARM_UP_IDS + (PUSH_WARM_UP - b) * BATCH)
            : ids.subList(BATCHES * BATCH + b * BATCH, BATCHES * BATCH + (b + 1) * BATCH);
        int batch = b;
        t = System.nanoTime();
        long written = await(() -> sequencer.write(tenant, BATCH, a -> {
          Future<Long> chain = Future.succeededFuture(0L);
          for (int i = 0; i < BATCH; i++) {
            long seq = a.first() + i;
            int index = i;
            chain = chain.compose(n -> (kind.equals("update")
                ? updateOne(tenant, other.get(index), versions.get(other.get(index)), "Pushed " + batch, seq)
                : MongoFutures.one(plain.insertOne(clone(template, rep.userId(), "p" + batch + "-", index)
                    .append(ChangeStamper.FIELD, seq))).map(x -> 1L)).map(c -> n + c));
          }
          return chain;
        }));
        assertEquals(BATCH, written);
        if (!warmUp) {
          apiMs[b] = apiTook;
          driverMs[b] = (System.nanoTime() - t) / 1e6;
        }
      }
      apiMs = Arrays.copyOf(apiMs, batches);
      driverMs = Arrays.copyOf(driverMs, batches);
      note(String.format("push %s batches in order, API ms: %s; driver ms: %s", kind,
          Arrays.stream(apiMs).mapToObj(x -> String.format("%.0f", x)).toList(),
          Arrays.stream(driverMs).mapToObj(x -> String.format("%.0f", x)).toList()));
      Arrays.sort(apiMs);
      Arrays.sort(driverMs);
      String scaled = batches < BATCHES ? ", SCALED DOWN from " + BATCHES + " to fit " + PUSH_BUDGET.toSeconds()
          + " s" : "";
      row("4. push 500 " + kind + "s: p50 per batch (" + batches + " batches" + scaled + ", ms)", pct(apiMs, 0.5),
          pct(driverMs, 0.5));
      row("4. push 500 " + kind + "s: p95 per batch (ms)", pct(apiMs, 0.95), pct(driverMs, 0.95));
      double apiRate = batches * BATCH / (Arrays.stream(apiMs).sum() / 1000);
      double driverRate = batches * BATCH / (Arrays.stream(driverMs).sum() / 1000);
      add(String.format("| 4. push 500 %ss: mutations/s (higher is better) | %.0f | %.0f | %.2f |", kind,
          apiRate, driverRate, driverRate / apiRate));
      note("push " + kind + " results through the API: " + outcomes);
    }
  }

  private Future<Long> updateOne(String tenant, String id, long version, String city, long seq) {
    Bson filter = Filters.and(Filters.eq(LeadFields.TENANT_ID, tenant), Filters.eq(LeadFields.ID, id),
        Filters.eq(LeadFields.VERSION, version));
    return MongoFutures.one(plain.updateOne(filter, Updates.combine(Updates.set(LeadFields.CITY, city),
        Updates.set(LeadFields.VERSION, version + 1), Updates.set(LeadFields.UPDATED_AT, new Date()),
        Updates.set(ChangeStamper.FIELD, seq)))).map(r -> r.getModifiedCount());
  }

  // ---- scenario 5 -------------------------------------------------------------------------------------------------

  private void phones() throws Exception {
    Session admin = AuthFixtures.tenantWithAdmin(server, "SyncBenchPhones");
    String tenant = admin.tenantId();
    String team = AuthFixtures.team(api, admin, "Phones");
    List<Session> reps = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < PHONES; i++) {
      reps.add(AuthFixtures.user(api, admin, "rep", List.of(team), List.of()));
    }
    Document template = template(admin, reps.get(0).userId(), team);
    List<String> ids = seed(tenant, template, reps.stream().map(Session::userId).toList(), PHONES * QUEUED, "ph");
    List<String> checkpoints = new ArrayList<>();
    for (Session rep : reps) {
      checkpoints.add(pullAll(rep, "phone", null).checkpoint());
    }
    note(String.format("phones set-up (%d reps, %,d leads, one first sync each) took %,d ms", PHONES,
        PHONES * QUEUED, ms(t0)));
    Map<String, Long> versions = versions(leads, tenant);
    // lead i belongs to rep i % PHONES (seed order)
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicLong pulledChanges = new AtomicLong();
    AtomicLong notApplied = new AtomicLong();
    AtomicLong caughtUp = new AtomicLong();
    long deadline = System.nanoTime() + PHONES_BUDGET.toNanos();
    long t = System.nanoTime();
    // CONCURRENCY phones at a time, each a thread with its own connection: its push, then its pulls
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CONCURRENCY);
    List<java.util.concurrent.Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < CONCURRENCY; w++) {
      workers.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < PHONES && System.nanoTime() < deadline; i = next.getAndIncrement()) {
          Session rep = reps.get(i);
          List<Map<String, Object>> mutations = new ArrayList<>();
          for (int q = 0; q < QUEUED; q++) {
            String id = ids.get(q * PHONES + i);
            mutations.add(SyncFixture.mutation("ph-" + q, "lead", id, "update", versions.get(id),
                Map.of("city", "Reconnected " + q)));
          }
          KeepAliveHttp.Response push = lean.post("/v1/sync/push", writeBytes(Map.of("protocolVersion", 1,
              "deviceId", "phone", "mutations", mutations)), rep.accessToken(), Map.of());
          assertEquals(200, push.status(), push::text);
          readTree(push.text()).get("results").forEach(x -> {
            if (!x.get("result").asText().equals("applied")) {
              notApplied.incrementAndGet();
            }
          });
          checkpoints.set(i, pullCounting(rep, checkpoints.get(i), pulledChanges));
          done.incrementAndGet();
        }
        return null;
      }));
    }
    try {
      for (java.util.concurrent.Future<Void> worker : workers) {
        worker.get(PHONES_BUDGET.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    double apiMs = (System.nanoTime() - t) / 1e6;
    int phonesDone = done.get();
    // Not timed: a pull right after a push stops below writes still in flight (other phones' batches), so some of a
    // phone's own updates come with its next pull. One more pull each: every update must have arrived by then.
    for (int i = 0; i < phonesDone; i++) {
      pullCounting(reps.get(i), checkpoints.get(i), caughtUp);
    }
    assertEquals(phonesDone * QUEUED, pulledChanges.get() + caughtUp.get(), "an update never reached its phone");
    // driver: the same number of phones, each a sequence of version-checked updateOne then its pull query
    Map<String, Long> after = versions(plain, tenant); // the driver's copies, untouched by the API's pushes
    long from = counter(tenant);
    AtomicInteger dnext = new AtomicInteger();
    AtomicLong dpulled = new AtomicLong();
    t = System.nanoTime();
    await(() -> {
      List<Future<Void>> dworkers = new ArrayList<>();
      for (int w = 0; w < CONCURRENCY; w++) {
        dworkers.add(driverPhoneWorker(dnext, phonesDone, i -> sequencer.write(tenant, QUEUED, a -> {
          Future<Long> chain = Future.succeededFuture(0L);
          for (int q = 0; q < QUEUED; q++) {
            String id = ids.get(q * PHONES + i);
            long seq = a.first() + q;
            chain = chain.compose(n -> updateOne(tenant, id, after.get(id), "Driver", seq).map(c -> n + c));
          }
          return chain;
        }).compose(n -> MongoFutures.list(plain.find(Filters.and(Filters.eq(LeadFields.TENANT_ID, tenant),
                Filters.gt(ChangeStamper.FIELD, from), Filters.eq(LeadFields.OWNER_ID, reps.get(i).userId())))
            .sort(Sorts.ascending(ChangeStamper.FIELD)).limit(LIMIT)))
            .map(docs -> {
              dpulled.addAndGet(docs.size());
              return null;
            })));
      }
      return Future.all(dworkers).mapEmpty();
    }, PHONES_BUDGET.toSeconds() + 60);
    double driverMs = (System.nanoTime() - t) / 1e6;
    String scale = phonesDone < PHONES ? " (SCALED DOWN: " + phonesDone + " of " + PHONES + " phones in the "
        + PHONES_BUDGET.toSeconds() + " s budget)" : "";
    row(String.format("5. %d phones x %d queued updates, push then pull, %d at a time: total ms%s", PHONES, QUEUED,
        CONCURRENCY, scale), apiMs, driverMs);
    double apiRate = phonesDone * QUEUED / (apiMs / 1000);
    double driverRate = phonesDone * QUEUED / (driverMs / 1000);
    add(String.format("| 5. phones: mutations/s (higher is better) | %.0f | %.0f | %.2f |", apiRate, driverRate,
        driverRate / apiRate));
    note(String.format("phones: %d done, %d mutation results not 'applied', pulls returned %,d changes through "
        + "the API right after the push and %,d with one more pull each (own %d updates each expected: %,d) and %,d "
        + "through the driver", phonesDone, notApplied.get(), pulledChanges.get(), caughtUp.get(), QUEUED,
        phonesDone * QUEUED, dpulled.get()));
  }

  private Future<Void> driverPhoneWorker(AtomicInteger next, int count,
      java.util.function.IntFunction<Future<Void>> phone) {
    int i = next.getAndIncrement();
    if (i >= count) {
      return Future.succeededFuture();
    }
    return phone.apply(i).compose(v -> driverPhoneWorker(next, count, phone));
  }

  /** Pulls until {@code hasMore} is false, counting changes; answers the last checkpoint. */
  private String pullCounting(Session rep, String checkpoint, AtomicLong changes) {
    String cp = checkpoint;
    while (true) {
      JsonNode j = pull(rep, "phone", cp, LIMIT);
      changes.addAndGet(j.get("changes").size());
      cp = j.get("checkpoint").asText();
      if (!j.get("hasMore").asBoolean()) {
        return cp;
      }
    }
  }

  // ---- scenario 6 -------------------------------------------------------------------------------------------------

  /** Scenario 6 alone (quick): 1,000 changed leads, pages of 200 and 500, with and without gzip. */
  @Test
  void gzipOnLeadPages() throws Exception {
    try (TestServer s = start()) {
      OneRep one = oneRep(s, "SyncBenchGzip");
      String before = pullAll(one.rep(), "gzip", null).checkpoint();
      seed(one.admin().tenantId(), one.template(), List.of(one.rep().userId()), 1000, "g");
      gzip(one.rep(), before, http1, "HTTP/1.1");
      gzip(one.rep(), before, http, "default client (asks for h2c, gets HTTP/1.1)");
    }
    report("sync-bench-gzip.md", "gzip on lead pages");
  }

  private void gzip(Session rep, String checkpoint, HttpClient client, String label) throws Exception {
    for (int limit : new int[] {200, LIMIT}) {
      Map<String, Object> body = Map.of("protocolVersion", 1, "deviceId", "gzip", "checkpoint", checkpoint,
          "limit", limit);
      HttpResponse<byte[]> plain = sendBytes(client, rep, body, Map.of());
      HttpResponse<byte[]> zipped = sendBytes(client, rep, body, Map.of("Accept-Encoding", "gzip"));
      assertEquals("gzip", zipped.headers().firstValue("content-encoding").orElse("none"));
      byte[] z = zipped.body();
      if (z.length > 1 && (z[0] & 0xff) == 0x1f && (z[1] & 0xff) == 0x8b) {
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(z)).readAllBytes();
        assertEquals(readTree(new String(plain.body())).get("changes").size(),
            readTree(new String(unzipped)).get("changes").size());
      } else {
        note(String.format("gzip page (%s, limit %d): content-encoding says gzip but the body does not start with the "
            + "gzip magic (first bytes %s, %,d bytes; identity %,d bytes)", label, limit,
            z.length > 1 ? String.format("%02x %02x", z[0], z[1]) : "none", z.length, plain.body().length));
      }
      int leadsInPage = readTree(new String(plain.body())).get("changes").size();
      add(String.format("| 6. gzip lead page, %s (%d leads): identity bytes (API col) vs gzip bytes (driver col); "
          + "ratio = compression factor | %,d | %,d | %.1fx (gzip = %.1f%% of identity) |", label, leadsInPage,
          plain.body().length, zipped.body().length, plain.body().length / (double) zipped.body().length,
          100.0 * zipped.body().length / plain.body().length));
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  record Walk(String checkpoint, int changes, int pages) {}

  /** A pull through the benchmark's client ({@link KeepAliveHttp}): the API's own time, nearly no client's. */
  private JsonNode pull(Session s, String device, String checkpoint, Integer limit) {
    KeepAliveHttp.Response r = lean.post("/v1/sync/pull", writeBytes(pullBody(device, checkpoint, limit)),
        s.accessToken(), Map.of());
    assertEquals(200, r.status(), r::text);
    return readTree(r.text());
  }

  /** An empty pull through the JDK's HttpClient (reported beside the lean client's: the client's own cost shows). */
  private JsonNode jdkPull(Session s, String device, String checkpoint) {
    Api.Response r = api.post("/v1/sync/pull", pullBody(device, checkpoint, LIMIT), s.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  private static Map<String, Object> pullBody(String device, String checkpoint, Integer limit) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("protocolVersion", 1);
    body.put("deviceId", device);
    if (checkpoint != null) {
      body.put("checkpoint", checkpoint);
    }
    if (limit != null) {
      body.put("limit", limit);
    }
    return body;
  }

  private Walk pullAll(Session s, String device, String checkpoint) {
    String cp = checkpoint;
    int changes = 0;
    for (int page = 1; page < 10_000; page++) {
      JsonNode j = pull(s, device, cp, LIMIT);
      assertEquals("delta", j.get("mode").asText());
      changes += j.get("changes").size();
      cp = j.get("checkpoint").asText();
      if (!j.get("hasMore").asBoolean()) {
        return new Walk(cp, changes, page);
      }
    }
    throw new AssertionError("pull did not end");
  }

  /** The driver's pull: pages of {tenantId, syncSeq > x} by syncSeq until a short page; answers how many docs. */
  private int driverWalk(String tenant, long from, Bson scope) {
    int n = 0;
    long x = from;
    while (true) {
      List<Document> docs = driverPage(tenant, x, scope);
      n += docs.size();
      if (docs.size() < LIMIT) {
        return n;
      }
      x = ((Number) docs.get(docs.size() - 1).get(ChangeStamper.FIELD)).longValue();
    }
  }

  private List<Document> driverPage(String tenant, long from, Bson scope) {
    Bson window = Filters.and(Filters.eq(LeadFields.TENANT_ID, tenant), Filters.gt(ChangeStamper.FIELD, from));
    return await(() -> MongoFutures.list(plain.find(scope == null ? window : Filters.and(window, scope))
        .sort(Sorts.ascending(ChangeStamper.FIELD)).limit(LIMIT)));
  }

  private long counter(String tenant) {
    return await(() -> sequencer.watermark(tenant)).counter();
  }

  /** A lead created through the API: its stored document is the shape the repository writes. */
  private Document template(Session admin, String owner, String team) {
    Api.Response r = api.post("/v1/leads", Map.ofEntries(Map.entry("id", UUID.randomUUID().toString()),
        Map.entry("firstName", "Ada"), Map.entry("lastName", "Lovelace"), Map.entry("company", "Analytical Engines"),
        Map.entry("email", "ada-" + UUID.randomUUID() + "@example.com"), Map.entry("title", "Head of Procurement"),
        Map.entry("website", "https://engines.example"), Map.entry("industry", "Manufacturing"),
        Map.entry("country", "DE"), Map.entry("city", "Berlin"), Map.entry("tags", List.of("vip", "expo-2025")),
        Map.entry("ownerId", owner), Map.entry("teamId", team)), admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    String id = r.json().get("id").asText();
    return await(() -> MongoFutures.one(leads.find(Filters.and(Filters.eq(LeadFields.TENANT_ID, admin.tenantId()),
        Filters.eq(LeadFields.ID, id))).first()));
  }

  private static Document clone(Document template, String owner, String tag, int i) {
    Document d = new Document(template);
    d.remove(LeadFields.MONGO_ID);
    d.remove(LeadFields.PENDING_EVENTS);
    d.remove(LeadFields.CREATE_HASH);
    d.remove(ChangeStamper.FIELD);
    d.remove(LeadFields.SYNC_STATE);
    d.remove(LeadFields.SYNC_STATE_SEQ);
    String email = tag + i + "@bench.example";
    d.put(LeadFields.ID, UUID.randomUUID().toString());
    d.put(LeadFields.EMAIL, email);
    d.put(LeadFields.EMAIL_NORM, email);
    d.put(LeadFields.LAST_NAME, "Bench" + tag + i);
    d.put(LeadFields.OWNER_ID, owner);
    d.put(LeadFields.CAPTURED_BY, owner);
    return d;
  }

  /** Bulk-inserts {@code count} clones owned round-robin by {@code owners}, stamped like the repository does. */
  private List<String> seed(String tenant, Document template, List<String> owners, int count, String tag) {
    List<String> ids = new ArrayList<>();
    for (int start = 0; start < count; start += 1000) {
      List<Document> docs = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 1000); i++) {
        Document d = clone(template, owners.get(i % owners.size()), tag, i);
        ids.add(d.getString(LeadFields.ID));
        docs.add(d);
      }
      await(() -> sequencer.write(tenant, docs.size(), a -> {
        List<Document> driverDocs = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
          driverDocs.add(new Document(docs.get(i)).append(ChangeStamper.FIELD, a.first() + i));
          StoredLeadJson.stamped(docs.get(i), a.first() + i);
        }
        return Future.all(MongoFutures.done(leads.insertMany(docs)), MongoFutures.done(plain.insertMany(driverDocs)))
            .mapEmpty();
      }));
    }
    return ids;
  }

  /**
   * Changes leads as a server write would (new city, version + 1, new syncSeq, the sync state rendered again), with
   * one bulk write per 1000.
   */
  private void change(String tenant, List<String> ids, String city) {
    for (int start = 0; start < ids.size(); start += 1000) {
      List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 1000));
      Map<String, Document> current = new HashMap<>();
      await(() -> MongoFutures.list(leads.find(Filters.and(Filters.eq(LeadFields.TENANT_ID, tenant),
          Filters.in(LeadFields.ID, chunk))))).forEach(d -> current.put(d.getString(LeadFields.ID), d));
      await(() -> sequencer.write(tenant, chunk.size(), a -> {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
          Document next = new Document(current.get(chunk.get(i)));
          next.put(LeadFields.CITY, city);
          next.put(LeadFields.VERSION, ((Number) next.get(LeadFields.VERSION)).longValue() + 1);
          StoredLeadJson.stamped(next, a.first() + i);
          writes.add(new UpdateOneModel<>(Filters.and(Filters.eq(LeadFields.TENANT_ID, tenant),
              Filters.eq(LeadFields.ID, chunk.get(i))), Updates.combine(Updates.set(LeadFields.CITY, city),
              Updates.set(LeadFields.VERSION, next.get(LeadFields.VERSION)),
              Updates.set(ChangeStamper.FIELD, a.first() + i),
              Updates.set(LeadFields.SYNC_STATE, next.get(LeadFields.SYNC_STATE)),
              Updates.set(LeadFields.SYNC_STATE_SEQ, next.get(LeadFields.SYNC_STATE_SEQ)))));
        }
        List<WriteModel<Document>> driverWrites = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
          driverWrites.add(new UpdateOneModel<>(Filters.and(Filters.eq(LeadFields.TENANT_ID, tenant),
              Filters.eq(LeadFields.ID, chunk.get(i))), Updates.combine(Updates.set(LeadFields.CITY, city),
              Updates.inc(LeadFields.VERSION, 1L), Updates.set(ChangeStamper.FIELD, a.first() + i))));
        }
        return Future.all(MongoFutures.one(leads.bulkWrite(writes)), MongoFutures.one(plain.bulkWrite(driverWrites)))
            .mapEmpty();
      }));
    }
  }

  private Map<String, Long> versions(MongoCollection<Document> collection, String tenant) {
    List<Document> docs = await(() -> MongoFutures.list(collection.find(Filters.eq(LeadFields.TENANT_ID, tenant))
        .projection(Projections.include(LeadFields.ID, LeadFields.VERSION))));
    Map<String, Long> out = new HashMap<>();
    docs.forEach(d -> out.put(d.getString(LeadFields.ID), ((Number) d.get(LeadFields.VERSION)).longValue()));
    return out;
  }

  private HttpResponse<byte[]> sendBytes(HttpClient client, Session s, Object body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/v1/sync/pull"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + s.accessToken()).POST(HttpRequest.BodyPublishers.ofString(write(body)));
    headers.forEach(b::header);
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    return r;
  }

  private static byte[] writeBytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String write(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode readTree(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private <T> T await(Supplier<Future<T>> work) {
    return await(work, 120);
  }

  private <T> T await(Supplier<Future<T>> work, long seconds) {
    Promise<T> promise = Promise.promise();
    server.server().vertx().runOnContext(v -> work.get().onComplete(promise));
    try {
      return promise.future().toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void row(String name, double api, double driver) {
    add(String.format("| %s | %.1f | %.1f | %.2f |", name, api, driver, api / driver));
  }

  /** Adds a table row and prints it at once, so a run cut short still shows what it measured. */
  private void add(String row) {
    rows.add(row);
    System.out.println(row);
  }

  private void note(String note) {
    notes.add(note);
    System.out.println("- " + note);
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static double pct(double[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
