package com.fieldlead.sync;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.EmbeddedStore;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync invariant 3, proven on the embedded store: two "instances" (two {@link MongoStore} clients, each with its own
 * {@link ChangeSequencer}) and 8 concurrent writers write 2,000 changes, in batches of 1-3, with random delays between
 * allocating a number and writing the entity. Two readers pull continuously during the run: one with the safe
 * watermark and {@link ChangeFeed}, one naive (advance to the highest seq seen). Both run in the same harness, so the
 * naive reader's misses show that the harness does create the race the watermark protects against.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChangeSequencerConcurrencyTest {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeSequencerConcurrencyTest.class);
  private static final String TENANT = "t-race";
  private static final int WRITERS = 8;
  private static final int CHANGES = 2_000;
  private static final int PAGE = 50;

  private static Vertx vertx;
  private static EmbeddedStore embedded;
  private static MongoStore instanceA;
  private static MongoStore instanceB;
  private static final Set<Long> written = ConcurrentHashMap.newKeySet();
  private static final Map<Long, Integer> safeSeen = new ConcurrentHashMap<>();
  private static final Map<Long, Integer> naiveSeen = new ConcurrentHashMap<>();
  private static final AtomicInteger heldBackPolls = new AtomicInteger();
  private static final AtomicBoolean writersDone = new AtomicBoolean();
  private static long finalCounter;
  private static long overruns;

  @BeforeAll
  static void runEightWritersOnTwoInstancesWithTwoReaders() throws Exception {
    vertx = Vertx.vertx();
    embedded = EmbeddedStore.startInMemory();
    instanceA = connect();
    instanceB = connect();
    ChangeSequencer a = new ChangeSequencer(instanceA, Clock.systemUTC());
    ChangeSequencer b = new ChangeSequencer(instanceB, Clock.systemUTC());
    ChangeFeed feed = new ChangeFeed(List.of(changes(instanceB)), "syncSeq");
    Promise<Void> all = Promise.promise();
    vertx.runOnContext(v -> {
      AtomicInteger remaining = new AtomicInteger(CHANGES);
      List<Future<Void>> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        writers.add(writer(
            "w" + i, remaining, new ChangeSequencer[] {a, b}, new MongoStore[] {instanceA, instanceB
            }));
      }
      Future<Void> writing = Future.all(writers)
          .compose(x -> a.watermark(TENANT))
          .map(w -> {
            finalCounter = w.counter();
            writersDone.set(true);
            return null;
          });
      Future<Void> safe = safeReader(a, feed, 0);
      Future<Void> naive = naiveReader(changes(instanceA), 0);
      Future.all(writing, safe, naive).<Void>mapEmpty().onComplete(all);
    });
    all.future().toCompletionStage().toCompletableFuture().get(50, TimeUnit.SECONDS);
    overruns = a.leaseOverruns() + b.leaseOverruns();
    LOG.info(
        "sync race run [changes={}, counter={}, safeSeen={}, naiveSeen={}, naiveMissed={}, heldBackPolls={}]",
        written.size(),
        finalCounter,
        safeSeen.size(),
        naiveSeen.size(),
        missing(naiveSeen).size(),
        heldBackPolls.get());
  }

  @AfterAll
  static void stop() throws Exception {
    instanceA.close();
    instanceB.close();
    embedded.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void writersOnTwoInstancesGetEveryNumberOnceAndNoGaps() {
    assertEquals(CHANGES, written.size());
    assertEquals(CHANGES, finalCounter);
    assertTrue(written.equals(seqRange(1, CHANGES)), "numbers are not exactly 1.." + CHANGES);
    assertEquals(0, overruns);
  }

  @Test
  void readerOnTheSafeWatermarkSeesEveryChangeExactlyOnce() {
    assertEquals(Set.of(), missing(safeSeen), "changes the watermark reader never saw");
    assertEquals(written.size(), safeSeen.size());
    assertTrue(safeSeen.values().stream().allMatch(n -> n == 1), "a change was delivered twice");
  }

  @Test
  void inFlightWritesReallyHeldTheWatermarkBackDuringTheRun() {
    // Without this, "no skip" could be an artefact of a reader that never overlapped a slow write.
    assertTrue(heldBackPolls.get() > 0, "no poll ever saw a write in flight");
  }

  @Test
  void naiveReaderThatAdvancesToTheHighestSeqSeenMissesChangesInTheSameRun() {
    Set<Long> missed = missing(naiveSeen);
    assertFalse(missed.isEmpty(), "the harness failed to provoke the race the watermark prevents");
  }

  private static Future<Void> writer(
      String name, AtomicInteger remaining, ChangeSequencer[] sequencers, MongoStore[] stores) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int wanted = 1 + random.nextInt(3);
    int batch = Math.min(wanted, Math.max(0, remaining.getAndAdd(-wanted)));
    if (batch <= 0) {
      return Future.succeededFuture();
    }
    int instance = random.nextInt(2);
    MongoCollection<Document> target = changes(stores[instance]);
    return sequencers[instance]
        .write(
            TENANT,
            batch,
            allocation -> delay(random).compose(v -> {
              List<Document> docs = new ArrayList<>();
              for (int i = 0; i < allocation.count(); i++) {
                docs.add(new Document("_id", TENANT + ":" + allocation.seq(i))
                    .append("tenantId", TENANT)
                    .append("syncSeq", allocation.seq(i))
                    .append("writer", name));
              }
              return MongoFutures.one(target.insertMany(docs)).map(r -> allocation);
            }))
        .compose(allocation -> {
          for (int i = 0; i < allocation.count(); i++) {
            written.add(allocation.seq(i));
          }
          return writer(name, remaining, sequencers, stores);
        });
  }

  /** Mostly short, sometimes a long pause between allocation and write: the window where a naive reader skips. */
  private static Future<Void> delay(ThreadLocalRandom random) {
    int roll = random.nextInt(100);
    long millis = roll < 40 ? 0 : roll < 95 ? random.nextInt(1, 4) : random.nextInt(8, 20);
    return millis == 0 ? Future.succeededFuture() : vertx.timer(millis).mapEmpty();
  }

  private static Future<Void> safeReader(
      ChangeSequencer sequencer, ChangeFeed feed, long checkpoint) {
    boolean lastRound = writersDone.get();
    return sequencer
        .watermark(TENANT)
        .compose(watermark -> {
          if (watermark.heldBack()) {
            heldBackPolls.incrementAndGet();
          }
          return feed.page(TENANT, checkpoint, watermark, PAGE);
        })
        .compose(page -> {
          page.changes().forEach(d -> safeSeen.merge(d.getLong("syncSeq"), 1, Integer::sum));
          if (lastRound && !page.hasMore() && page.checkpoint() >= finalCounter) {
            return Future.succeededFuture();
          }
          return pause(page.changes().isEmpty())
              .compose(v -> safeReader(sequencer, feed, page.checkpoint()));
        });
  }

  private static Future<Void> naiveReader(MongoCollection<Document> changes, long checkpoint) {
    boolean lastRound = writersDone.get();
    return MongoFutures.list(changes
            .find(and(eq("tenantId", TENANT), gt("syncSeq", checkpoint)))
            .sort(Sorts.ascending("syncSeq"))
            .limit(PAGE))
        .compose(docs -> {
          long next = checkpoint;
          for (Document d : docs) {
            naiveSeen.merge(d.getLong("syncSeq"), 1, Integer::sum);
            next = Math.max(next, d.getLong("syncSeq"));
          }
          if (lastRound && docs.isEmpty()) {
            return Future.succeededFuture();
          }
          long resume = next;
          return pause(docs.isEmpty()).compose(v -> naiveReader(changes, resume));
        });
  }

  private static Future<Void> pause(boolean idle) {
    return idle ? vertx.timer(1).mapEmpty() : Future.succeededFuture();
  }

  private static Set<Long> missing(Map<Long, Integer> seen) {
    Set<Long> missed = new TreeSet<>(written);
    missed.removeAll(seen.keySet());
    return missed;
  }

  private static Set<Long> seqRange(long from, long to) {
    Set<Long> range = new TreeSet<>();
    for (long s = from; s <= to; s++) {
      range.add(s);
    }
    return range;
  }

  private static MongoCollection<Document> changes(MongoStore store) {
    return store.collection("sync_test_changes");
  }

  private static MongoStore connect() {
    return MongoStore.connect(
        embedded.connectionString(),
        new FieldleadConfig.Store(
            Optional.empty(), "fl_sync_race", Path.of("data"), true, 20, Duration.ofSeconds(5)),
        null);
  }
}
