package com.fieldlead.auth.store;

import static com.fieldlead.auth.store.AuthSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
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
 *
 * <p>An address lock holds back only accounts that have not logged in successfully from that address in the last
 * {@link #KNOWN_FOR}: a booth or an office behind one NAT, where one person's typos (often of the email, so of many
 * "accounts") lock the address, keeps its team working, while a stranger spraying passwords from the address is still
 * stopped. Every account keeps its own limit wherever it logs in from. A successful login does not clear or raise the
 * address's limit: anyone with one valid login would otherwise free their address for spraying others.
 */
public final class LoginThrottle {

  /** Client addresses may fail this many times more often than one account (several users behind one NAT). */
  static final int ADDRESS_FACTOR = 4;
  /** How long a successful login from an address exempts that account from the address's lock. */
  static final Duration KNOWN_FOR = Duration.ofDays(30);

  private final MongoCollection<Document> attempts;
  private final int maxFailures;
  private final Duration window;
  private final Duration lockout;

  public LoginThrottle(MongoStore store, int maxFailures, Duration window, Duration lockout) {
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

  /** The record that {@code email} logged in successfully from {@code address}. */
  static String knownKey(String email, String address) {
    return "known:" + address + "|" + email.toLowerCase(Locale.ROOT);
  }

  /**
   * How long a login of {@code email} from {@code address} must still wait, else empty: while the account is locked,
   * or while the address is locked and the account has not logged in from it within {@link #KNOWN_FOR}. One read.
   */
  public Future<Optional<Duration>> lockedFor(String email, String address, Instant now) {
    String account = accountKey(email);
    String known = knownKey(email, address);
    return MongoFutures.list(
            attempts.find(Filters.in(ID, List.of(account, addressKey(address), known))))
        .map(docs -> {
          boolean knownHere = docs.stream()
              .anyMatch(d -> known.equals(d.getString(ID))
                  && instant(d.getDate(KNOWN_UNTIL)) != null
                  && instant(d.getDate(KNOWN_UNTIL)).isAfter(now));
          return docs.stream()
              .filter(d ->
                  !known.equals(d.getString(ID)) && (account.equals(d.getString(ID)) || !knownHere))
              .map(d -> instant(d.getDate(LOCKED_UNTIL)))
              .filter(until -> until != null && until.isAfter(now))
              .max(Instant::compareTo)
              .map(until -> Duration.between(now, until));
        });
  }

  /** Counts a failure for the account and the address, locking whichever reaches its limit. */
  public Future<Void> recordFailure(String email, String address, Instant now) {
    return Future.all(
            count(accountKey(email), maxFailures, now, true),
            count(addressKey(address), maxFailures * ADDRESS_FACTOR, now, true))
        .mapEmpty();
  }

  /**
   * A successful login clears the account's counter (not the address's) and makes the account known at the address
   * for {@link #KNOWN_FOR}.
   */
  public Future<Void> succeeded(String email, String address, Instant now) {
    return Future.all(
            MongoFutures.one(attempts.deleteOne(Filters.eq(ID, accountKey(email)))),
            MongoFutures.one(attempts.updateOne(
                Filters.eq(ID, knownKey(email, address)),
                Updates.set(KNOWN_UNTIL, date(now.plus(KNOWN_FOR))),
                new UpdateOptions().upsert(true))))
        .mapEmpty();
  }

  private Future<Void> count(String key, int limit, Instant now, boolean retryOnRace) {
    return MongoFutures.first(attempts.findOneAndUpdate(
            Filters.eq(ID, key),
            Updates.combine(Updates.inc(FAILURES, 1), Updates.setOnInsert(WINDOW_START, date(now))),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)))
        .compose(before -> {
          if (before.isEmpty()) {
            return lockIfReached(key, 1, limit, now);
          }
          Instant start = instant(before.get().getDate(WINDOW_START));
          if (start == null || start.isBefore(now.minus(window))) {
            // The window is over: this failure starts a new one.
            return MongoFutures.one(attempts.updateOne(
                    Filters.eq(ID, key),
                    Updates.combine(
                        Updates.set(FAILURES, 1), Updates.set(WINDOW_START, date(now)))))
                .compose(r -> lockIfReached(key, 1, limit, now));
          }
          Number failures = before.get().get(FAILURES, Number.class);
          return lockIfReached(key, (failures == null ? 0 : failures.intValue()) + 1, limit, now);
        })
        // Two first failures racing on one key: one upsert loses with a duplicate key; count again.
        .recover(t -> retryOnRace && isDuplicateKey(t)
            ? count(key, limit, now, false)
            : Future.failedFuture(t));
  }

  private Future<Void> lockIfReached(String key, int failures, int limit, Instant now) {
    if (failures < limit) {
      return Future.succeededFuture();
    }
    return MongoFutures.one(attempts.updateOne(
            Filters.eq(ID, key),
            Updates.combine(
                Updates.set(LOCKED_UNTIL, date(now.plus(lockout))),
                Updates.set(FAILURES, 0),
                Updates.set(WINDOW_START, date(now)))))
        .mapEmpty();
  }

  /** Deletes counters whose window and lockout are both over, and known addresses past their time. */
  public Future<Long> purge(Instant now) {
    return MongoFutures.one(attempts.deleteMany(Filters.or(
            Filters.and(
                Filters.lt(WINDOW_START, date(now.minus(window))),
                Filters.or(Filters.eq(LOCKED_UNTIL, null), Filters.lt(LOCKED_UNTIL, date(now)))),
            Filters.lt(KNOWN_UNTIL, date(now)))))
        .map(r -> r.getDeletedCount());
  }
}
