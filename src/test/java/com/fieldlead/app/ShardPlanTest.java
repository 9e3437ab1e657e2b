package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.app.ShardPlan.Entry;
import com.fieldlead.app.ShardPlan.Tenancy;
import com.fieldlead.store.IndexDef;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonMinKey;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shard plan against what the server really declares and writes (the demo tenant seeded on the embedded store):
 * nothing unplanned, no unique index a sharded cluster could not enforce, no shard key without an index, and the
 * guide's commands (deploy/SHARDING.md) are the ones the plan generates.
 */
class ShardPlanTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  private static List<IndexDef> declared() {
    return SERVER.get().server().declaredIndexes();
  }

  private static List<String> fields(IndexDef def) {
    return List.copyOf(def.keys().toBsonDocument().keySet());
  }

  private static boolean startsWith(List<String> fields, List<String> prefix) {
    return fields.size() >= prefix.size() && fields.subList(0, prefix.size()).equals(prefix);
  }

  @Test
  void everyCollectionWithADeclaredIndexIsPlanned() {
    Set<String> missing = new TreeSet<>();
    for (IndexDef def : declared()) {
      if (ShardPlan.of(def.collection()).isEmpty()) {
        missing.add(def.collection());
      }
    }
    assertTrue(missing.isEmpty(), () -> "collections with indexes but no placement: " + missing);
  }

  @Test
  void everyCollectionTheSeededServerWroteIsPlanned() {
    Set<String> missing = new TreeSet<>();
    String database = SERVER.get().server().store().database().getName();
    try (MongoClient client = MongoClients.create(SERVER.get().server().storeConnectionString())) {
      for (String name : client.getDatabase(database).listCollectionNames()) {
        if (ShardPlan.of(name).isEmpty()) {
          missing.add(name);
        }
      }
    }
    assertTrue(missing.isEmpty(), () -> "collections in the store but not in the plan: " + missing);
  }

  @Test
  void everyUniqueIndexOfAShardedCollectionStartsWithItsShardKey() {
    List<String> conflicts = new ArrayList<>();
    for (IndexDef def : declared()) {
      Entry entry = ShardPlan.of(def.collection()).orElseThrow();
      if (entry.sharded()
          && Boolean.TRUE.equals(def.options().isUnique())
          && !startsWith(fields(def), entry.keyFields())) {
        conflicts.add(def.collection() + "." + def.options().getName() + " " + fields(def)
            + " vs key " + entry.keyFields());
      }
    }
    assertTrue(
        conflicts.isEmpty(), () -> "unique indexes a sharded cluster cannot enforce: " + conflicts);
  }

  @Test
  void everyShardKeyIsSupportedByADeclaredIndex() {
    List<String> unsupported = new ArrayList<>();
    for (Entry entry : ShardPlan.entries()) {
      if (!entry.sharded() || entry.keyFields().equals(List.of("_id"))) {
        continue; // the _id index always exists
      }
      boolean supported = declared().stream()
          .filter(d -> d.collection().equals(entry.collection()))
          .anyMatch(d -> startsWith(fields(d), entry.keyFields()));
      if (!supported) {
        unsupported.add(entry.collection() + " " + entry.keyFields());
      }
    }
    assertTrue(unsupported.isEmpty(), () -> "shard keys without an index: " + unsupported);
  }

  @Test
  void aTenantScopedShardKeyStartsWithTheTenant() {
    for (Entry entry : ShardPlan.entries()) {
      if (entry.tenancy() == Tenancy.FIRST_FIELD) {
        String first = entry.keyFields().get(0);
        assertTrue(
            first.equals(ShardPlan.TENANT) || first.equals("metadata." + ShardPlan.TENANT),
            () -> entry.collection() + " starts with " + first);
      }
    }
  }

  @Test
  void theLargeTenantCollectionsAreShardedOnTheTenantAndAnId() {
    assertEquals(List.of("tenantId", "id"), ShardPlan.of("leads").orElseThrow().keyFields());
    assertEquals(
        List.of("tenantId", "id"), ShardPlan.of("activities").orElseThrow().keyFields());
    assertFalse(ShardPlan.of("users").orElseThrow().sharded());
    assertFalse(ShardPlan.of("web_forms").orElseThrow().sharded());
  }

  @Test
  void aTenantRangeHoldsThatTenantAndNoOther() {
    Entry leads = ShardPlan.of("leads").orElseThrow();
    List<Document> range = ShardPlan.tenantRange(leads, "t1");
    assertEquals(new Document("tenantId", "t1").append("id", new BsonMinKey()), range.get(0));
    assertEquals(new Document("tenantId", "t1\u0000").append("id", new BsonMinKey()), range.get(1));

    Entry counters = ShardPlan.of("sync_counters").orElseThrow();
    assertTrue(inRange(ShardPlan.tenantRange(counters, "t1"), "t1"));
    assertFalse(inRange(ShardPlan.tenantRange(counters, "t1"), "t10"));

    Entry mutations = ShardPlan.of("sync_mutations").orElseThrow();
    List<Document> mine = ShardPlan.tenantRange(mutations, "t1");
    assertTrue(inRange(mine, String.join("\u001f", "t1", "u", "d", "m-1")));
    assertFalse(inRange(mine, String.join("\u001f", "t10", "u", "d", "m-1")));
    assertFalse(inRange(mine, "t1"));

    Entry chunks = ShardPlan.of("attachments.chunks").orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> ShardPlan.tenantRange(chunks, "t1"));
  }

  private static boolean inRange(List<Document> range, String id) {
    String min = range.get(0).getString("_id");
    String max = range.get(1).getString("_id");
    return id.compareTo(min) >= 0 && id.compareTo(max) < 0;
  }

  @Test
  void theGuideCarriesTheCommandsThePlanGenerates() throws Exception {
    String readme = Files.readString(Path.of("deploy/SHARDING.md"));
    String script = ShardPlan.mongoshScript("fieldlead");
    assertTrue(
        readme.contains(script),
        () ->
            "deploy/SHARDING.md's sharding commands differ from ShardPlan.mongoshScript(\"fieldlead\"):\n"
                + script);
    String zones = ShardPlan.zoneScript("fieldlead", "TENANT_ID", "EU");
    assertTrue(
        readme.contains(zones),
        () ->
            "deploy/SHARDING.md's zone commands differ from ShardPlan.zoneScript(\"fieldlead\", \"TENANT_ID\", \"EU\"):\n"
                + zones);
  }
}
