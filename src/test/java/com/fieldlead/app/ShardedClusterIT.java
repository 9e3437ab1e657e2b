package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.app.ShardPlan.Entry;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * fieldlead on a real sharded cluster (MongoDB 8.0: a config server, a mongos and two shards in one container),
 * sharded by {@link ShardPlan} before the first start, with one tenant pinned to an "EU" zone on the second shard:
 * the server starts (so every unique index it declares is accepted on the sharded collections), serves a rep's
 * day through the API (push of captures, pull, list, edit), and the main tenant-scoped queries are routed to the
 * tenant's shard alone while the outbox claim is a scatter. Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ShardedClusterIT {

  static final String DB = "fieldlead_sharded";
  static final String HOME_SHARD = "shardsvr-rs"; // the shard Testcontainers' withSharding() adds
  static final String EU_SHARD = "shard2-rs";
  static final String EU = "EU";

  static MongoDBContainer mongo;
  static MongoClient client;
  static MongoDatabase admin;
  static TestServer server;

  @BeforeAll
  static void cluster() throws Exception {
    mongo = new MongoDBContainer("mongo:8.0").withSharding();
    mongo.start();
    addSecondShard();
    client = MongoClients.create(mongo.getConnectionString());
    admin = client.getDatabase("admin");
    // placement by hand, so the test does not wait for (or race with) the balancer
    admin.runCommand(new Document("balancerStop", 1));
    admin.runCommand(new Document("enableSharding", DB));
    admin.runCommand(new Document("addShardToZone", EU_SHARD).append("zone", EU));
    for (Entry e : ShardPlan.entries()) {
      if (e.sharded()) {
        admin.runCommand(ShardPlan.shardCollectionCommand(DB, e));
      }
    }
    server = TestServer.start(
        Map.of(
            ConfigKey.MONGODB_URI,
            mongo.getConnectionString(),
            ConfigKey.FIELDLEAD_MONGODB_DATABASE,
            DB),
        Clock.systemUTC());
  }

  /** A second shard (its own replica set on port 27020) in the same container, added through the mongos. */
  static void addSecondShard() throws Exception {
    exec("mkdir -p /tmp/mongod/shard2 && mongod --bind_ip_all --shardsvr --port 27020"
        + " --replSet " + EU_SHARD
        + " --dbpath /tmp/mongod/shard2 --logpath /tmp/shard2.log --fork");
    exec("mongosh --quiet --port 27020 --eval 'rs.initiate()'");
    exec("mongosh --quiet --port 27020 --eval"
        + " 'while (!db.hello().isWritablePrimary) { sleep(200) }'");
    exec("mongosh --quiet --port 27017 --eval" + " \"sh.addShard('" + EU_SHARD
        + "/'+ '$(hostname):27020')\"");
  }

  static void exec(String command) throws Exception {
    ExecResult r = mongo.execInContainer("bash", "-c", command);
    assertEquals(0, r.getExitCode(), () -> command + "\n" + r.getStdout() + r.getStderr());
  }

  /** Pins {@code tenantId}'s range of every zoneable collection to the EU zone and moves it to the EU shard. */
  static void pinToEu(String tenantId) {
    for (Entry e : ShardPlan.entries()) {
      if (!e.zoneable()) {
        continue;
      }
      String ns = DB + "." + e.collection();
      List<Document> range = ShardPlan.tenantRange(e, tenantId);
      admin.runCommand(ShardPlan.zoneRangeCommand(DB, e, tenantId, EU));
      admin.runCommand(new Document("split", ns).append("middle", range.get(0)));
      admin.runCommand(new Document("split", ns).append("middle", range.get(1)));
      admin.runCommand(new Document("moveChunk", ns)
          .append("bounds", List.of(range.get(0), range.get(1)))
          .append("to", EU_SHARD));
    }
  }

  @AfterAll
  static void close() {
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.close();
    }
    if (mongo != null) {
      mongo.stop();
    }
  }

  /** The shards the mongos would send {@code find} to. */
  static List<String> shardsOf(String collection, Document filter) {
    Document explain = client
        .getDatabase(DB)
        .runCommand(
            new Document("explain", new Document("find", collection).append("filter", filter))
                .append("verbosity", "queryPlanner"));
    Document plan = explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
    List<String> shards = new ArrayList<>();
    for (Document shard : plan.getList("shards", Document.class)) {
      shards.add(shard.getString("shardName"));
    }
    return shards;
  }

  @Test
  void aRepsDayRunsOnTheShardedClusterAndItsTenantQueriesTargetTheTenantsShardAlone() {
    Api api = server.api();
    Session euAdmin = AuthFixtures.tenantWithAdmin(server, "Europa GmbH");
    String eu = euAdmin.tenantId();
    pinToEu(eu);
    Session homeAdmin = AuthFixtures.tenantWithAdmin(server, "Home Inc");

    String team = AuthFixtures.team(api, euAdmin, "Field");
    Session rep = AuthFixtures.user(api, euAdmin, "rep", List.of(team), List.of());
    String device = "phone-" + UUID.randomUUID();

    // a phone pushes a booth's captures, twice (the second answer lost): each applied once
    List<Map<String, Object>> captures = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      captures.add(mutation(
          "c-" + i,
          id,
          "create",
          null,
          Map.of("lastName", "Visitor " + i, "company", "Booth " + i)));
    }
    Api.Response pushed = push(api, rep, device, captures);
    assertEquals(200, pushed.status(), pushed::toString);
    for (JsonNode r : pushed.json().get("results")) {
      assertEquals("applied", r.get("result").asText(), pushed::toString);
    }
    Api.Response replayed = push(api, rep, device, captures);
    assertEquals(200, replayed.status(), replayed::toString);
    for (JsonNode r : replayed.json().get("results")) {
      assertEquals("duplicate", r.get("result").asText(), replayed::toString);
    }
    assertEquals(
        20L,
        client.getDatabase(DB).getCollection("leads").countDocuments(Filters.eq("tenantId", eu)));

    // a second phone of the rep pulls them all
    Set<String> pulled = new TreeSet<>();
    String checkpoint = null;
    for (int page = 0; page < 100; page++) {
      Map<String, Object> body = new HashMap<>();
      body.put("protocolVersion", 1);
      body.put("deviceId", "tablet-" + device);
      body.put("appVersion", "2.4.0");
      if (checkpoint != null) {
        body.put("checkpoint", checkpoint);
      }
      Api.Response pull = api.post("/v1/sync/pull", body, rep.accessToken());
      assertEquals(200, pull.status(), pull::toString);
      pull.json().path("changes").forEach(c -> pulled.add(c.get("entityId").asText()));
      checkpoint = pull.json().get("checkpoint").asText();
      if (!pull.json().get("hasMore").asBoolean()) {
        break;
      }
    }
    assertTrue(pulled.containsAll(ids), () -> "pulled " + pulled);

    // the list and an edit with the version from the read
    Api.Response list = api.get("/v1/leads?limit=50&total=true", euAdmin.accessToken());
    assertEquals(200, list.status(), list::toString);
    assertTrue(list.text().contains(ids.get(0)), list::toString);
    Api.Response read = api.get("/v1/leads/" + ids.get(0), rep.accessToken());
    assertEquals(200, read.status(), read::toString);
    Api.Response edit = api.patch(
        "/v1/leads/" + ids.get(0),
        Map.of("company", "Difference Engines"),
        rep.accessToken(),
        Map.of("If-Match", read.header("ETag")));
    assertEquals(200, edit.status(), edit::toString);

    // the other tenant captures too, on the home shard
    Session homeRep = AuthFixtures.user(api, homeAdmin, "rep");
    Api.Response homePush = push(
        api,
        homeRep,
        "phone-home",
        List.of(mutation(
            "h-1",
            UUID.randomUUID().toString(),
            "create",
            null,
            Map.of("lastName", "Local", "company", "Home"))));
    assertEquals(200, homePush.status(), homePush::toString);

    // the tenant's queries go to its shard alone
    String lead = ids.get(0);
    String mutationKey = String.join("\u001f", eu, rep.userId(), device, "c-0");
    assertEquals(
        1L,
        client
            .getDatabase(DB)
            .getCollection("sync_mutations")
            .countDocuments(Filters.eq("_id", mutationKey)),
        "a push's record is keyed (tenant, user, device, client id)");
    List<String> euOnly = List.of(EU_SHARD);
    assertEquals(euOnly, shardsOf("leads", new Document("tenantId", eu).append("id", lead)));
    assertEquals(euOnly, shardsOf("leads", new Document("tenantId", eu)));
    assertEquals(
        euOnly,
        shardsOf("leads", new Document("tenantId", eu).append("syncSeq", new Document("$gt", 0L))));
    assertEquals(
        euOnly, shardsOf("lead_history", new Document("tenantId", eu).append("leadId", lead)));
    assertEquals(euOnly, shardsOf("sync_counters", new Document("_id", eu)));
    assertEquals(
        euOnly,
        shardsOf(
            "sync_mutations",
            // the lookup a replayed push makes
            new Document("_id", mutationKey)));
    assertEquals(
        euOnly,
        shardsOf(
            "lead_scope_exits",
            new Document("tenantId", eu).append("syncSeq", new Document("$gt", 0L))));
    assertEquals(
        euOnly, shardsOf("domain_events", new Document("tenantId", eu).append("leadId", lead)));
    assertEquals(
        euOnly,
        shardsOf("notifications", new Document("tenantId", eu).append("userId", rep.userId())));
    assertEquals(euOnly, shardsOf("activities", new Document("tenantId", eu)));
    assertEquals(euOnly, shardsOf("tasks", new Document("tenantId", eu)));

    // ... and the home tenant's never reach the EU shard
    assertEquals(
        List.of(HOME_SHARD), shardsOf("leads", new Document("tenantId", homeAdmin.tenantId())));

    // the outbox claim names no tenant: it is sent to every shard holding the collection
    List<String> claim = shardsOf(
        "domain_events",
        new Document("status", "pending")
            .append("nextAttemptAt", new Document("$lte", new Date())));
    assertEquals(Set.of(EU_SHARD, HOME_SHARD), Set.copyOf(claim));
  }

  @Test
  void everyCollectionTheServerCreatedIsPlacedAsThePlanSays() {
    Set<String> unplanned = new TreeSet<>();
    List<String> misplaced = new ArrayList<>();
    MongoDatabase config = client.getDatabase("config");
    for (String name : client.getDatabase(DB).listCollectionNames()) {
      if (name.startsWith("system.")) {
        continue;
      }
      Entry entry = ShardPlan.of(name).orElse(null);
      if (entry == null) {
        unplanned.add(name);
        continue;
      }
      Document meta = config
          .getCollection("collections")
          .find(Filters.eq("_id", DB + "." + name))
          .first();
      Document key = meta == null || Boolean.TRUE.equals(meta.getBoolean("unsplittable"))
          ? null
          : meta.get("key", Document.class);
      boolean sharded = key != null;
      if (sharded != entry.sharded()
          || (sharded && !List.copyOf(key.keySet()).equals(entry.keyFields()))) {
        misplaced.add(name + " key " + key + " vs plan " + entry.key());
      }
    }
    assertTrue(unplanned.isEmpty(), () -> "collections not in ShardPlan: " + unplanned);
    assertTrue(misplaced.isEmpty(), () -> "placed otherwise than planned: " + misplaced);
  }

  static Api.Response push(Api api, Session s, String device, List<Map<String, Object>> mutations) {
    return api.post(
        "/v1/sync/push",
        Map.of("protocolVersion", 1, "deviceId", device, "mutations", mutations),
        s.accessToken());
  }

  static Map<String, Object> mutation(
      String cmid, String id, String op, Long base, Map<String, Object> changes) {
    Map<String, Object> m = new HashMap<>();
    m.put("clientMutationId", cmid);
    m.put("entityType", "lead");
    m.put("entityId", id);
    m.put("op", op);
    if (base != null) {
      m.put("baseVersion", base);
    }
    m.put("changes", changes);
    return m;
  }
}
