package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.bench.BenchLeads;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.store.StoredLeadJson;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.sync.BenchTable.Kind;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Offline sync at a trade show: pulls, pushes, many phones reconnecting and gzip, each measured through the HTTP API
 * and beside it the minimum the store must do for the same work, done directly with the driver in the same run. Each
 * scenario runs on the durable embedded store (RocksDB in a fresh data directory; every answer to a phone waits for
 * the fsync of its writes) and then on the in-memory one: the table has an API, a driver and a ratio column for each.
 *
 * <p>The traffic is the demo tenant's ({@link DemoTraffic}): its reps and booth capture at the shared event
 * {@code demo-expo}, about 1.5 KB of JSON a lead captured a few minutes before the push, with everything a demo
 * server runs switched on (scoring, routing of the booth's ownerless captures, SLA clocks, hot-lead and assignment
 * alerts, the notification outbox). The driver's side works on its own copy of the same leads (same ids, versions,
 * change numbers and indexes) stored as a driver-only service would store them ({@link DemoTraffic#driverCopy}). For
 * pushes the table also gives the store's work per pushed mutation: every command the server sent while the timed
 * batches ran and until its background work had run out, the RocksDB write batches and the fsyncs.
 *
 * <p>Opt-in ({@code bench} tag); writes {@code target/sync-bench.md} (the whole run) and one file per part
 * ({@code target/sync-bench-pulls.md}, {@code -push}, {@code -phones}, {@code -gzip}). System properties:
 * {@code bench.stores} ({@code durable,memory} by default; {@code durable} or {@code memory} runs one) and
 * {@code bench.scale} (1 by default; multiplies every count below but the batch and page sizes: 0.05 is a quick check
 * of the whole benchmark). Timed pulls and push batches go through {@link KeepAliveHttp} (a socket per thread, so the
 * figure is the server's, not a client's hand-offs); the empty pull is also reported through the JDK's HttpClient.
 */
@Tag("bench")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncBenchmark {

  /** {@code -Dbench.scale}: multiplies the counts below (leads, pulls, batches, phones); batch and page sizes stay. */
  static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));
  /** Captures on the tenant before the pulls (all at the event, so a rep at the event pulls them all) and pushes. */
  static final int INITIAL = scaled(15_000);
  /** Leads changed for the small and the large delta pull (scenario 2). */
  static final int SMALL_CHANGE = scaled(100);

  static final int LARGE_CHANGE = scaled(10_000);
  /** Timed empty pulls of each side (scenario 1). */
  static final int EMPTY_PULLS = scaled(1000);
  /** Timed initial syncs of each side (after two untimed ones): single walks move a lot with GC pauses. */
  static final int INITIAL_WALKS = 5;
  /** Calls of each side before timing (JIT warm-up: the API path is far more code than one find). */
  static final int WARM_UP = scaled(2000);
  /** Timed push batches of each kind and side (p95 of 20 is the second slowest); at least 2. */
  static final int BATCHES = Math.max(2, scaled(20));
  /** Mutations a push batch holds. */
  static final int BATCH = DemoTraffic.BATCH;
  /** Untimed push batches of each kind first (API and driver alike), on leads the timed batches do not touch. */
  static final int PUSH_WARM_UP = scaled(2);
  /** The time the timed push batches of a kind may take (at least 2 batches run). */
  static final Duration PUSH_BUDGET = Duration.ofSeconds(100);
  /** Phones reconnecting in scenario 5, each with the edits of up to {@link #QUEUED} leads routed to its rep. */
  static final int PHONES = scaled(200);

  static final int QUEUED = 50;
  /** Phones reconnecting at the same time. */
  static final int CONCURRENCY = 8;
  /** The page size every pull asks for. */
  static final int LIMIT = 500;
  /** The time scenario 5's phones may take through the API (those left out are reported). */
  static final Duration PHONES_BUDGET = Duration.ofSeconds(300);
  /** The longest wait for background work (routing, alerts, the outbox) to run out after pushes. */
  static final Duration SETTLE_MAX = Duration.ofSeconds(120);

  private static final long SEED = 20261206L;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A store the benchmark runs on: a column group of the table. */
  enum Store {
    DURABLE("durable"),
    MEMORY("in-memory");

    final String label;

    Store(String label) {
      this.label = label;
    }

    /** {@code -Dbench.stores=durable,memory} (the default), or one of them. */
    static List<Store> selected() {
      return Stream.of(System.getProperty("bench.stores", "durable,memory").split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .map(s -> s.equals("memory") || s.equals("in-memory")
              ? MEMORY
              : Store.valueOf(s.toUpperCase(Locale.ROOT)))
          .distinct()
          .toList();
    }
  }

  private final List<Store> stores = Store.selected();
  private final List<String> parts = new ArrayList<>();
  private BenchTable table;
  // one run: a server on one store, and what the scenarios use of it
  private Store store;
  private Path dataDir;
  private TestServer server;
  private Api api;
  /** The client of every timed call (each thread its own connection); the JDK's for the gzip pages and row 1b. */
  private KeepAliveHttp lean;

  private MongoCollection<Document> leads;
  /**
   * The driver's side of the benchmark: the same leads as {@link #leads} (same ids, versions and change numbers),
   * stored as a driver-only service would store them ({@link DemoTraffic#driverCopy}). The driver reads and writes
   * here, so its figures are for the documents it would really have.
   */
  private MongoCollection<Document> plain;

  private ChangeSequencer sequencer;
  private DemoTraffic demo;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final HttpClient http1 = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  static int scaled(int n) {
    return Math.max(1, (int) Math.round(n * SCALE));
  }

  // ---- scenarios 1 to 3: pulls
  // ------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void pullsThroughTheApiBesideTheDriver() throws Exception {
    runOnEachStore("pulls", "pulls", this::pulls);
  }

  private void pulls() throws Exception {
    Session rep = demo.reps().get(0);
    String tenant = demo.tenantId();
    long wholeBefore = PullService.WHOLE_LEAD_READS.sum();
    long seedStart = System.nanoTime();
    List<String> ids = seedAndCopy(INITIAL, visibleTo(rep));

    // 3. initial sync (fresh device, no checkpoint)
    for (int r = 0; r < 2; r++) { // warm-up: this is the run's first scenario
      pullAll(rep, "initial-warm-up-" + r, null);
      driverWalk(tenant, 0);
    }
    long[] initialApi = new long[INITIAL_WALKS];
    long[] initialDriver = new long[INITIAL_WALKS];
    Walk first = null;
    int driverLeads = 0;
    for (int r = 0; r < INITIAL_WALKS; r++) {
      long t = System.nanoTime();
      first = pullAll(rep, "initial-" + r, null);
      initialApi[r] = System.nanoTime() - t;
      t = System.nanoTime();
      driverLeads = driverWalk(tenant, 0);
      initialDriver[r] = System.nanoTime() - t;
      assertTrue(driverLeads >= INITIAL, "driver walk " + driverLeads);
    }
    assertTrue(first.changes() >= INITIAL, "initial sync got " + first.changes());
    row(
        String.format(
            "3. initial sync of a rep at the event, %,d captures, limit %d (median of %d, ms)",
            INITIAL, LIMIT, INITIAL_WALKS),
        Kind.MS,
        median(initialApi),
        median(initialDriver));
    note(String.format(
        "initial sync: %,d changes in %d pages through the API, %,d leads through the driver; walks in "
            + "order, API ms: %s; driver ms: %s",
        first.changes(), first.pages(), driverLeads, millis(initialApi), millis(initialDriver)));

    emptyPulls(rep, tenant, first.checkpoint());
    changedPulls(rep, tenant, ids, first.checkpoint());
    note(String.format(
        "pull scenarios done at %,d s; leads whose state the pulls wrote from the whole document "
            + "(stored state not current): %,d",
        (System.nanoTime() - seedStart) / 1_000_000_000,
        PullService.WHOLE_LEAD_READS.sum() - wholeBefore));
  }

  /** Scenario 1: pulls from {@code cp} that find nothing new (the API's, the JDK client's and the driver's). */
  private void emptyPulls(Session rep, String tenant, String cp) {
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
      assertEquals(
          0, j.get("changes").size(), "an empty pull found changes: background work changed leads");
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
      row(
          String.format("1. empty pull p%d (%,d pulls, ms)", Math.round(q * 100), EMPTY_PULLS),
          Kind.MS,
          pct(emptyApi, q),
          pct(emptyDriver, q));
    }
    for (double q : new double[] {0.50, 0.99}) {
      row(
          String.format(
              "1b. the same empty pulls through the JDK HttpClient p%d (ms; client hand-offs included)",
              Math.round(q * 100)),
          Kind.MS,
          pct(emptyJdk, q),
          pct(emptyDriver, q));
    }
  }

  /** Scenario 2: pulls of a few and of many changed leads (and gzip on the pages of the many). */
  private void changedPulls(Session rep, String tenant, List<String> ids, String checkpoint)
      throws Exception {
    String cp = checkpoint;
    for (int changed : new int[] {SMALL_CHANGE, LARGE_CHANGE}) {
      String before = pullAll(rep, "catch-up", cp).checkpoint();
      long seqBefore = counter(tenant);
      change(tenant, ids.subList(0, changed), "Changed " + changed);
      int runs = changed == SMALL_CHANGE ? 9 : 3;
      for (int r = 0; changed == SMALL_CHANGE && r < 20; r++) { // warm-up
        pullAll(rep, "delta-" + changed, before);
        driverWalk(tenant, seqBefore);
      }
      long[] a = new long[runs];
      long[] d = new long[runs];
      Walk w = null;
      for (int r = 0; r < runs; r++) {
        long t = System.nanoTime();
        w = pullAll(rep, "delta-" + changed, before);
        a[r] = System.nanoTime() - t;
        t = System.nanoTime();
        assertEquals(changed, driverWalk(tenant, seqBefore));
        d[r] = System.nanoTime() - t;
      }
      assertEquals(changed, w.changes());
      row(
          String.format("2. pull %,d changed leads, all pages (median of %d, ms)", changed, runs),
          Kind.MS,
          median(a),
          median(d));
      note(String.format("pull of %,d changed leads: %d pages", changed, w.pages()));
      cp = w.checkpoint();
      if (changed == LARGE_CHANGE) {
        gzip(rep, before, http1, "HTTP/1.1", "scenario 2's changed leads");
        gzip(
            rep,
            before,
            http,
            "default client (asks for h2c, gets HTTP/1.1)",
            "scenario 2's changed leads");
      }
    }
  }

  // ---- scenario 4: push batches
  // -----------------------------------------------------------------------------------

  /** Scenario 4: push batches of 500 edits and of 500 captures on a tenant of {@link #INITIAL} captures. */
  @Test
  @Order(2)
  void pushBatchesThroughTheApiBesideTheDriver() throws Exception {
    runOnEachStore("push", "push batches", this::pushes);
  }

  /** What one side did over a kind's timed batches: per-batch ms, the store's work, the mutations. */
  private record Timed(double[] ms, StoreCounters work, int mutations) {}

  private void pushes() throws Exception {
    List<String> seeded = demo.seed(lean, null, INITIAL);
    note("seed batches in order (booth first, then a rep, in turn), ms: " + demo.seedBatchMs());
    settle("the seed's captures");
    List<List<String>> targets = editTargets(seeded); // may capture more for a rep who owns too few
    settle("the reps' own captures");
    note(String.format(
        "seeded %,d captures at the event through the API (and more by a rep who owned fewer than the "
            + "edit batches need); %,d leads of the event copied for the driver",
        seeded.size(), copyToPlain(atTheEvent())));
    pushEdits(targets);
    pushCaptures();
  }

  /**
   * The leads each edit batch changes: batch {@code b} (from {@code -PUSH_WARM_UP}) is pushed by rep
   * {@code b mod 3} and edits leads that rep owns (their own captures, and the booth's routed to them), each lead
   * once. A rep owning too few gets captures of their own first.
   */
  private List<List<String>> editTargets(List<String> seeded) {
    Map<String, List<String>> owned = new HashMap<>(owners(seeded));
    List<List<String>> out = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    for (int b = -PUSH_WARM_UP; b < BATCHES; b++) {
      Session rep = editor(b);
      List<String> mine = owned.computeIfAbsent(rep.userId(), k -> new ArrayList<>());
      int from = used.getOrDefault(rep.userId(), 0);
      if (mine.size() < from + BATCH) {
        mine.addAll(demo.seed(lean, rep, from + BATCH - mine.size()));
      }
      out.add(List.copyOf(mine.subList(from, from + BATCH)));
      used.put(rep.userId(), from + BATCH);
    }
    return out;
  }

  private Session editor(int b) {
    return demo.reps().get(Math.floorMod(b, demo.reps().size()));
  }

  private void pushEdits(List<List<String>> targets) throws Exception {
    String tenant = demo.tenantId();
    Map<String, Long> versions = versions(leads, tenant);
    IntFunction<List<String>> batch = b -> targets.get(b + PUSH_WARM_UP);
    Timed apiSide = apiBatches(
        "edits",
        b -> editor(b),
        b -> demo.editPush(editor(b), demo.edits(batch.apply(b), versions, 1)));
    Map<String, Long> driverVersions =
        versions(plain, tenant); // the driver's copies: untouched by the API's pushes
    Timed driverSide = driverBatches(apiSide.ms().length, b -> {
      List<DemoTraffic.Edit> edits = demo.edits(batch.apply(b), driverVersions, 1);
      return sequencer.write(
          tenant,
          edits.size(),
          a -> chain(edits.size(), i -> updateOne(tenant, edits.get(i), a.first() + i)));
    });
    pushRows("edits", "edit", apiSide, driverSide);
  }

  private void pushCaptures() throws Exception {
    String tenant = demo.tenantId();
    Map<Integer, List<BenchLeads.Capture>> batches = new ConcurrentHashMap<>();
    Timed apiSide = apiBatches("captures", demo::capturer, b -> {
      List<BenchLeads.Capture> captures = demo.next(BATCH);
      batches.put(b, captures);
      return demo.createPush(demo.capturer(b), captures);
    });
    // the driver inserts what the server stored for the same captures, as a driver-only service
    // would store it
    Map<String, Document> stored = driverCopies(batches.values().stream()
        .flatMap(List::stream)
        .map(BenchLeads.Capture::id)
        .toList());
    Timed driverSide = driverBatches(apiSide.ms().length, b -> {
      List<Document> docs = batches.get(b).stream().map(c -> stored.get(c.id())).toList();
      return sequencer.write(
          tenant,
          docs.size(),
          a -> chain(
              docs.size(),
              i -> MongoFutures.one(plain.insertOne(
                      new Document(docs.get(i)).append(ChangeStamper.FIELD, a.first() + i)))
                  .map(x -> 1L)));
    });
    pushRows("captures", "capture", apiSide, driverSide);
    // the booth's batches (even) are routed, the reps' (odd) are not: two populations of batch
    // times
    for (int parity : new int[] {0, 1}) {
      row(
          String.format(
              "4. push %d captures: median %s batch (ms)",
              BATCH, parity == 0 ? "booth (ownerless, routed)" : "rep"),
          Kind.MS,
          medianOf(apiSide.ms(), parity),
          medianOf(driverSide.ms(), parity));
    }
  }

  /** The median of the batches {@code b} with {@code b % 2 == parity}. */
  private static double medianOf(double[] ms, int parity) {
    double[] some = IntStream.range(0, ms.length)
        .filter(b -> b % 2 == parity)
        .mapToDouble(b -> ms[b])
        .sorted()
        .toArray();
    return some.length == 0 ? Double.NaN : some[some.length / 2];
  }

  /**
   * The API's side of a kind of push: {@link #PUSH_WARM_UP} untimed batches, then up to {@link #BATCHES} timed ones
   * (at least 2, then while {@link #PUSH_BUDGET} lasts), each {@code body.apply(b)} sent by {@code who.apply(b)}. The
   * store's work is counted from after the warm-up's background work ran out until the timed batches' did.
   */
  private Timed apiBatches(String kind, IntFunction<Session> who, IntFunction<byte[]> body)
      throws Exception {
    for (int b = -PUSH_WARM_UP; b < 0; b++) {
      DemoTraffic.send(lean, who.apply(b), body.apply(b));
    }
    settle("the warm-up " + kind);
    StoreCounters before = StoreCounters.read(server);
    double[] ms = new double[BATCHES];
    Map<String, Integer> outcomes = new TreeMap<>();
    long deadline = System.nanoTime() + PUSH_BUDGET.toNanos();
    int n = 0;
    for (int b = 0; b < BATCHES && (b < 2 || System.nanoTime() < deadline); b++) {
      byte[] push = body.apply(b);
      long t = System.nanoTime();
      JsonNode answer = DemoTraffic.send(lean, who.apply(b), push);
      ms[n++] = (System.nanoTime() - t) / 1e6;
      DemoTraffic.outcomes(answer).forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
    }
    Duration settled = settle("the timed " + kind);
    StoreCounters work = StoreCounters.read(server).minus(before);
    assertTrue(
        Set.of("applied", "merged").containsAll(outcomes.keySet()),
        "push results of the timed " + kind + ": " + outcomes);
    note(String.format(
        "push %s: results through the API %s; background work ran out %,d ms after the last batch",
        kind, outcomes, settled.toMillis()));
    return new Timed(Arrays.copyOf(ms, n), work, n * BATCH);
  }

  /** The driver's side: the same number of batches as the API's, after {@link #PUSH_WARM_UP} untimed ones. */
  private Timed driverBatches(int batches, IntFunction<Future<Long>> batch) {
    for (int b = -PUSH_WARM_UP; b < 0; b++) {
      int warmUp = b;
      assertEquals(BATCH, (long) await(() -> batch.apply(warmUp)));
    }
    StoreCounters before = StoreCounters.read(server);
    double[] ms = new double[batches];
    for (int b = 0; b < batches; b++) {
      int timed = b;
      long t = System.nanoTime();
      assertEquals(BATCH, (long) await(() -> batch.apply(timed)));
      ms[b] = (System.nanoTime() - t) / 1e6;
    }
    return new Timed(ms, StoreCounters.read(server).minus(before), batches * BATCH);
  }

  private void pushRows(String kind, String noun, Timed apiSide, Timed driverSide) {
    int batches = apiSide.ms().length;
    note(String.format(
        "push %s batches in order, API ms: %s; driver ms: %s",
        kind, rounded(apiSide.ms()), rounded(driverSide.ms())));
    double[] a = apiSide.ms().clone();
    double[] d = driverSide.ms().clone();
    Arrays.sort(a);
    Arrays.sort(d);
    String name = String.format("4. push %d %s", BATCH, kind);
    String cut = batches < BATCHES
        ? ", SCALED DOWN from " + BATCHES + " to fit " + PUSH_BUDGET.toSeconds() + " s"
        : "";
    row(name + ": p50 per batch (ms)", Kind.MS, pct(a, 0.5), pct(d, 0.5));
    row(name + ": p95 per batch (ms)", Kind.MS, pct(a, 0.95), pct(d, 0.95));
    row(name + ": mutations/s (higher is better)", Kind.RATE, rate(apiSide), rate(driverSide));
    if (!cut.isEmpty()) {
      note(String.format("push %s: %d timed batches%s", kind, batches, cut));
    }
    StoreCounters w = apiSide.work();
    StoreCounters dw = driverSide.work();
    row(
        name + ": store commands per pushed " + noun + " (background work included)",
        Kind.PER_MUTATION,
        w.totalCommands() / (double) apiSide.mutations(),
        dw.totalCommands() / (double) driverSide.mutations());
    row(
        name + ": RocksDB write batches per pushed " + noun,
        Kind.PER_MUTATION,
        w.writes() / (double) apiSide.mutations(),
        dw.writes() / (double) driverSide.mutations());
    row(
        name + ": fsyncs per pushed " + noun,
        Kind.PER_MUTATION,
        w.fsyncs() / (double) apiSide.mutations(),
        dw.fsyncs() / (double) driverSide.mutations());
    note(String.format(
        "push %s, store commands per pushed %s through the API (%,d in all over %,d mutations): %s",
        kind, noun, w.totalCommands(), apiSide.mutations(), w.top(14, apiSide.mutations())));
    note(String.format(
        "push %s, store commands per mutation through the driver: %s",
        kind, dw.top(6, driverSide.mutations())));
    note(String.format("push %s through the API, the store's scan detector: %s", kind, w.scans(6)));
  }

  private static double rate(Timed t) {
    return t.mutations() / (Arrays.stream(t.ms()).sum() / 1000);
  }

  private Future<Long> updateOne(String tenant, DemoTraffic.Edit edit, long seq) {
    Bson filter = Filters.and(
        Filters.eq(LeadFields.TENANT_ID, tenant),
        Filters.eq(LeadFields.ID, edit.id()),
        Filters.eq(LeadFields.VERSION, edit.baseVersion()));
    List<Bson> sets = new ArrayList<>();
    Document.parse(edit.changes().toString())
        .forEach((field, value) -> sets.add(Updates.set(field, value)));
    sets.add(Updates.set(LeadFields.VERSION, edit.baseVersion() + 1));
    sets.add(Updates.set(LeadFields.UPDATED_AT, new Date()));
    sets.add(Updates.set(ChangeStamper.FIELD, seq));
    return MongoFutures.one(plain.updateOne(filter, Updates.combine(sets)))
        .map(r -> r.getModifiedCount());
  }

  /** Runs {@code step(0)} to {@code step(count - 1)} one after the other; answers the sum of their answers. */
  private static Future<Long> chain(int count, IntFunction<Future<Long>> step) {
    Future<Long> chain = Future.succeededFuture(0L);
    for (int i = 0; i < count; i++) {
      int index = i;
      chain = chain.compose(n -> step.apply(index).map(c -> n + c));
    }
    return chain;
  }

  // ---- scenario 5: phones
  // -----------------------------------------------------------------------------------------

  /** Scenario 5: phones reconnecting at once, each pushing its queue then pulling (time-boxed). */
  @Test
  @Order(3)
  void phonesReconnectingThroughTheApiBesideTheDriver() throws Exception {
    runOnEachStore("phones", "phones reconnecting", this::phones);
  }

  /** One phone: its rep, device, the leads it edits (its rep's, routed from the booth) and its checkpoint. */
  private record Phone(Session rep, String device, List<String> queue, Set<String> arrived) {}

  private void phones() throws Exception {
    long t0 = System.nanoTime();
    List<Phone> phones = phoneReps();
    note(String.format(
        "phones set-up (%d reps, %,d booth captures routed to them and the demo reps, one first sync "
            + "each) took %,d ms; queued edits per phone: %d to %d",
        PHONES,
        PHONES * QUEUED,
        ms(t0),
        phones.stream().mapToInt(p -> p.queue().size()).min().orElse(0),
        phones.stream().mapToInt(p -> p.queue().size()).max().orElse(0)));
    String tenant = demo.tenantId();
    Map<String, Long> versions = versions(leads, tenant);
    List<String> checkpoints = new ArrayList<>();
    for (Phone p : phones) {
      checkpoints.add(pullAll(p.rep(), p.device(), null).checkpoint());
    }
    AtomicInteger done = new AtomicInteger();
    AtomicLong pulled = new AtomicLong();
    AtomicLong notApplied = new AtomicLong();
    long t = System.nanoTime();
    phonesThroughTheApi(phones, versions, checkpoints, done, pulled, notApplied);
    double apiMs = (System.nanoTime() - t) / 1e6;
    int phonesDone = done.get();
    // Not timed: a pull right after a push stops below writes still in flight (other phones'
    // batches), so some of a
    // phone's own edits come with its next pull. One more pull each: every edit must have arrived
    // by then.
    AtomicLong caughtUp = new AtomicLong();
    for (int i = 0; i < phonesDone; i++) {
      pullCounting(phones.get(i), checkpoints.get(i), caughtUp);
      assertEquals(
          Set.copyOf(phones.get(i).queue()),
          phones.get(i).arrived(),
          "an edit never reached its phone");
    }
    int mutations =
        phones.subList(0, phonesDone).stream().mapToInt(p -> p.queue().size()).sum();
    long from = counter(tenant);
    AtomicLong driverPulled = new AtomicLong();
    t = System.nanoTime();
    phonesThroughTheDriver(phones.subList(0, phonesDone), tenant, from, driverPulled);
    double driverMs = (System.nanoTime() - t) / 1e6;
    String scale = phonesDone < PHONES
        ? " (SCALED DOWN: " + phonesDone + " of " + PHONES + " phones in the "
            + PHONES_BUDGET.toSeconds() + " s budget)"
        : "";
    row(
        String.format(
            "5. %d phones x their routed leads' edits (up to %d each), push then pull, %d at a time: "
                + "total ms%s",
            PHONES, QUEUED, CONCURRENCY, scale),
        Kind.MS,
        apiMs,
        driverMs);
    row(
        "5. phones: mutations/s (higher is better)",
        Kind.RATE,
        mutations / (apiMs / 1000),
        mutations / (driverMs / 1000));
    note(String.format(
        "phones: %d done, %,d edits, %d results not 'applied'; pulls returned %,d changes through the "
            + "API right after the push and %,d with one more pull each, and %,d through the driver",
        phonesDone, mutations, notApplied.get(), pulled.get(), caughtUp.get(), driverPulled.get()));
  }

  /**
   * {@link #PHONES} new reps, each with a phone; the booth captures {@code PHONES x QUEUED} leads, which routing hands
   * out round robin over every rep; each phone's queue is the leads its rep got (at most {@link #QUEUED}).
   */
  private List<Phone> phoneReps() throws Exception {
    Session admin = demo.admin();
    String team = AuthFixtures.team(api, admin, "Phones");
    List<Session> reps = new ArrayList<>();
    for (int i = 0; i < PHONES; i++) {
      Session rep = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
      demo.registerPhone(rep);
      reps.add(rep);
    }
    List<String> ids = demo.seed(lean, demo.booth(), PHONES * QUEUED);
    settle("the booth's captures");
    copyToPlain(atTheEvent());
    Map<String, List<String>> owned = owners(ids);
    List<Phone> phones = new ArrayList<>();
    for (Session rep : reps) {
      List<String> mine = owned.getOrDefault(rep.userId(), List.of());
      phones.add(new Phone(
          rep,
          demo.device(rep),
          List.copyOf(mine.subList(0, Math.min(QUEUED, mine.size()))),
          ConcurrentHashMap.newKeySet()));
    }
    return phones;
  }

  /** {@link #CONCURRENCY} phones at a time, each a thread with its own connection: its push, then its pulls. */
  private void phonesThroughTheApi(
      List<Phone> phones,
      Map<String, Long> versions,
      List<String> checkpoints,
      AtomicInteger done,
      AtomicLong pulled,
      AtomicLong notApplied)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + PHONES_BUDGET.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    // qualified: Vert.x's Future is imported
    List<java.util.concurrent.Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < CONCURRENCY; w++) {
      workers.add(pool.submit(() -> {
        for (int i = next.getAndIncrement();
            i < phones.size() && System.nanoTime() < deadline;
            i = next.getAndIncrement()) {
          Phone p = phones.get(i);
          if (!p.queue().isEmpty()) {
            JsonNode answer = DemoTraffic.send(
                lean, p.rep(), demo.editPush(p.rep(), demo.edits(p.queue(), versions, 2)));
            DemoTraffic.outcomes(answer)
                .forEach((k, v) -> notApplied.addAndGet(k.equals("applied") ? 0 : v));
          }
          checkpoints.set(i, pullCounting(p, checkpoints.get(i), pulled));
          done.incrementAndGet();
        }
        return null;
      }));
    }
    try {
      // qualified: Vert.x's Future is imported
      for (java.util.concurrent.Future<Void> worker : workers) {
        worker.get(PHONES_BUDGET.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The same phones through the driver: each its version-checked updates, then its pull query, 8 at a time. */
  private void phonesThroughTheDriver(
      List<Phone> phones, String tenant, long from, AtomicLong pulled) {
    Map<String, Long> versions =
        versions(plain, tenant); // the driver's copies, untouched by the API's pushes
    AtomicInteger next = new AtomicInteger();
    await(
        () -> {
          List<Future<Void>> workers = new ArrayList<>();
          for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(driverPhoneWorker(next, phones.size(), i -> {
              Phone p = phones.get(i);
              List<DemoTraffic.Edit> edits = demo.edits(p.queue(), versions, 2);
              Future<Long> pushed = edits.isEmpty()
                  ? Future.succeededFuture(0L)
                  : sequencer.write(
                      tenant,
                      edits.size(),
                      a ->
                          chain(edits.size(), k -> updateOne(tenant, edits.get(k), a.first() + k)));
              return pushed
                  .compose(n -> MongoFutures.list(plain
                      .find(Filters.and(
                          Filters.eq(LeadFields.TENANT_ID, tenant),
                          Filters.gt(ChangeStamper.FIELD, from),
                          Filters.eq(LeadFields.OWNER_ID, p.rep().userId())))
                      .sort(Sorts.ascending(ChangeStamper.FIELD))
                      .limit(LIMIT)))
                  .map(docs -> {
                    pulled.addAndGet(docs.size());
                    return null;
                  });
            }));
          }
          return Future.all(workers).mapEmpty();
        },
        PHONES_BUDGET.toSeconds() + 60);
  }

  private Future<Void> driverPhoneWorker(
      AtomicInteger next, int count, IntFunction<Future<Void>> phone) {
    int i = next.getAndIncrement();
    if (i >= count) {
      return Future.succeededFuture();
    }
    return phone.apply(i).compose(v -> driverPhoneWorker(next, count, phone));
  }

  /** Pulls until {@code hasMore} is false, counting changes and noting the phone's own edited leads; the checkpoint. */
  private String pullCounting(Phone phone, String checkpoint, AtomicLong changes) {
    String cp = checkpoint;
    Set<String> mine = Set.copyOf(phone.queue());
    while (true) {
      JsonNode j = pull(phone.rep(), phone.device(), cp, LIMIT);
      changes.addAndGet(j.get("changes").size());
      j.get("changes").forEach(c -> {
        if (mine.contains(c.get("entityId").asText())) {
          phone.arrived().add(c.get("entityId").asText());
        }
      });
      cp = j.get("checkpoint").asText();
      if (!j.get("hasMore").asBoolean()) {
        return cp;
      }
    }
  }

  // ---- scenario 6: gzip
  // -------------------------------------------------------------------------------------------

  /**
   * Scenario 6 alone (quick): new captures pulled in pages of 200 and 500, with and without gzip. Rep1 captures one
   * lead first, so it is at the event and pulls every capture of it.
   */
  @Test
  @Order(4)
  void gzipOnLeadPages() throws Exception {
    runOnEachStore("gzip", "gzip on lead pages", () -> {
      Session rep = demo.reps().get(0);
      demo.seed(lean, rep, 1); // rep1 at the event: it sees every capture there from now on
      String before = pullAll(rep, "gzip", null).checkpoint();
      demo.seed(lean, null, Math.max(2 * BATCH, scaled(1000)));
      settle("the captures");
      gzip(rep, before, http1, "HTTP/1.1", "new captures");
      gzip(rep, before, http, "default client (asks for h2c, gets HTTP/1.1)", "new captures");
    });
  }

  private void gzip(Session rep, String checkpoint, HttpClient client, String label, String what)
      throws Exception {
    for (int limit : new int[] {200, LIMIT}) {
      Map<String, Object> body = Map.of(
          "protocolVersion", 1, "deviceId", "gzip", "checkpoint", checkpoint, "limit", limit);
      HttpResponse<byte[]> identity = sendBytes(client, rep, body, Map.of());
      HttpResponse<byte[]> zipped = sendBytes(client, rep, body, Map.of("Accept-Encoding", "gzip"));
      assertEquals("gzip", zipped.headers().firstValue("content-encoding").orElse("none"));
      byte[] z = zipped.body();
      if (z.length > 1 && (z[0] & 0xff) == 0x1f && (z[1] & 0xff) == 0x8b) {
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(z)).readAllBytes();
        assertEquals(
            readTree(new String(identity.body())).get("changes").size(),
            readTree(new String(unzipped)).get("changes").size());
      } else {
        note(String.format(
            "gzip page (%s, limit %d): content-encoding says gzip but the body does not start with the "
                + "gzip magic (first bytes %s, %,d bytes; identity %,d bytes)",
            label,
            limit,
            z.length > 1 ? String.format("%02x %02x", z[0], z[1]) : "none",
            z.length,
            identity.body().length));
      }
      int leadsInPage = readTree(new String(identity.body())).get("changes").size();
      row(
          String.format(
              "6. gzip lead page of %s, limit %d, %s: identity bytes (API col) vs gzip bytes (driver col); "
                  + "ratio = compression factor",
              what, limit, label),
          Kind.BYTES,
          identity.body().length,
          z.length);
      note(String.format(
          "gzip page of %s, limit %d, %s: %d leads, %,d bytes a lead",
          what, limit, label, leadsInPage, identity.body().length / Math.max(1, leadsInPage)));
    }
  }

  // ---- runs
  // -------------------------------------------------------------------------------------------------------

  /** A part of the benchmark, run once per store. */
  private interface Scenario {
    void run() throws Exception;
  }

  private void runOnEachStore(String part, String title, Scenario scenario) throws Exception {
    table = new BenchTable(stores.stream().map(s -> s.label).toList());
    for (Store s : stores) {
      long t0 = System.nanoTime();
      open(s);
      try {
        scenario.run();
      } finally {
        close();
      }
      note(String.format(
          "%s on the %s store took %,d s (set-up included)", title, s.label, ms(t0) / 1000));
    }
    report(part, title);
  }

  /** Starts a demo server on {@code s} (durable: a fresh data directory) and sets up the driver's copy beside it. */
  private void open(Store s) throws IOException {
    store = s;
    dataDir = s == Store.DURABLE ? Files.createTempDirectory("sync-bench-") : null;
    Map<ConfigKey, String> settings = new EnumMap<>(ConfigKey.class);
    settings.put(ConfigKey.FIELDLEAD_DEMO, "true");
    settings.put(ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY, String.valueOf(dataDir == null));
    if (dataDir != null) {
      settings.put(ConfigKey.FIELDLEAD_DATA_DIR, dataDir.toString());
    }
    settings.put(
        ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS,
        "86400"); // a run outlasts the default 15 minutes
    server = TestServer.start(settings, Clock.systemUTC());
    assertTrue(
        server.server().embeddedStore() != null, "the sync benchmark needs the embedded store");
    api = server.api();
    lean = new KeepAliveHttp(api.base());
    leads = server.server().store().collection(LeadFields.LEADS);
    plain = server.server().store().collection("bench_driver_leads");
    // the same indexes as the server's leads: a driver-only service would keep them too (lists,
    // duplicates, pulls)
    for (Document index : await(() -> MongoFutures.list(leads.listIndexes()))) {
      if (!index.getString("name").equals("_id_")) {
        IndexOptions options = new IndexOptions()
            .name(index.getString("name"))
            .unique(index.getBoolean("unique", false))
            .sparse(index.getBoolean("sparse", false));
        await(() -> MongoFutures.one(plain.createIndex(index.get("key", Document.class), options)));
      }
    }
    sequencer = new ChangeSequencer(
        server.server().store(), Clock.systemUTC()); // same collections as the server's
    demo = DemoTraffic.start(api, SEED);
  }

  private void close() throws IOException {
    lean.close();
    server.close();
    server = null;
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private void report(String part, String title) throws IOException {
    String md = table.markdown(title);
    parts.add(md);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "sync-bench-" + part + ".md"), header() + md);
    Files.writeString(Path.of("target", "sync-bench.md"), header() + String.join("", parts));
    System.out.print(header() + md);
  }

  private String header() {
    return String.format(
        "## Sync benchmark, %s%n%nEmbedded store (durable: RocksDB in a fresh data directory, answers "
            + "wait for the fsync; in-memory), demo tenant at the demo-expo trade show, %d cores, Java %s, scale %s%n%n",
        LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        SCALE);
  }

  // ---- set-up helpers
  // ---------------------------------------------------------------------------------------------

  /**
   * Captures {@code count} leads at the event through the API, waits for their background work, and copies the leads
   * matching {@code forDriver} to the driver's collection; answers the ids of the new leads.
   */
  private List<String> seedAndCopy(int count, Bson forDriver) throws Exception {
    StoreCounters before = StoreCounters.read(server);
    long t0 = System.nanoTime();
    List<String> ids = demo.seed(lean, null, count);
    long pushed = ms(t0);
    Duration settled = settle("the seed's captures");
    StoreCounters work = StoreCounters.read(server).minus(before);
    int copied = copyToPlain(forDriver);
    List<BenchLeads.Capture> sample = ids.stream().limit(500).map(demo::capture).toList();
    note(String.format(
        "seeded %,d captures at the event through the API in %,d ms (%.0f a second; background work "
            + "ran out %,d ms later; %.2f store commands a capture), mean capture JSON %,.0f bytes; %,d leads copied for "
            + "the driver; the store's scan detector over the seed: %s",
        ids.size(),
        pushed,
        ids.size() / (pushed / 1000.0),
        settled.toMillis(),
        work.totalCommands() / (double) ids.size(),
        BenchLeads.meanBytes(sample),
        copied,
        work.scans(6)));
    note("seed batches in order (booth first, then a rep, in turn), ms: " + demo.seedBatchMs());
    return ids;
  }

  /** Waits for the server's background work to run out (routing, alerts, the outbox); answers how long it took. */
  private Duration settle(String after) throws InterruptedException {
    Duration took = StoreCounters.settle(server, SETTLE_MAX);
    if (took.compareTo(SETTLE_MAX) >= 0) {
      note("background work after " + after + " still running after " + SETTLE_MAX.toSeconds()
          + " s");
    }
    return took;
  }

  /** The demo tenant's leads a rep sees: their own captures and leads, and every capture of the shared event. */
  private Bson visibleTo(Session rep) {
    return Filters.and(
        Filters.eq(LeadFields.TENANT_ID, demo.tenantId()),
        Filters.or(
            Filters.eq(LeadFields.CAPTURED_BY, rep.userId()),
            Filters.eq(LeadFields.OWNER_ID, rep.userId()),
            Filters.eq(LeadFields.EVENT_ID, BenchLeads.EVENT)));
  }

  private Bson atTheEvent() {
    return Filters.and(
        Filters.eq(LeadFields.TENANT_ID, demo.tenantId()),
        Filters.eq(LeadFields.EVENT_ID, BenchLeads.EVENT));
  }

  /**
   * Copies the server's leads matching {@code filter} to the driver's collection as {@link DemoTraffic#driverCopy}
   * (once a run, before the driver writes); answers how many.
   */
  private int copyToPlain(Bson filter) {
    long after = -1;
    int n = 0;
    while (true) {
      long from = after;
      List<Document> page = await(() -> MongoFutures.list(leads
          .find(Filters.and(filter, Filters.gt(ChangeStamper.FIELD, from)))
          .sort(Sorts.ascending(ChangeStamper.FIELD))
          .limit(1000)));
      if (page.isEmpty()) {
        return n;
      }
      List<Document> copies = page.stream().map(DemoTraffic::driverCopy).toList();
      await(() -> MongoFutures.done(plain.insertMany(copies)));
      n += copies.size();
      after = ((Number) page.get(page.size() - 1).get(ChangeStamper.FIELD)).longValue();
    }
  }

  /** The driver's copies of the server's leads {@code ids}, by id. */
  private Map<String, Document> driverCopies(List<String> ids) {
    Map<String, Document> out = new HashMap<>();
    for (int start = 0; start < ids.size(); start += 1000) {
      List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 1000));
      await(() -> MongoFutures.list(leads.find(Filters.and(
              Filters.eq(LeadFields.TENANT_ID, demo.tenantId()),
              Filters.in(LeadFields.ID, chunk)))))
          .forEach(d -> out.put(d.getString(LeadFields.ID), DemoTraffic.driverCopy(d)));
    }
    assertEquals(ids.size(), out.size(), "captures the server did not store");
    return out;
  }

  /** The owners of the leads {@code ids} (after routing): owner id to the leads, in the order of {@code ids}. */
  private Map<String, List<String>> owners(List<String> ids) {
    Map<String, String> ownerOf = new HashMap<>();
    for (int start = 0; start < ids.size(); start += 1000) {
      List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 1000));
      await(() -> MongoFutures.list(leads
              .find(Filters.and(
                  Filters.eq(LeadFields.TENANT_ID, demo.tenantId()),
                  Filters.in(LeadFields.ID, chunk)))
              .projection(Projections.include(LeadFields.ID, LeadFields.OWNER_ID))))
          .forEach(d -> ownerOf.put(d.getString(LeadFields.ID), d.getString(LeadFields.OWNER_ID)));
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String id : ids) {
      String owner = ownerOf.get(id);
      if (owner != null) {
        out.computeIfAbsent(owner, k -> new ArrayList<>()).add(id);
      }
    }
    return out;
  }

  // ---- pulls
  // ------------------------------------------------------------------------------------------------------

  record Walk(String checkpoint, int changes, int pages) {}

  /** A pull through the benchmark's client ({@link KeepAliveHttp}): the API's own time, nearly no client's. */
  private JsonNode pull(Session s, String device, String checkpoint, Integer limit) {
    KeepAliveHttp.Response r = lean.post(
        "/v1/sync/pull",
        writeBytes(pullBody(device, checkpoint, limit)),
        s.accessToken(),
        Map.of());
    assertEquals(200, r.status(), r::text);
    return readTree(r.text());
  }

  /** An empty pull through the JDK's HttpClient (reported beside the lean client's: the client's own cost shows). */
  private JsonNode jdkPull(Session s, String device, String checkpoint) {
    Api.Response r =
        api.post("/v1/sync/pull", pullBody(device, checkpoint, LIMIT), s.accessToken());
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
  private int driverWalk(String tenant, long from) {
    int n = 0;
    long x = from;
    while (true) {
      List<Document> docs = driverPage(tenant, x, null);
      n += docs.size();
      if (docs.size() < LIMIT) {
        return n;
      }
      x = ((Number) docs.get(docs.size() - 1).get(ChangeStamper.FIELD)).longValue();
    }
  }

  private List<Document> driverPage(String tenant, long from, Bson scope) {
    Bson window = Filters.and(
        Filters.eq(LeadFields.TENANT_ID, tenant), Filters.gt(ChangeStamper.FIELD, from));
    return await(() -> MongoFutures.list(plain
        .find(scope == null ? window : Filters.and(window, scope))
        .sort(Sorts.ascending(ChangeStamper.FIELD))
        .limit(LIMIT)));
  }

  private long counter(String tenant) {
    return await(() -> sequencer.watermark(tenant)).counter();
  }

  /**
   * Changes leads as a server write would (new city, version + 1, new syncSeq, the sync state rendered again), with
   * one bulk write per 1000; the driver's copies get the same city, version and change number.
   */
  private void change(String tenant, List<String> ids, String city) {
    for (int start = 0; start < ids.size(); start += 1000) {
      List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 1000));
      Map<String, Document> current = new HashMap<>();
      await(() -> MongoFutures.list(leads.find(Filters.and(
              Filters.eq(LeadFields.TENANT_ID, tenant), Filters.in(LeadFields.ID, chunk)))))
          .forEach(d -> current.put(d.getString(LeadFields.ID), d));
      await(() -> sequencer.write(tenant, chunk.size(), a -> {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
          Document next = new Document(current.get(chunk.get(i)));
          next.put(LeadFields.CITY, city);
          next.put(LeadFields.VERSION, ((Number) next.get(LeadFields.VERSION)).longValue() + 1);
          StoredLeadJson.stamped(next, a.first() + i);
          writes.add(new UpdateOneModel<>(
              Filters.and(
                  Filters.eq(LeadFields.TENANT_ID, tenant),
                  Filters.eq(LeadFields.ID, chunk.get(i))),
              Updates.combine(
                  Updates.set(LeadFields.CITY, city),
                  Updates.set(LeadFields.VERSION, next.get(LeadFields.VERSION)),
                  Updates.set(ChangeStamper.FIELD, a.first() + i),
                  Updates.set(LeadFields.SYNC_STATE, next.get(LeadFields.SYNC_STATE)),
                  Updates.set(LeadFields.SYNC_STATE_SEQ, next.get(LeadFields.SYNC_STATE_SEQ)))));
        }
        List<WriteModel<Document>> driverWrites = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
          driverWrites.add(new UpdateOneModel<>(
              Filters.and(
                  Filters.eq(LeadFields.TENANT_ID, tenant),
                  Filters.eq(LeadFields.ID, chunk.get(i))),
              Updates.combine(
                  Updates.set(LeadFields.CITY, city),
                  Updates.inc(LeadFields.VERSION, 1L),
                  Updates.set(ChangeStamper.FIELD, a.first() + i))));
        }
        return Future.all(
                MongoFutures.one(leads.bulkWrite(writes)),
                MongoFutures.one(plain.bulkWrite(driverWrites)))
            .mapEmpty();
      }));
    }
  }

  private Map<String, Long> versions(MongoCollection<Document> collection, String tenant) {
    List<Document> docs = await(() -> MongoFutures.list(collection
        .find(Filters.eq(LeadFields.TENANT_ID, tenant))
        .projection(Projections.include(LeadFields.ID, LeadFields.VERSION))));
    Map<String, Long> out = new HashMap<>();
    docs.forEach(
        d -> out.put(d.getString(LeadFields.ID), ((Number) d.get(LeadFields.VERSION)).longValue()));
    return out;
  }

  private HttpResponse<byte[]> sendBytes(
      HttpClient client, Session s, Object body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/v1/sync/pull"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + s.accessToken())
        .POST(HttpRequest.BodyPublishers.ofString(write(body)));
    headers.forEach(b::header);
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    return r;
  }

  // ---- small helpers
  // ----------------------------------------------------------------------------------------------

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
    return Await.onContext(server.server().vertx(), work, Duration.ofSeconds(seconds));
  }

  private void row(String name, Kind kind, double api, double driver) {
    table.put(store.label, name, kind, api, driver);
  }

  private void note(String note) {
    table.note(store.label, note);
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static double pct(double[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
  }

  private static List<Long> millis(long[] nanos) {
    return Arrays.stream(nanos).map(x -> x / 1_000_000).boxed().toList();
  }

  private static List<String> rounded(double[] ms) {
    return Arrays.stream(ms).mapToObj(x -> String.format("%.0f", x)).toList();
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
