package com.fieldlead.auth;

import static com.fieldlead.store.MongoFutures.isDuplicateKey;
import static com.fieldlead.auth.AuthSchema.*;

import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;

/**
 * Failed-login counters kept in MongoDB, so every instance sees the same counts. One counter per account (email) and
 * one per client address; a counter that reaches its limit within the window locks its key for the lockout period.
 * Counting uses {@code $inc} with {@code ReturnDocument.BEFORE} plus one (atomic on the embedded store too).
 */
final class LoginThrottle {

  /** Client addresses may fail this many times more often than one account (several users behind one NAT). */
  static final int ADDRESS_FACTOR = 4;

  private final MongoCollection<Document> attempts;
  private final int maxFailures;
  private final Duration window;
  private final Duration lockout;

  LoginThrottle(MongoStore store, int maxFailures, Duration window, Duration lockout) {
    this.attempts = store.collection(LOGIN_ATTEMPTS);
    this.maxFailures = maxFailures;
    this.window = window;
    this.lockout = lockout;
  }

  static String accountKey(String email) {
    return "account:" + email.toLowerCase(Locale.ROOT);
  }

  static String addressKey(String address) {
    return "address:" + address;
  }

  /** How long the caller must still wait when any of {@code keys} is locked, else empty. */
  Future<Optional<Duration>> lockedFor(List<String> keys, Instant now) {
    return MongoFutures.list(attempts.find(Filters.and(Filters.in(ID, keys), Filters.gt(LOCKED_UNTIL, date(now)))))
        .map(docs -> docs.stream().map(d -> instant(d.getDate(LOCKED_UNTIL)))
            .max(Instant::compareTo).map(until -> Duration.between(now, until)));
  }

  /** Counts a failure for the account and the address, locking whichever reaches its limit. */
  Future<Void> recordFailure(String email, String address, Instant now) {
    return Future.all(count(accountKey(email), maxFailures, now, true),
        count(addressKey(address), maxFailures * ADDRESS_FACTOR, now, true)).mapEmpty();
  }

  /** A successful login clears the account's counter (not the address's). */
  Future<Void> reset(String email) {
    return MongoFutures.one(attempts.deleteOne(Filters.eq(ID, accountKey(email)))).mapEmpty();
  }

  private Future<Void> count(String key, int limit, Instant now, boolean retryOnRace) {
    return MongoFutures.first(attempts.findOneAndUpdate(Filters.eq(ID, key),
            Updates.combine(Updates.inc(FAILURES, 1), Updates.setOnInsert(WINDOW_START, date(now))),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)))
        .compose(before -> {
          if (before.isEmpty()) {
            return lockIfReached(key, 1, limit, now);
          }
          Instant start = instant(before.get().getDate(WINDOW_START));
          if (start == null || start.isBefore(now.minus(window))) {
            // The window is over: this failure starts a new one.
            return MongoFutures.one(attempts.updateOne(Filters.eq(ID, key), Updates.combine(
                Updates.set(FAILURES, 1), Updates.set(WINDOW_START, date(now))))).compose(r -> lockIfReached(key, 1, limit, now));
          }
          Number failures = before.get().get(FAILURES, Number.class);
          return lockIfReached(key, (failures == null ? 0 : failures.intValue()) + 1, limit, now);
        })
        // Two first failures racing on one key: one upsert loses with a duplicate key; count again.
        .recover(t -> retryOnRace && isDuplicateKey(t) ? count(key, limit, now, false) : Future.failedFuture(t));
  }

  private Future<Void> lockIfReached(String key, int failures, int limit, Instant now) {
    if (failures < limit) {
      return Future.succeededFuture();
    }
    return MongoFutures.one(attempts.updateOne(Filters.eq(ID, key), Updates.combine(
        Updates.set(LOCKED_UNTIL, date(now.plus(lockout))), Updates.set(FAILURES, 0),
        Updates.set(WINDOW_START, date(now))))).mapEmpty();
  }

  /** Deletes counters whose window and lockout are both over. */
  Future<Long> purge(Instant now) {
    return MongoFutures.one(attempts.deleteMany(Filters.and(Filters.lt(WINDOW_START, date(now.minus(window))),
        Filters.or(Filters.eq(LOCKED_UNTIL, null), Filters.lt(LOCKED_UNTIL, date(now)))))).map(r -> r.getDeletedCount());
  }
}
