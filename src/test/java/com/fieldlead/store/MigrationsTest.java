package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema runner: steps in order, once across instances, a failed step retried, a newer store served. */
class MigrationsTest {

  private static Vertx vertx;
  private static EmbeddedStore embedded;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    embedded = EmbeddedStore.startInMemory();
  }

  @AfterAll
  static void stop() throws Exception {
    embedded.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A client of a database of its own, with the marker an earlier release's start leaves (not a new store). */
  private static MongoStore existing(String database) {
    MongoStore store = instance(database);
    Await.onContext(
        vertx,
        () -> MongoFutures.one(
            store.collection("migrations").insertOne(new Document("_id", "tenant-scoped-ids"))));
    return store;
  }

  /** A client of a database of its own. */
  private static MongoStore instance(String database) {
    return MongoStore.connect(
        embedded.connectionString(),
        new FieldleadConfig.Store(
            Optional.empty(), database, Path.of("data"), true, 10, Duration.ofSeconds(5)),
        null);
  }

  /** A step that counts its runs and takes {@code ms} (another instance's start meanwhile). */
  private static Migration slowStep(int version, Migration.When when, AtomicInteger runs, long ms) {
    return new Migration(version, "step " + version, when, (store, progress) -> {
      runs.incrementAndGet();
      Promise<Long> done = Promise.promise();
      vertx.setTimer(ms, t -> done.complete(7L));
      return done.future();
    });
  }

  @Test
  void twoInstancesStartingTogetherRunEachStepOnceAndBothServeTheMigratedStore() {
    String db = "fl_mig_" + UUID.randomUUID().toString().substring(0, 8);
    try (MongoStore a = existing(db);
        MongoStore b = instance(db)) {
      AtomicInteger first = new AtomicInteger();
      AtomicInteger second = new AtomicInteger();
      List<Migration> steps = List.of(
          slowStep(1, Migration.When.BEFORE_START, first, 300),
          slowStep(2, Migration.When.BEFORE_START, second, 300));
      Migrations onA = new Migrations(vertx, a, Clock.systemUTC(), "instance-a", steps);
      Migrations onB = new Migrations(vertx, b, Clock.systemUTC(), "instance-b", steps);
      List<Migrations.State> states = Await.onContext(
          vertx,
          () -> Future.all(
                  onA.beforeStart(Duration.ofSeconds(20)), onB.beforeStart(Duration.ofSeconds(20)))
              .map(all -> List.<Migrations.State>of(all.resultAt(0), all.resultAt(1))));
      assertEquals(1, first.get(), "step 1 ran once");
      assertEquals(1, second.get(), "step 2 ran once");
      assertEquals(2, states.get(0).version());
      assertEquals(2, states.get(1).version(), "the waiting instance starts on the migrated store");
      Migrations.State recorded = Await.onContext(vertx, onB::state);
      assertEquals(
          List.of(1, 2),
          recorded.applied().stream().map(Migrations.Applied::version).toList());
      assertEquals(7L, recorded.applied().get(0).documents());
      assertEquals(
          recorded.applied().get(0).by(), recorded.applied().get(1).by(), "one instance ran both");
      // a later start reads the state and runs nothing
      Await.onContext(vertx, () -> onA.beforeStart(Duration.ofSeconds(5)));
      assertEquals(1, first.get());
    }
  }

  @Test
  void aFailedStepStopsTheChainAtTheStepBeforeAndRunsAgainOnTheNextAttempt() {
    String db = "fl_mig_" + UUID.randomUUID().toString().substring(0, 8);
    try (MongoStore store = existing(db)) {
      AtomicInteger runs = new AtomicInteger();
      AtomicBoolean broken = new AtomicBoolean(true);
      Migration flaky = new Migration(2, "flaky", Migration.When.IN_BACKGROUND, (s, p) -> {
        runs.incrementAndGet();
        return broken.get()
            ? Future.failedFuture(new IllegalStateException("disk full"))
            : Future.succeededFuture(3L);
      });
      Migrations m = new Migrations(
          vertx,
          store,
          Clock.systemUTC(),
          "instance-a",
          List.of(slowStep(1, Migration.When.BEFORE_START, new AtomicInteger(), 1), flaky));
      Migrations.State afterStart =
          Await.onContext(vertx, () -> m.beforeStart(Duration.ofSeconds(5)));
      assertEquals(1, afterStart.version(), "the background step does not hold the start");
      assertEquals(0, runs.get());
      Throwable failed =
          Await.onContext(vertx, () -> m.all().map(s -> (Throwable) null).otherwise(e -> e));
      assertTrue(
          failed != null && failed.getMessage().contains("disk full"), String.valueOf(failed));
      assertEquals(
          1, Await.onContext(vertx, m::state).version(), "the failed step is not recorded");
      broken.set(false);
      // the lease was given back: the next attempt (a minute later in a server) takes it at once
      Migrations.State done = Await.onContext(vertx, m::all);
      assertEquals(2, done.version());
      assertEquals(2, runs.get());
    }
  }

  @Test
  void aNewStoreIsRecordedAtThisReleasesSchemaWithoutRunningAStep() {
    String db = "fl_mig_" + UUID.randomUUID().toString().substring(0, 8);
    try (MongoStore store = instance(db)) {
      AtomicInteger runs = new AtomicInteger();
      Migrations m = new Migrations(
          vertx,
          store,
          Clock.systemUTC(),
          "instance-a",
          List.of(
              slowStep(1, Migration.When.BEFORE_START, runs, 1),
              slowStep(2, Migration.When.IN_BACKGROUND, runs, 1)));
      Migrations.State s = Await.onContext(vertx, () -> m.beforeStart(Duration.ofSeconds(5)));
      assertEquals(2, s.version(), "background steps included: a new store has nothing to migrate");
      assertEquals(0, runs.get());
      assertEquals(
          List.of(1, 2), s.applied().stream().map(Migrations.Applied::version).toList());
    }
  }

  @Test
  void aStoreMigratedByANewerReleaseIsServedAsItIs() {
    String db = "fl_mig_" + UUID.randomUUID().toString().substring(0, 8);
    try (MongoStore store = existing(db)) {
      AtomicInteger runs = new AtomicInteger();
      Migrations newer = new Migrations(
          vertx,
          store,
          Clock.systemUTC(),
          "new-release",
          List.of(
              slowStep(1, Migration.When.BEFORE_START, runs, 1),
              slowStep(2, Migration.When.BEFORE_START, runs, 1),
              slowStep(3, Migration.When.BEFORE_START, runs, 1)));
      Await.onContext(vertx, () -> newer.beforeStart(Duration.ofSeconds(5)));
      Migrations older = new Migrations(
          vertx,
          store,
          Clock.systemUTC(),
          "old-release",
          List.of(
              slowStep(1, Migration.When.BEFORE_START, runs, 1),
              slowStep(2, Migration.When.BEFORE_START, runs, 1)));
      Migrations.State seen =
          Await.onContext(vertx, () -> older.beforeStart(Duration.ofSeconds(5)));
      assertEquals(3, seen.version());
      assertEquals(3, runs.get(), "the older release runs nothing");
    }
  }
}
