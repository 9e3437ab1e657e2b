package com.fieldlead.sync;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.UnwrittenCache;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out per-tenant change sequence numbers so that a pull never skips a change (sync invariant 3), with many
 * writers on several instances and no transactions.
 *
 * <h2>Protocol</h2>
 * Each tenant has one counter document in {@code sync_counters}: {@code {_id: tenantId, seq, inflight: [markers]}}.
 * <b>Writer</b> ({@link #write}): (W1) read the counter {@code c} (plain find, 0 when absent); (W2) in one atomic
 * {@code findOneAndUpdate(upsert, BEFORE)} on that document, add {@code n} to {@code seq} and push an in-flight marker
 * {@code {id, floor: c, expiresAt: now + lease}}; the numbers are {@code before+1 .. before+n} (the embedded store's
 * {@code AFTER} is wrong under concurrency, {@code BEFORE} is atomic); (W3) check the lease still leaves
 * {@code writeMargin} for the write, else release and start again (the numbers are burnt: gaps are harmless); (W4) run
 * the caller's write, which stamps its entities with those numbers; (W5) pull the marker, on success and on failure.
 *
 * <p><b>Reader</b> ({@link #watermark}): (R1) read the counter document once: {@code C0 = seq}, and its live (not
 * expired) markers; the safe watermark is {@code W = min(C0, min floor)}. A pull then (R2) returns the changes with
 * {@code checkpoint < seq <= W}, in seq order, and may move the checkpoint to at most {@code W}.
 *
 * <h2>Why no change is skipped</h2>
 * Take any write that holds number {@code s <= W}. The floor of its marker is below {@code s}: W1 read {@code c}
 * before W2 incremented a counter that only grows, so {@code before >= c} and {@code s > c = floor}. Since
 * {@code s <= C0}, R1 read the document after W2, and W2 put the marker in that same document in the same atomic
 * update, so at R1 the marker was either (a) present and live, giving {@code W <= floor < s}, a contradiction; or
 * (b) already pulled, which W5 does only after the write finished, so R2 (after R1) sees the write; or (c) present but
 * expired, the residual risk below. A marker pushed after R1 belongs to a writer whose numbers are all {@code > C0 >=
 * W}: it cannot be passed either. Numbers {@code <= W} whose write failed are simply never seen (nothing to skip).
 *
 * <h2>Residual risk (stated honestly)</h2>
 * Case (c): a writer that stalls longer than its lease (GC pause, network partition, an instance frozen between W3
 * and the end of W4) lets readers pass its numbers; if its write lands afterwards, clients that pulled meanwhile miss
 * that version until the entity changes again. W3 makes this need a write that itself outlasts {@code writeMargin}
 * (10 s by default) and such overruns are logged at ERROR and counted ({@link #leaseOverruns()}). The lease also
 * absorbs clock skew between instances (markers are stamped with the writer's clock and judged with the reader's),
 * so the skew must stay well below {@code writeMargin}. On a replica set the counter must be read from and written to
 * the primary (majority write concern), else a stale secondary read breaks R1's premise. The price of the design:
 * while a write is in flight the tenant's watermark waits for it (at most one lease after a crash), every write costs
 * two extra round trips (the counter read and the marker pull) beside the allocation, and a reader one.
 */
public final class ChangeSequencer implements ChangeStamper {

  static final String COUNTERS = "sync_counters";
  /** The counter document's array of in-flight markers ({@code {id, floor, expiresAt}}). */
  static final String INFLIGHT = "inflight";
  /** Default lease of an in-flight marker. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  /** Default time the lease must still have left when the caller's write starts. */
  public static final Duration DEFAULT_WRITE_MARGIN = Duration.ofSeconds(10);

  private static final int MAX_ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSequencer.class);

  private final MongoCollection<Document> counters;
  private final UnwrittenCache<String, Counter> counterRead;
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
    this.counterRead = new UnwrittenCache<>(store, COUNTERS);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.writeMargin = Objects.requireNonNull(writeMargin, "writeMargin");
    if (writeMargin.isNegative() || writeMargin.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("writeMargin must be >= 0 and shorter than the lease");
    }
  }

  /**
   * The indexes the sequencer needs: the markers' expiry, for the purge job that looks across tenants (the counters
   * themselves are read by {@code _id}).
   */
  public static List<IndexDef> indexes() {
    return List.of(IndexDef.of(
        COUNTERS, "sync_counters_inflight_expiry", Indexes.ascending(INFLIGHT + ".expiresAt")));
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
  public <T> Future<T> stamped(String tenantId, int count, LongFunction<Future<T>> write) {
    Objects.requireNonNull(write, "write");
    return write(tenantId, count, allocation -> write.apply(allocation.first()));
  }

  /** Shorthand for one change. */
  public <T> Future<T> write(String tenantId, Function<Allocation, Future<T>> work) {
    return write(tenantId, 1, work);
  }

  /**
   * The tenant's safe watermark (R1 then R2, in that order: the order is what makes it safe). The counter as read is
   * kept while the counters are unwritten ({@link UnwrittenCache}: the embedded store in this process), so a quiet
   * pull reads no counter; the markers' expiry is judged now either way.
   */
  public Future<Watermark> watermark(String tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    return counterRead
        .get(
            tenantId,
            () -> MongoFutures.first(counters.find(eq("_id", tenantId)))
                .map(counter -> counter.map(Counter::of).orElse(Counter.NONE)))
        .map(counter -> counter.watermark(clock.instant()));
  }

  /** A tenant's counter as read: the last number handed out and the in-flight writers' floors, with their expiry. */
  private record Counter(long seq, List<Floor> floors) {

    static final Counter NONE = new Counter(0, List.of());

    record Floor(Instant expiresAt, long floor) {}

    static Counter of(Document counter) {
      List<Floor> floors = new ArrayList<>();
      for (Document marker : markers(counter)) {
        if (marker.get("expiresAt") instanceof Date expires
            && marker.get("floor") instanceof Number floor) {
          floors.add(new Floor(expires.toInstant(), floor.longValue()));
        }
      }
      return new Counter(seqOf(counter), List.copyOf(floors));
    }

    /** Below every floor that has not expired at {@code now}. */
    Watermark watermark(Instant now) {
      long safe = seq;
      for (Floor f : floors) {
        if (f.expiresAt().isAfter(now)) {
          safe = Math.min(safe, f.floor());
        }
      }
      return new Watermark(safe, seq);
    }
  }

  /** Pulls expired markers (left by crashed writers) from every counter; readers already ignore them. Returns how many
   * counters had some. */
  public Future<Long> purgeExpired() {
    Date now = Date.from(clock.instant());
    // {inflight.expiresAt: {$lte}} matches a counter with any expired marker (one condition: the
    // same as $elemMatch),
    // through the expiry index
    return MongoFutures.one(counters.updateMany(
            lte(INFLIGHT + ".expiresAt", now), Updates.pull(INFLIGHT, lte("expiresAt", now))))
        .map(result -> result.getModifiedCount());
  }

  /** How many writes finished after their lease had expired (each one a possible skipped change). */
  public long leaseOverruns() {
    return leaseOverruns.get();
  }

  private <T> Future<T> attempt(
      String tenantId, int count, Function<Allocation, Future<T>> work, int attempt) {
    return allocate(tenantId, count).compose(held -> {
      if (clock.instant().plus(writeMargin).isBefore(held.allocation().expiresAt())) {
        return runAndRelease(held, work);
      }
      LOG.warn(
          "sync lease nearly expired before the write, re-allocating [tenant={}, seqs={}..{}, attempt={}]",
          tenantId,
          held.allocation().first(),
          held.allocation().last(),
          attempt);
      return release(held)
          .compose(v -> attempt < MAX_ATTEMPTS
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
        LOG.error(
            "sync write finished after its lease expired; pulls may have passed it "
                + "[tenant={}, seqs={}..{}, expiresAt={}]",
            a.tenantId(),
            a.first(),
            a.last(),
            a.expiresAt());
      }
      return release(held)
          .transform(released -> outcome.succeeded()
              ? Future.succeededFuture(outcome.result())
              : Future.failedFuture(outcome.cause()));
    });
  }

  /** W1-W2. */
  private Future<Held> allocate(String tenantId, int count) {
    return MongoFutures.first(counters.find(eq("_id", tenantId))).compose(counter -> {
      long floor = counter.map(ChangeSequencer::seqOf).orElse(0L);
      ObjectId markerId = new ObjectId();
      Instant expiresAt = clock.instant().plus(lease);
      Document marker = new Document("id", markerId)
          .append("floor", floor)
          .append("expiresAt", Date.from(expiresAt));
      return increment(tenantId, count, marker, true)
          .recover(e -> release(tenantId, markerId)
              .transform(x -> Future.failedFuture(e))) // it may have landed
          .map(
              before -> new Held(markerId, new Allocation(tenantId, before + 1, count, expiresAt)));
    });
  }

  private Future<Long> increment(
      String tenantId, int count, Document marker, boolean retryOnDuplicate) {
    FindOneAndUpdateOptions options =
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE);
    return MongoFutures.first(counters.findOneAndUpdate(
            eq("_id", tenantId),
            Updates.combine(Updates.inc("seq", (long) count), Updates.push(INFLIGHT, marker)),
            options))
        .map(before -> before.map(ChangeSequencer::seqOf).orElse(0L))
        .recover(e -> retryOnDuplicate && MongoFutures.isDuplicateKey(e)
            ? increment(
                tenantId, count, marker,
                false) // two first upserts of a tenant raced; the counter exists now
            : Future.failedFuture(e));
  }

  /** W5; a failed pull is logged, not surfaced: the marker then expires after its lease. */
  private Future<Void> release(Held held) {
    return release(held.allocation().tenantId(), held.markerId());
  }

  private Future<Void> release(String tenantId, ObjectId markerId) {
    return MongoFutures.one(
            counters.updateOne(eq("_id", tenantId), Updates.pull(INFLIGHT, eq("id", markerId))))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn(
              "sync in-flight marker not released, it will expire [tenant={}, marker={}]",
              tenantId,
              markerId,
              e);
          return Future.succeededFuture();
        });
  }

  @SuppressWarnings("unchecked")
  private static List<Document> markers(Document counter) {
    Object list = counter.get(INFLIGHT);
    return list instanceof List<?> l ? (List<Document>) l : List.of();
  }

  private static long seqOf(Document counter) {
    Object seq = counter.get("seq");
    return seq instanceof Number n ? n.longValue() : 0L;
  }

  private record Held(ObjectId markerId, Allocation allocation) {}
}
