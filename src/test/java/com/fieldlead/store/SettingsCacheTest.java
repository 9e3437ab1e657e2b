package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Settings are read once per TTL, re-read after it and at once after a local write; failures are not kept. */
class SettingsCacheTest {

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final SettingsCache<String, String> cache =
      new SettingsCache<>(Duration.ofSeconds(2), nanos::get);

  private Future<String> load(String key) {
    return Future.succeededFuture(key + "-v" + reads.incrementAndGet());
  }

  @Test
  void aValueIsReusedWithinTheTtlAndReadAgainAfterIt() {
    assertEquals("t1-v1", cache.get("t1", this::load).result());
    nanos.addAndGet(Duration.ofMillis(1999).toNanos());
    assertEquals("t1-v1", cache.get("t1", this::load).result(), "still fresh");
    assertEquals("t2-v2", cache.get("t2", this::load).result(), "another tenant has its own value");
    nanos.addAndGet(Duration.ofMillis(2).toNanos());
    assertEquals("t1-v3", cache.get("t1", this::load).result(), "two seconds old: read again");
    assertEquals(3, reads.get());
  }

  @Test
  void aLocalWriteIsSeenAtOnce() {
    cache.get("t1", this::load);
    cache.invalidate("t1");
    assertEquals("t1-v2", cache.get("t1", this::load).result());
  }

  @Test
  void aFailedReadIsNotKept() {
    Future<String> failed =
        cache.get("t1", k -> Future.failedFuture(new IllegalStateException("store down")));
    assertTrue(failed.failed());
    assertEquals("t1-v1", cache.get("t1", this::load).result());
  }

  @Test
  void aReadThatStartedBeforeAWriteDoesNotStoreItsOlderValue() {
    Promise<String> slow = Promise.promise();
    Future<String> inFlight = cache.get("t1", k -> slow.future());
    cache.invalidate("t1"); // the write lands while the read is in flight
    slow.complete("t1-before-the-write");
    assertEquals("t1-before-the-write", inFlight.result(), "the caller still gets what it read");
    assertEquals("t1-v1", cache.get("t1", this::load).result(), "but it was not kept");
  }

  /**
   * Where this process runs the embedded store, a setting is kept past the TTL for as long as nobody writes its
   * collection, and read again at once after anyone does (here a second client of the store).
   */
  @Test
  void whereEveryWriteIsSeenASettingIsKeptPastTheTtlUntilItsCollectionIsWritten() {
    try (InMemoryStore memory = InMemoryStore.start("fl_settings_unwritten", 2);
        MongoClient other = MongoClients.create(memory.connectionString())) {
      SettingsCache<String, String> kept =
          new SettingsCache<>(memory.store(), "kept_settings", Duration.ofSeconds(2), nanos::get);
      MongoCollection<Document> settings =
          other.getDatabase("fl_settings_unwritten").getCollection("kept_settings");
      settings.insertOne(new Document("_id", "t1"));
      assertEquals("t1-v1", Await.result(kept.get("t1", this::load)));
      nanos.addAndGet(Duration.ofMinutes(5).toNanos());
      assertEquals(
          "t1-v1", Await.result(kept.get("t1", this::load)), "far past the TTL, nothing written");
      other
          .getDatabase("fl_settings_unwritten")
          .getCollection("elsewhere")
          .insertOne(new Document());
      assertEquals("t1-v1", Await.result(kept.get("t1", this::load)), "another collection written");
      settings.updateOne(Filters.eq("_id", "t1"), Updates.set("x", 1));
      assertEquals("t1-v2", Await.result(kept.get("t1", this::load)), "its collection written");
      nanos.addAndGet(SettingsCache.UNWRITTEN_MAX_AGE.toNanos());
      assertEquals("t1-v3", Await.result(kept.get("t1", this::load)), "the bound on its age");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
