package com.fieldlead.store;

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
 * Attempts counted per key in one-minute windows, in the store, so a limit holds across every instance behind a load
 * balancer: web-form submissions ({@code form_rates}) and API-key requests ({@code api_key_rates}) each keep their
 * windows in a collection of their own. Each attempt is one atomic increment; a refused attempt is not counted (its
 * increment is taken back). Windows before the previous one are deleted, once per window.
 */
public final class RateWindows {

  private static final String WINDOW = "w";
  private static final String COUNT = "n";
  private static final long WINDOW_MS = 60_000;

  private final MongoCollection<Document> counters;
  private final Clock clock;
  private final AtomicLong purgedBefore = new AtomicLong();

  public RateWindows(MongoStore store, String collection, Clock clock) {
    this.counters = store.collection(collection);
    this.clock = clock;
  }

  /** The index the window purge needs on {@code collection}. */
  public static List<IndexDef> indexes(String collection) {
    return List.of(IndexDef.of(collection, collection + "_window", Indexes.ascending(WINDOW)));
  }

  /**
   * Counts one attempt for {@code key} when it is under {@code limit} this minute; answers 0 when counted, otherwise
   * the seconds until the window ends (for Retry-After).
   */
  public Future<Long> tryAcquire(String key, int limit) {
    long now = clock.millis();
    long window = now / WINDOW_MS;
    long retryAfter = Math.max(1, ((window + 1) * WINDOW_MS - now + 999) / 1000);
    // BEFORE + 1: the embedded store's AFTER is not atomic under concurrency (see README, Store)
    return MongoFutures.first(counters.findOneAndUpdate(
            Filters.eq("_id", id(key, window)),
            Updates.combine(Updates.inc(COUNT, 1), Updates.setOnInsert(WINDOW, window)),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)))
        .compose(before -> {
          long count = before.map(d -> d.get(COUNT, Number.class).longValue()).orElse(0L) + 1;
          Future<Void> purged = purge(window);
          if (count <= limit) {
            return purged.map(0L);
          }
          return release(key, window).compose(v -> purged).map(retryAfter);
        });
  }

  /** Gives back an attempt counted by {@link #tryAcquire} (a later limit refused the submission). */
  public Future<Void> release(String key) {
    return release(key, clock.millis() / WINDOW_MS);
  }

  private Future<Void> release(String key, long window) {
    return MongoFutures.one(
            counters.updateOne(Filters.eq("_id", id(key, window)), Updates.inc(COUNT, -1)))
        .mapEmpty();
  }

  private Future<Void> purge(long window) {
    long before = purgedBefore.get();
    if (before >= window - 1 || !purgedBefore.compareAndSet(before, window - 1)) {
      return Future.succeededFuture();
    }
    return MongoFutures.one(counters.deleteMany(Filters.lt(WINDOW, window - 1)))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture()); // the next window tries again
  }

  private static String id(String key, long window) {
    return key + "|" + window;
  }
}
