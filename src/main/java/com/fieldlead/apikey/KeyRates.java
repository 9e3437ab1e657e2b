package com.fieldlead.apikey;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * Requests per key per one-minute window, counted in the store (collection {@code api_key_rates}, shared by all
 * instances), as web forms count their submissions: one counter per key and minute, incremented by each request and
 * given back when it is over the limit, so a refused request does not count. Old windows are deleted as new ones
 * start.
 */
final class KeyRates {

  static final String COLLECTION = "api_key_rates";
  private static final String WINDOW = "w";
  private static final String COUNT = "n";
  private static final long WINDOW_MS = 60_000;

  private final MongoCollection<Document> counters;
  private final Clock clock;
  private final AtomicLong purgedBefore = new AtomicLong();

  KeyRates(MongoStore store, Clock clock) {
    this.counters = store.collection(COLLECTION);
    this.clock = clock;
  }

  static List<IndexDef> indexes() {
    return List.of(IndexDef.of(COLLECTION, "api_key_rates_window", Indexes.ascending(WINDOW)));
  }

  /** Counts a request of {@code keyId} when under {@code limit} this minute: 0, else the seconds to wait. */
  Future<Long> tryAcquire(String keyId, int limit) {
    long now = clock.millis();
    long window = now / WINDOW_MS;
    long retryAfter = Math.max(1, ((window + 1) * WINDOW_MS - now + 999) / 1000);
    String id = keyId + ":" + window;
    // BEFORE + 1: the embedded store's AFTER is not atomic under concurrency (see README, Store)
    return MongoFutures.first(counters.findOneAndUpdate(
            Filters.eq("_id", id),
            Updates.combine(Updates.inc(COUNT, 1), Updates.setOnInsert(WINDOW, window)),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)))
        .compose(before -> {
          long count = before.map(d -> d.get(COUNT, Number.class).longValue()).orElse(0L) + 1;
          Future<Void> purged = purge(window);
          if (count <= limit) {
            return purged.map(0L);
          }
          return MongoFutures.one(counters.updateOne(Filters.eq("_id", id), Updates.inc(COUNT, -1)))
              .compose(r -> purged)
              .map(retryAfter);
        });
  }

  private Future<Void> purge(long window) {
    long before = purgedBefore.get();
    if (before >= window - 1 || !purgedBefore.compareAndSet(before, window - 1)) {
      return Future.succeededFuture();
    }
    return MongoFutures.one(counters.deleteMany(Filters.lt(WINDOW, window - 1)))
        .<Void>mapEmpty()
        .recover(t -> Future.succeededFuture());
  }
}
