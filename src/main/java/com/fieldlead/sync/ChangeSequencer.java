package com.fieldlead.sync;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out per-tenant change sequence numbers so that a pull never skips a change (sync invariant 3), with many
 * writers on several instances and no transactions.
 *
 * <h2>Protocol</h2>
 * <b>Writer</b> ({@link #write}): (W1) read the tenant counter {@code c} (plain find, 0 when absent); (W2) insert an
 * in-flight marker {@code {tenantId, floor: c, expiresAt: now + lease}} into {@code sync_inflight}; (W3) allocate
 * {@code n} numbers with {@code findOneAndUpdate($inc: n, upsert, BEFORE)}, the numbers being {@code before+1 ..
 * before+n} (the embedded store's {@code AFTER} is wrong under concurrency, {@code BEFORE} is atomic); (W4) check the
 * lease still leaves {@code writeMargin} for the write, else release and start again (the numbers are burnt: gaps are
 * harmless); (W5) run the caller's write, which stamps its entities with those numbers; (W6) delete the marker, on
 * success and on failure.
 *
 * <p><b>Reader</b> ({@link #watermark}): (R1) read the counter {@code C0}; (R2) read the tenant's live markers (not
 * expired); the safe watermark is {@code W = min(C0, min floor)}. A pull then (R3) returns the changes with
 * {@code checkpoint < seq <= W}, in seq order, and may move the checkpoint to at most {@code W}.
 *
 * <h2>Why no change is skipped</h2>
 * Take any write that holds number {@code s <= W}. The floor of its marker is below {@code s}: W1 read {@code c}
 * before W3 incremented a counter that only grows, so {@code before >= c} and {@code s > c = floor}. Since
 * {@code s <= C0}, its W3 happened before R1, hence its W2 happened before R1 and R2, so at R2 the marker was either
 * (a) present and live, giving {@code W <= floor < s}, a contradiction; or (b) already deleted, which W6 does only
 * after the write finished, so R3 (after R2) sees the write; or (c) present but expired, the residual risk below.
 * A marker inserted after R2 belongs to a writer whose W3 comes after R1, so all its numbers are {@code > C0 >= W}:
 * it cannot be passed either. Numbers {@code <= W} whose write failed are simply never seen (nothing to skip).
 *
 * <h2>Residual risk (stated honestly)</h2>
 * Case (c): a writer that stalls longer than its lease (GC pause, network partition, an instance frozen between W4
 * and the end of W5) lets readers pass its numbers; if its write lands afterwards, clients that pulled meanwhile miss
 * that version until the entity changes again. W4 makes this need a write that itself outlasts {@code writeMargin}
 * (10 s by default) and such overruns are logged at ERROR and counted ({@link #leaseOverruns()}). The lease also
 * absorbs clock skew between instances (markers are stamped with the writer's clock and judged with the reader's),
 * so the skew must stay well below {@code writeMargin}. On a replica set the counter, markers and entities must be
 * read from and written to the primary (majority write concern), else a stale secondary read breaks R2's premise.
 * The price of the design: while a write is in flight the tenant's watermark waits for it (at most one lease after a
 * crash), and every write costs three extra round trips (find, insert, delete) beside the {@code $inc}.
 */
public final class ChangeSequencer implements ChangeStamper {

  static final String COUNTERS = "sync_counters";
  static final String INFLIGHT = "sync_inflight";
  /** Default lease of an in-flight marker. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  /** Default time the lease must still have left when the caller's write starts. */
  public static final Duration DEFAULT_WRITE_MARGIN = Duration.ofSeconds(10);
  private static final int MAX_ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSequencer.class);

  private final MongoCollection<Document> counters;
  private final MongoCollection<Document> inflight;
  private final Clock clock;
  private final Duration lease;
  private final Duration writeMargin;
  private final AtomicLong leaseOverruns = new AtomicLong();

  public ChangeSequencer(MongoStore store, Clock clock) {
    this(store, clock, DEFAULT_LEASE, DEFAULT_WRITE_MARGIN);
  }

  public ChangeSequencer(MongoStore store, Clock clock, Duration lease, Duration writeMargin) {
    Objects.requireNonNull(store, "store");
    this.counters = store.collection(COUNTERS);
    this.inflight = store.collection(INFLIGHT);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.writeMargin = Objects.requireNonNull(writeMargin, "writeMargin");
    if (writeMargin.isNegative() || writeMargin.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("writeMargin must be >= 0 and shorter than the lease");
    }
  }

  /** The indexes the sequencer needs (markers are looked up by tenant; expired ones are purged by time). */
  public static List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(INFLIGHT, "sync_inflight_tenant_floor", Indexes.ascending("tenantId", "floor")),
        IndexDef.of(INFLIGHT, "sync_inflight_expiry", Indexes.ascending("expiresAt")));
  }

  /**
   * Allocates {@code count} consecutive numbers for {@code tenantId} under one in-flight marker, runs {@code work}
   * with them, then releases the marker (also when {@code work} fails). Use {@code count > 1} for a push batch.
   *
   * @return the result of {@code work}; fails with its failure, or with {@link IllegalStateException} when no lease
   *     with enough time left could be obtained in a few attempts
   */
  public <T> Future<T> write(String tenantId, int count, Function<Allocation, Future<T>> work) {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(work, "work");
    if (count < 1) {
      return Future.failedFuture(new IllegalArgumentException("count must be >= 1"));
    }
    return attempt(tenantId, count, work, 1);
  }

  @Override
  public <T> Future<T> stamped(String tenantId, int count, java.util.function.LongFunction<Future<T>> write) {
    Objects.requireNonNull(write, "write");
    return write(tenantId, count, allocation -> write.apply(allocation.first()));
  }

  /** Shorthand for one change. */
  public <T> Future<T> write(String tenantId, Function<Allocation, Future<T>> work) {
    return write(tenantId, 1, work);
  }

  /** The tenant's safe watermark (R1 then R2, in that order: the order is what makes it safe). */
  public Future<Watermark> watermark(String tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    return MongoFutures.first(counters.find(eq("_id", tenantId)))
        .compose(counter -> {
          long c0 = counter.map(ChangeSequencer::seqOf).orElse(0L);
          Date now = Date.from(clock.instant());
          return MongoFutures.first(inflight.find(and(eq("tenantId", tenantId), gt("expiresAt", now)))
                  .sort(Sorts.ascending("floor")).limit(1))
              .map(marker -> new Watermark(
                  marker.map(m -> Math.min(c0, ((Number) m.get("floor")).longValue())).orElse(c0), c0));
        });
  }

  /** Deletes expired markers (left by crashed writers); readers already ignore them. Returns how many. */
  public Future<Long> purgeExpired() {
    return MongoFutures.one(inflight.deleteMany(lte("expiresAt", Date.from(clock.instant()))))
        .map(result -> result.getDeletedCount());
  }

  /** How many writes finished after their lease had expired (each one a possible skipped change). */
  public long leaseOverruns() {
    return leaseOverruns.get();
  }

  private <T> Future<T> attempt(String tenantId, int count, Function<Allocation, Future<T>> work, int attempt) {
    return allocate(tenantId, count).compose(held -> {
      if (clock.instant().plus(writeMargin).isBefore(held.allocation().expiresAt())) {
        return runAndRelease(held, work);
      }
      LOG.warn("sync lease nearly expired before the write, re-allocating [tenant={}, seqs={}..{}, attempt={}]",
          tenantId, held.allocation().first(), held.allocation().last(), attempt);
      return release(held).compose(v -> attempt < MAX_ATTEMPTS
          ? attempt(tenantId, count, work, attempt + 1)
          : Future.failedFuture(new IllegalStateException(
              "could not obtain a sync sequence lease in time [tenant=" + tenantId + "]")));
    });
  }

  private <T> Future<T> runAndRelease(Held held, Function<Allocation, Future<T>> work) {
    Future<T> written;
    try {
      written = Objects.requireNonNull(work.apply(held.allocation()), "work returned null");
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    return written.transform(outcome -> {
      Allocation a = held.allocation();
      if (!clock.instant().isBefore(a.expiresAt())) {
        leaseOverruns.incrementAndGet();
        LOG.error("sync write finished after its lease expired; pulls may have passed it "
            + "[tenant={}, seqs={}..{}, expiresAt={}]", a.tenantId(), a.first(), a.last(), a.expiresAt());
      }
      return release(held).transform(released -> outcome.succeeded()
          ? Future.succeededFuture(outcome.result())
          : Future.failedFuture(outcome.cause()));
    });
  }

  /** W1-W3. */
  private Future<Held> allocate(String tenantId, int count) {
    return MongoFutures.first(counters.find(eq("_id", tenantId)))
        .compose(counter -> {
          long floor = counter.map(ChangeSequencer::seqOf).orElse(0L);
          ObjectId markerId = new ObjectId();
          Instant expiresAt = clock.instant().plus(lease);
          Document marker = new Document("_id", markerId).append("tenantId", tenantId).append("floor", floor)
              .append("expiresAt", Date.from(expiresAt));
          return MongoFutures.one(inflight.insertOne(marker))
              .compose(ok -> increment(tenantId, count, true)
                  .recover(e -> deleteMarker(markerId).transform(x -> Future.failedFuture(e))))
              .map(before -> new Held(markerId, new Allocation(tenantId, before + 1, count, expiresAt)));
        });
  }

  private Future<Long> increment(String tenantId, int count, boolean retryOnDuplicate) {
    FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true)
        .returnDocument(ReturnDocument.BEFORE);
    return MongoFutures.first(counters.findOneAndUpdate(eq("_id", tenantId), Updates.inc("seq", (long) count), options))
        .map(before -> before.map(ChangeSequencer::seqOf).orElse(0L))
        .recover(e -> retryOnDuplicate && isDuplicateKey(e)
            ? increment(tenantId, count, false) // two first upserts of a tenant raced; the counter exists now
            : Future.failedFuture(e));
  }

  /** W6; a failed delete is logged, not surfaced: the marker then expires after its lease. */
  private Future<Void> release(Held held) {
    return deleteMarker(held.markerId()).recover(e -> {
      LOG.warn("sync in-flight marker not released, it will expire [tenant={}, marker={}]",
          held.allocation().tenantId(), held.markerId(), e);
      return Future.succeededFuture();
    });
  }

  private Future<Void> deleteMarker(ObjectId markerId) {
    return MongoFutures.one(inflight.deleteOne(eq("_id", markerId))).mapEmpty();
  }

  private static long seqOf(Document counter) {
    Object seq = counter.get("seq");
    return seq instanceof Number n ? n.longValue() : 0L;
  }

  private static boolean isDuplicateKey(Throwable e) {
    if (e instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return e instanceof MongoCommandException c && ErrorCategory.fromErrorCode(c.getErrorCode())
        == ErrorCategory.DUPLICATE_KEY;
  }

  private record Held(ObjectId markerId, Allocation allocation) {}
}
