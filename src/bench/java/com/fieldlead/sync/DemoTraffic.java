package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.bench.BenchLeads;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.KeepAliveHttp;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The demo tenant at its trade show, as the sync benchmark drives it: its reps and booth account logged in, each with
 * a registered phone (with a push token, so hot-lead and assignment alerts go out), capturing leads at the shared
 * event {@code demo-expo} ({@link BenchLeads}: about 1.5 KB of JSON each, captured a few minutes before the push). A
 * booth capture has no owner and is routed; a rep's is the rep's. Everything the demo server runs (scoring, routing,
 * SLA clocks, alerts, the outbox) runs on these captures.
 */
final class DemoTraffic {

  static final String PASSWORD = "demo-password";
  static final int BATCH = 500;

  private final Api api;
  private final Session admin;
  private final Session booth;
  private final List<Session> reps;
  private final Map<String, String> devices = new ConcurrentHashMap<>();
  private final Map<String, BenchLeads.Capture> captures = new ConcurrentHashMap<>();
  private final AtomicLong mutationIds = new AtomicLong();
  private final BenchLeads generator;
  /** The time of each batch of the last {@link #seed}, in order (ms). */
  private final List<Long> seedBatchMs = new ArrayList<>();

  private DemoTraffic(Api api, Session admin, Session booth, List<Session> reps, long seed) {
    this.api = api;
    this.admin = admin;
    this.booth = booth;
    this.reps = reps;
    this.generator = new BenchLeads(seed, Instant.now());
  }

  /** Logs in the demo people, registers their phones and creates the event's qualifier questions. */
  static DemoTraffic start(Api api, long seed) {
    Session admin = AuthFixtures.login(api, "admin@demo.test", PASSWORD);
    List<Session> reps = new ArrayList<>();
    for (String rep : List.of("rep1", "rep2", "rep3")) {
      reps.add(AuthFixtures.login(api, rep + "@demo.test", PASSWORD));
    }
    DemoTraffic demo = new DemoTraffic(
        api, admin, AuthFixtures.login(api, "booth@demo.test", PASSWORD), List.copyOf(reps), seed);
    demo.registerPhone(demo.booth);
    reps.forEach(demo::registerPhone);
    demo.registerPhone(AuthFixtures.login(
        api, "manager@demo.test", PASSWORD)); // hot-lead alerts reach managers too
    for (ObjectNode question : BenchLeads.qualifierQuestions()) {
      Api.Response r = api.post("/v1/qualifier-questions", question, admin.accessToken());
      assertTrue(r.status() == 201 || r.status() == 409, r::toString);
    }
    return demo;
  }

  /** Registers a phone (with a push token) for {@code user}; pushes name it as their device. */
  String registerPhone(Session user) {
    Api.Response r = api.post(
        "/v1/devices",
        Map.of(
            "platform",
            "android",
            "appVersion",
            "bench-1",
            "syncProtocolVersion",
            1,
            "fcmToken",
            "bench-token-" + UUID.randomUUID()),
        user.accessToken());
    assertEquals(201, r.status(), r::toString);
    String id = r.json().get("id").asText();
    devices.put(user.userId(), id);
    return id;
  }

  Session admin() {
    return admin;
  }

  Session booth() {
    return booth;
  }

  List<Session> reps() {
    return reps;
  }

  String tenantId() {
    return admin.tenantId();
  }

  String device(Session user) {
    return devices.get(user.userId());
  }

  /** Who pushes capture batch {@code b} (any integer): the booth every other batch, the reps in turn between. */
  Session capturer(int b) {
    int i = Math.floorMod(b, 2 * reps.size());
    return i % 2 == 0 ? booth : reps.get(i / 2);
  }

  /** The next {@code count} captures (remembered, so they can be edited later). */
  List<BenchLeads.Capture> next(int count) {
    List<BenchLeads.Capture> out = generator.next(count);
    out.forEach(c -> captures.put(c.id(), c));
    return out;
  }

  BenchLeads.Capture capture(String id) {
    return captures.get(id);
  }

  /** A push of {@code batch} as creates from {@code user}'s phone. */
  byte[] createPush(Session user, List<BenchLeads.Capture> batch) {
    ArrayNode mutations = BenchLeads.JSON.createArrayNode();
    for (BenchLeads.Capture c : batch) {
      mutations
          .addObject()
          .put("clientMutationId", mutationId(user))
          .put("entityType", "lead")
          .put("entityId", c.id())
          .put("op", "create")
          .set("changes", c.doc());
    }
    return push(user, mutations);
  }

