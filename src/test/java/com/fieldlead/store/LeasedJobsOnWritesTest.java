package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job scheduled to wait on writes ({@link LeasedJobs#scheduleOnWrites}) runs its timed ticks only while its input
 * collection has been written since its last completed run: an idle server's fan-outs send nothing to the store.
 */
class LeasedJobsOnWritesTest {

  private static final Duration EVERY = Duration.ofMillis(40);
  private static final Duration LEASE = Duration.ofSeconds(30);

  private InMemoryStore memory;
  private MongoClient other;
  private MongoDatabase otherDb;
  private Vertx vertx;
  private LeasedJobs jobs;

  @BeforeEach
  void start() {
    memory = InMemoryStore.start("fl_onwrites", 4);
    other = MongoClients.create(memory.connectionString());
    otherDb = other.getDatabase("fl_onwrites");
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (jobs != null) {
      Await.result(jobs.stop());
    }
    vertx.close().toCompletionStage().toCompletableFuture().get();
    other.close();
    memory.close();
  }

  private LeasedJobs jobs(boolean knowsGenerations) {
    Leases leases = new Leases(memory.store());
    return knowsGenerations
        ? new LeasedJobs(
            vertx, leases, Clock.systemUTC(), "owner-1", memory.store()::writeGeneration)
        : new LeasedJobs(vertx, leases, Clock.systemUTC(), "owner-1");
  }

  private static void pause(long ms) throws InterruptedException {
    Thread.sleep(ms);
  }

  @Test
  void timedTicksWaitForAWriteToTheInputAndRunOnceAfterEach() throws Exception {
    jobs = jobs(true);
    AtomicInteger quiet = new AtomicInteger();
    AtomicInteger plain = new AtomicInteger();
    vertx.runOnContext(v -> {
      jobs.scheduleOnWrites("quiet", EVERY, LEASE, "queue_in", () -> {
        quiet.incrementAndGet();
        return Future.succeededFuture();
      });
      jobs.schedule("plain", EVERY, LEASE, () -> {
        plain.incrementAndGet();
        return Future.succeededFuture();
      });
    });
    pause(800);
    assertEquals(1, quiet.get(), "the first tick runs, then nothing was written");
    assertTrue(plain.get() >= 5, "a plain job runs every tick: " + plain.get());

    otherDb.getCollection("queue_in").insertOne(new Document("_id", "e1"));
    pause(400);
    assertEquals(2, quiet.get(), "one run after a write by another client");
    otherDb.getCollection("queue_other").insertOne(new Document("_id", "x"));
    pause(400);
    assertEquals(2, quiet.get(), "another collection's writes leave it quiet");

    assertTrue(Await.result(jobs.tick("quiet")), "an explicit tick always runs");
    assertEquals(3, quiet.get());
  }

  @Test
  void aRunThatFailedIsRunAgainAtTheNextTick() throws Exception {
    jobs = jobs(true);
    AtomicInteger runs = new AtomicInteger();
    vertx.runOnContext(v -> jobs.scheduleOnWrites("flaky", EVERY, LEASE, "queue_in", () -> {
      int n = runs.incrementAndGet();
      return n == 1
          ? Future.failedFuture(new IllegalStateException("the store went away"))
          : Future.succeededFuture();
    }));
    pause(800);
    assertEquals(2, runs.get(), "the failed run, then one that completed, then quiet");
  }

  @Test
  void withoutWriteGenerationsEveryTickRuns() throws Exception {
    jobs = jobs(false); // MongoDB, or a store another process runs
    AtomicInteger runs = new AtomicInteger();
    vertx.runOnContext(v -> jobs.scheduleOnWrites("blind", EVERY, LEASE, "queue_in", () -> {
      runs.incrementAndGet();
      return Future.succeededFuture();
    }));
    pause(800);
    assertTrue(runs.get() >= 5, "every tick: " + runs.get());
  }
}
