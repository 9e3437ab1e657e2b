package com.fieldlead.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Named leases in the {@code leases} collection ({@code _id} = name, {@code owner}, {@code until}), so that one of
 * several instances does a piece of background work at a time and a crashed instance's lease simply expires. Every
 * step is one conditional single-document write: no transactions, no clock other than the caller's {@code now}
 * (instances should have roughly synchronised clocks; a lease should be much longer than the expected skew).
 */
public final class Leases {

  public static final String COLLECTION = "leases";
  static final String OWNER = "owner";
  static final String UNTIL = "until";

  private final MongoCollection<Document> leases;

  public Leases(MongoStore store) {
    this.leases = store.collection(COLLECTION);
  }

  /**
   * Takes or renews lease {@code name} for {@code owner} until {@code now + duration}: succeeds when the lease is
   * free, expired or already {@code owner}'s. Two instances racing to create a lease that does not exist yet are
   * resolved by the unique {@code _id}: the loser's insert fails with a duplicate key and it does not hold the lease.
   */
  public Future<Boolean> tryAcquire(String name, String owner, Duration duration, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Date until = Date.from(now.plus(duration));
    Bson takeable = Filters.and(
        Filters.eq("_id", name),
        Filters.or(Filters.lte(UNTIL, Date.from(now)), Filters.eq(OWNER, owner)));
    return MongoFutures.one(leases.updateOne(
            takeable, Updates.combine(Updates.set(OWNER, owner), Updates.set(UNTIL, until))))
        .compose(r -> {
          if (r.getMatchedCount() == 1) {
            return Future.succeededFuture(true);
          }
          return MongoFutures.one(leases.insertOne(
                  new Document("_id", name).append(OWNER, owner).append(UNTIL, until)))
              .map(ok -> true)
              .recover(e -> e instanceof MongoWriteException w
                      && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                  ? Future.succeededFuture(false)
                  : Future.failedFuture(e));
        });
  }

  /** Gives lease {@code name} up if {@code owner} holds it (others can take it at once); no-op otherwise. */
  public Future<Void> release(String name, String owner) {
    return MongoFutures.one(leases.updateOne(
            Filters.and(Filters.eq("_id", name), Filters.eq(OWNER, owner)),
            Updates.set(UNTIL, new Date(0))))
        .mapEmpty();
  }
}
