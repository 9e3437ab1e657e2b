package com.fieldlead.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link Migration steps} of the stored data's schema that a store has not had, in order, under one
 * lease so that one instance at a time runs them; the store's schema version and the log of applied steps live in
 * one document of the {@code migrations} collection ({@code _id: "schema"}). Steps marked
 * {@link Migration.When#BEFORE_START} run before an instance serves (an instance that finds another one running them
 * waits for it); the others run after start, while the instance serves, and are retried every minute by whichever
 * instance holds the lease until they are done (an instance that dies half way leaves its lease to expire; the step
 * is idempotent and runs again). A store whose schema is newer than this release's (a newer release ran its steps)
 * is served as it is: steps are expand-only, so the release before a step reads what it leaves.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  static final String STATE = "schema";
  static final String LEASE = "migrations";
  static final String VERSION = "version";
  static final String STEPS = "steps";
  private static final Duration LEASE_TIME = Duration.ofMinutes(2);
  private static final long POLL_MS = 500;

  private final Vertx vertx;
  private final MongoStore store;
  private final Leases leases;
  private final Clock clock;
  private final String owner;
  private final List<Migration> steps;
  private volatile boolean done;

  /** One applied step as the {@code migrations} document records it. */
  public record Applied(int version, String name, Instant at, long documents, long ms, String by) {

    Document toDocument() {
      return new Document(VERSION, version)
          .append("name", name)
          .append("at", Date.from(at))
          .append("documents", documents)
          .append("ms", ms)
          .append("by", by);
    }

    static Applied of(Document d) {
      return new Applied(
          d.getInteger(VERSION),
          d.getString("name"),
          d.getDate("at").toInstant(),
          ((Number) d.get("documents")).longValue(),
          ((Number) d.get("ms")).longValue(),
          d.getString("by"));
    }
  }

  /** The store's schema version (0 before the first step) and the steps applied, oldest first. */
  public record State(int version, List<Applied> applied) {}

  public Migrations(
      Vertx vertx, MongoStore store, Clock clock, String owner, List<Migration> steps) {
    this.vertx = vertx;
    this.store = store;
    this.leases = new Leases(store);
    this.clock = clock;
    this.owner = owner;
    List<Migration> sorted = new ArrayList<>(steps);
    sorted.sort(Comparator.comparingInt(Migration::version));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).version() == sorted.get(i - 1).version()) {
        throw new IllegalArgumentException(
            "two migrations numbered " + sorted.get(i).version());
      }
    }
    this.steps = List.copyOf(sorted);
  }

  /** This release's schema version: its highest step (0 without steps). */
  public int latest() {
    return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).version();
  }

  /** The store's schema state, as recorded. */
  public Future<State> state() {
    return MongoFutures.first(store.collection(ScopedIds.COLLECTION).find(Filters.eq("_id", STATE)))
        .map(Migrations::state);
  }

  @SuppressWarnings("unchecked")
  private static State state(Optional<Document> d) {
    if (d.isEmpty()) {
      return new State(0, List.of());
    }
    List<Applied> applied = ((List<Document>) d.get().get(STEPS, List.class))
        .stream().map(Applied::of).toList();
    return new State(d.get().getInteger(VERSION), applied);
  }

  /**
   * Applies the pending steps up to the last pending {@link Migration.When#BEFORE_START} one (background steps before
   * it included: steps run in order), waiting up to {@code wait} while another instance holds the lease.
   */
  public Future<State> beforeStart(Duration wait) {
    return state().compose(s -> {
      if (s.version() > latest()) {
        LOG.info(
            "the store's schema is newer than this release's [store={}, release={}]: a newer release"
                + " migrated it; its steps are expand-only, so this release serves as it is",
            s.version(),
            latest());
      }
      int target = steps.stream()
          .filter(m -> m.version() > s.version() && m.when() == Migration.When.BEFORE_START)
          .mapToInt(Migration::version)
          .max()
          .orElse(s.version());
      long deadline = System.nanoTime() + wait.toNanos();
      return target > s.version() ? run(target, deadline, false) : Future.succeededFuture(s);
    });
  }

  /**
   * Applies every pending step, background ones included, when the lease is free; answers the state as it is when
   * another instance holds the lease (that instance is running them).
   */
  public Future<State> all() {
    if (done) {
      return state();
    }
    return run(latest(), 0, true).onSuccess(s -> done = s.version() >= latest());
  }

  /** Runs {@link #all} now and then every minute until the store is at this release's schema. */
  public void inBackground() {
    all().onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("schema migration failed; retried in a minute: {}", ar.cause().toString());
      }
      if (!done) {
        vertx.setTimer(TimeUnit.MINUTES.toMillis(1), t -> inBackground());
      }
    });
  }

  private Future<State> run(int target, long deadline, boolean giveUpIfHeld) {
    return state().compose(s -> {
      if (s.version() >= target) {
        return Future.succeededFuture(s);
      }
      return leases.tryAcquire(LEASE, owner, LEASE_TIME, clock.instant()).compose(held -> {
        if (held) {
          return applyUpTo(target).eventually(() -> leases.release(LEASE, owner));
        }
        if (giveUpIfHeld) {
          return Future.succeededFuture(s);
        }
        if (System.nanoTime() > deadline) {
          return Future.failedFuture(new IllegalStateException(
              "another instance has been applying schema migrations for longer than this one"
                  + " waits (FIELDLEAD_MONGODB_START_WAIT_MS); it is started again when they are"
                  + " done"));
        }
        LOG.info(
            "waiting for another instance's schema migrations [store={}, release={}]",
            s.version(),
            target);
        Promise<Void> later = Promise.promise();
        vertx.setTimer(POLL_MS, t -> later.complete());
        return later.future().compose(v -> run(target, deadline, false));
      });
    });
  }

  /**
   * With the lease held: each pending step in order, the state recorded after each. A new store (nothing in the
   * {@code migrations} collection: every release before this runner left a marker there at its first start) has
   * nothing to migrate: it is recorded at this release's schema without running a step.
   */
  private Future<State> applyUpTo(int target) {
    return state()
        .compose(s -> s.version() > 0
            ? Future.succeededFuture(false)
            : MongoFutures.one(store.collection(ScopedIds.COLLECTION).countDocuments())
                .map(n -> n == 0))
        .compose(fresh -> fresh ? stampNew() : applyNext(target));
  }

  private Future<State> stampNew() {
    Instant now = clock.instant();
    List<Applied> all = steps.stream()
        .map(m -> new Applied(
            m.version(), m.name() + " (new store: nothing to migrate)", now, 0, 0, owner))
        .toList();
    return record(latest(), all).compose(v -> state());
  }

  /** Records the store at schema {@code version} with {@code applied} appended to its log. */
  private Future<Void> record(int version, List<Applied> applied) {
    return MongoFutures.done(store
        .collection(ScopedIds.COLLECTION)
        .updateOne(
            Filters.eq("_id", STATE),
            Updates.combine(
                Updates.set(VERSION, version),
                Updates.pushEach(
                    STEPS, applied.stream().map(Applied::toDocument).toList())),
            new UpdateOptions().upsert(true)));
  }

  private Future<State> applyNext(int target) {
    return state().compose(s -> {
      Optional<Migration> next = steps.stream()
          .filter(m -> m.version() > s.version() && m.version() <= target)
          .findFirst();
      if (next.isEmpty()) {
        return Future.succeededFuture(s);
      }
      Migration m = next.get();
      LOG.info("schema migration started [version={}, name={}]", m.version(), m.name());
      long t0 = System.nanoTime();
      Migration.Progress progress = () -> leases
          .tryAcquire(LEASE, owner, LEASE_TIME, clock.instant())
          .compose(ok -> ok
              ? Future.<Void>succeededFuture()
              : Future.failedFuture(
                  new IllegalStateException("the migrations lease passed to another instance")));
      return m.work()
          .apply(store, progress)
          .compose(n -> {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            LOG.info(
                "schema migration done [version={}, name={}, documents={}, ms={}]",
                m.version(),
                m.name(),
                n,
                ms);
            return record(
                m.version(),
                List.of(new Applied(m.version(), m.name(), clock.instant(), n, ms, owner)));
          })
          .compose(r -> applyNext(target));
    });
  }
}