  /** An edit of a lead as a rep makes it: the lead, the version the phone has, the changed fields. */
  record Edit(String id, long baseVersion, ObjectNode changes) {}

  /** The rep's edits of the captures {@code ids} (round {@code round}), on base versions {@code versions}. */
  List<Edit> edits(List<String> ids, Map<String, Long> versions, int round) {
    List<Edit> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      out.add(new Edit(id, versions.get(id), BenchLeads.edit(captures.get(id), round, i)));
    }
    return out;
  }

  /** A push of {@code edits} as updates from {@code user}'s phone. */
  byte[] editPush(Session user, List<Edit> edits) {
    ArrayNode mutations = BenchLeads.JSON.createArrayNode();
    for (Edit e : edits) {
      mutations
          .addObject()
          .put("clientMutationId", mutationId(user))
          .put("entityType", "lead")
          .put("entityId", e.id())
          .put("op", "update")
          .put("baseVersion", e.baseVersion())
          .set("changes", e.changes());
    }
    return push(user, mutations);
  }

  /**
   * Captures {@code count} leads through the API (untimed), in batches of {@value #BATCH} by {@link #capturer} or,
   * when {@code who} is given, all by {@code who}; answers the ids of those applied as new leads (a capture the
   * server took for a duplicate of an earlier one is merged into it). Fails unless every push answers 200 with
   * every capture applied or merged.
   */
  List<String> seed(KeepAliveHttp http, Session who, int count) {
    List<String> ids = new ArrayList<>();
    seedBatchMs.clear();
    for (int b = 0; b * BATCH < count; b++) {
      Session by = who != null ? who : capturer(b);
      List<BenchLeads.Capture> batch = next(Math.min(BATCH, count - b * BATCH));
      long t0 = System.nanoTime();
      JsonNode answer = send(http, by, createPush(by, batch));
      seedBatchMs.add((System.nanoTime() - t0) / 1_000_000);
      for (JsonNode r : answer.get("results")) {
        String outcome = r.get("result").asText();
        assertTrue(outcome.equals("applied") || outcome.equals("merged"), r::toString);
        if (outcome.equals("applied")) {
          ids.add(r.get("entityId").asText());
        }
      }
    }
    return ids;
  }

  /** The time of each push of the last {@link #seed}, in order (ms; booth and reps alternate unless one pushed all). */
  List<Long> seedBatchMs() {
    return List.copyOf(seedBatchMs);
  }

  /** Sends a push; fails unless it answers 200. */
  static JsonNode send(KeepAliveHttp http, Session user, byte[] push) {
    KeepAliveHttp.Response r = http.post("/v1/sync/push", push, user.accessToken(), Map.of());
    assertEquals(200, r.status(), r::text);
    try {
      return BenchLeads.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.text(), e);
    }
  }

  /** How many results of a push answer came out as each outcome ({@code applied}, {@code merged}, ...). */
  static Map<String, Integer> outcomes(JsonNode answer) {
    Map<String, Integer> out = new TreeMap<>();
    answer.get("results").forEach(x -> out.merge(x.get("result").asText(), 1, Integer::sum));
    return out;
  }

  /**
   * The lead as a driver-only service would store it: the server's document without the server's own bookkeeping
   * (its sync copy, pending events, create hash, and what the sync view leaves out: per-field metadata, score
   * details and explanation, stage history, raw phone and internal times), so about the lead a phone sent plus its
   * owner, score and search keys; tenant id, id, version and change number kept.
   */
  static Document driverCopy(Document stored) {
    Document d = new Document(stored);
    for (String f : List.of(
        LeadFields.MONGO_ID,
        LeadFields.PENDING_EVENTS,
        LeadFields.CREATE_HASH,
        LeadFields.LAST_WRITE,
        LeadFields.SYNC_STATE,
        LeadFields.SYNC_STATE_SEQ,
        LeadFields.LEGACY_SYNC_STATE,
        LeadFields.LEGACY_SYNC_STATE_SEQ)) {
      d.remove(f);
    }
    Set<String> omitted = Set.of(LeadFields.SYNC_VIEW_OMITS);
    omitted.stream().filter(f -> !f.equals(LeadFields.TENANT_ID)).forEach(d::remove);
    assertTrue(d.containsKey(ChangeStamper.FIELD), "a stored lead without its change number");
    return d;
  }

  private String mutationId(Session user) {
    return device(user) + ":" + mutationIds.incrementAndGet();
  }

  private byte[] push(Session user, ArrayNode mutations) {
    ObjectNode body =
        BenchLeads.JSON.createObjectNode().put("protocolVersion", 1).put("deviceId", device(user));
    body.set("mutations", mutations);
    try {
      return BenchLeads.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
