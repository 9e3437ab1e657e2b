package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers kept while their collections are unwritten: the embedded store counts every client's writes per collection,
 * so a kept answer is used again exactly until someone writes what it was read from.
 */
class UnwrittenCacheTest {

  private static final String DB = "fl_unwritten";
  private static InMemoryStore memory;
  private static MongoClient other;
  private static MongoDatabase otherDb;

  @BeforeAll
  static void start() {
    memory = InMemoryStore.start(DB, 4);
    other = MongoClients.create(memory.connectionString());
    otherDb = other.getDatabase(DB);
  }

  @AfterAll
  static void stop() {
    other.close();
    memory.close();
  }

  /** A cache over {@code collections} whose loads count in {@code loads} and answer the count so far. */
  private static UnwrittenCache<String, Integer> counting(
      MongoStore store, AtomicInteger loads, String... collections) {
    return new UnwrittenCache<>(store, Duration.ofMinutes(1), 100, List.of(collections));
  }

  private static int get(UnwrittenCache<String, Integer> cache, String key, AtomicInteger loads)
      throws Exception {
    return Await.result(cache.get(key, () -> Future.succeededFuture(loads.incrementAndGet())));
  }

  @Test
  void aKeptAnswerIsUsedUntilAnotherClientWritesItsCollection() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    UnwrittenCache<String, Integer> cache = counting(memory.store(), loads, "kept_a");
    otherDb.getCollection("kept_a").insertOne(new Document("_id", "x").append("n", 1));

    assertEquals(1, get(cache, "k", loads));
    assertEquals(1, get(cache, "k", loads), "nothing written since: the kept answer");
    otherDb.getCollection("kept_b").insertOne(new Document("_id", "y"));
    otherDb.getCollection("kept_a").find(Filters.eq("_id", "x")).first();
    otherDb.getCollection("kept_a").countDocuments();
    assertEquals(1, get(cache, "k", loads), "reads and another collection's writes leave it");

    otherDb.getCollection("kept_a").updateOne(Filters.eq("_id", "x"), Updates.inc("n", 1));
    assertEquals(2, get(cache, "k", loads), "an update by another client: read again");
    assertEquals(2, get(cache, "k", loads));
    otherDb.getCollection("kept_a").deleteOne(Filters.eq("_id", "nobody"));
    assertEquals(
        3, get(cache, "k", loads), "a delete that matched nothing still counts as a write");
  }

  @Test
  void anAnswerOfSeveralCollectionsIsReadAgainAfterAWriteToAnyOfThem() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    UnwrittenCache<String, Integer> cache = counting(memory.store(), loads, "pair_a", "pair_b");
    assertEquals(1, get(cache, "k", loads));
    otherDb.getCollection("pair_b").insertOne(new Document("_id", "y"));
    assertEquals(2, get(cache, "k", loads));
    otherDb.getCollection("pair_a").insertOne(new Document("_id", "y"));
    assertEquals(3, get(cache, "k", loads));
    assertEquals(3, get(cache, "k", loads));
  }

  @Test
  void aFailedWriteARenameAndAnAggregationIntoACollectionCountAsWrites() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    UnwrittenCache<String, Integer> cache = counting(memory.store(), loads, "moves");
    otherDb.getCollection("moves").insertOne(new Document("_id", "x"));
    assertEquals(1, get(cache, "k", loads));
    try {
      otherDb.getCollection("moves").insertOne(new Document("_id", "x"));
    } catch (MongoWriteException duplicate) {
      // refused, and counted all the same: a refused many-document write may have written some
    }
    assertEquals(2, get(cache, "k", loads));

    otherDb.getCollection("rename_me").insertOne(new Document("_id", "r"));
    assertEquals(2, get(cache, "k", loads), "another collection's insert leaves it");
    otherDb.getCollection("rename_me").renameCollection(new MongoNamespace(DB, "renamed"));
    assertEquals(3, get(cache, "k", loads), "a rename (an admin command): every collection");

    otherDb
        .getCollection("moves")
        .aggregate(List.of(new Document("$match", new Document())))
        .first();
    assertEquals(3, get(cache, "k", loads), "an aggregation that only reads");
    otherDb
        .getCollection("source")
        .aggregate(List.of(new Document("$out", "elsewhere")))
        .toCollection();
    assertEquals(4, get(cache, "k", loads), "an aggregation writing out: every collection");
  }

  @Test
  void whereThisProcessCannotSeeEveryWriteNothingIsKept() throws Exception {
    MongoStore unknowing = MongoStore.connect(
        memory.connectionString(),
        new FieldleadConfig.Store(
            Optional.empty(), DB, Path.of("data"), true, 2, Duration.ofSeconds(5)),
        null);
    try {
      assertEquals(MongoStore.NO_GENERATION, unknowing.writeGeneration("kept_a"));
      AtomicInteger loads = new AtomicInteger();
      UnwrittenCache<String, Integer> cache = counting(unknowing, loads, "kept_a");
      assertEquals(1, get(cache, "k", loads));
      assertEquals(
          2, get(cache, "k", loads), "MongoDB, or a store another process runs: read each time");
    } finally {
      unknowing.close();
    }
  }

  @Test
  void theGenerationOnlyGrowsAndEveryWriteMovesIt() {
    long g0 = memory.store().writeGeneration("grows");
    otherDb.getCollection("grows").insertOne(new Document("_id", "a"));
    long g1 = memory.store().writeGeneration("grows");
    otherDb.getCollection("grows").find().first();
    long g2 = memory.store().writeGeneration("grows");
    otherDb.getCollection("grows").findOneAndUpdate(Filters.eq("_id", "a"), Updates.set("b", 1));
    long g3 = memory.store().writeGeneration("grows");
    assertTrue(g0 < g1, "an insert");
    assertEquals(g1, g2, "a find");
    assertTrue(g2 < g3, "a find-and-modify");
  }
}
