package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access epoch a kept answer is checked against, and the cache that keeps answers under it. */
class AccessEpochsTest {

  private static InMemoryStore memory;
  private static AccessEpochs epochs;

  @BeforeAll
  static void start() {
    memory = InMemoryStore.start("fl_access_epochs", 8);
    epochs = new AccessEpochs(memory.store());
  }

  @AfterAll
  static void stop() {
    memory.close();
  }

  @Test
  void everyMoveCountsEvenTheFirstMovesOfATenantRacingEachOther() throws Exception {
    String tenant = "t-" + System.nanoTime();
    assertEquals(0L, Await.result(epochs.read(tenant)), "before the first move");
    List<Future<Void>> moves = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      moves.add(epochs.advance(tenant));
    }
    Await.result(Future.all(moves));
    assertEquals(20L, Await.result(epochs.read(tenant)));
    assertEquals(0L, Await.result(epochs.read("other-" + tenant)), "another tenant's epoch stands");
  }

  @Test
  void aWriteMovesTheEpochAfterItLandsAndAFailedOneMovesItToo() throws Exception {
    String tenant = "t-" + System.nanoTime();
    AtomicInteger seenByWrite = new AtomicInteger(-1);
    Future<String> write = epochs.read(tenant).map(e -> {
      seenByWrite.set(e.intValue());
      return "written";
    });
    assertEquals("written", Await.result(epochs.after(tenant, write)));
    assertEquals(0, seenByWrite.get());
    assertEquals(1L, Await.result(epochs.read(tenant)));

    Throwable failed = Await.failure(
        epochs.after(tenant, Future.failedFuture(new IllegalStateException("half written"))));
    assertEquals("half written", failed.getMessage(), "the write's failure, not the move's");
    assertEquals(
        2L,
        Await.result(epochs.read(tenant)),
        "a failed many-document write may have changed some");
  }

  @Test
  void anAnswerIsReusedOnlyUnderTheEpochItWasKeptUnderAndWithinItsAge() {
    EpochCache<String, String> cache = new EpochCache<>(Duration.ofSeconds(60), 100);
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    cache.put("s-1", 7, "answer", t0);
    assertEquals("answer", cache.get("s-1", 7, t0.plusSeconds(59)));
    assertNull(cache.get("s-1", 8, t0), "the epoch moved on");
    assertNull(cache.get("s-1", 6, t0), "an older epoch read");
    assertNull(cache.get("s-1", 7, t0.plusSeconds(60)), "too old");
    assertNull(cache.get("s-1", 7, t0.minusSeconds(1)), "kept in the future of the clock");
    assertNull(cache.get("s-2", 7, t0));

    cache.put("s-1", 6, "older", t0.plusSeconds(1));
    assertEquals(
        "answer",
        cache.get("s-1", 7, t0.plusSeconds(1)),
        "a late answer under an older epoch is not kept");
    cache.put("s-1", 9, "newer", t0.plusSeconds(2));
    assertEquals("newer", cache.get("s-1", 9, t0.plusSeconds(2)));
    cache.drop("s-1");
    assertNull(cache.get("s-1", 9, t0.plusSeconds(2)));
  }

  @Test
  void aLoadedAnswerIsKeptOnlyWhenTheLoadSucceedsAndTheCacheStartsOverWhenFull() throws Exception {
    EpochCache<String, String> cache = new EpochCache<>(Duration.ofSeconds(60), 3);
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    AtomicInteger loads = new AtomicInteger();
    assertEquals("v", Await.result(cache.get("k", 1, now, () -> {
      loads.incrementAndGet();
      return Future.succeededFuture("v");
    })));
    assertEquals(
        "v", Await.result(cache.get("k", 1, now, () -> Future.succeededFuture("not read"))));
    assertEquals(1, loads.get());
    assertInstanceOf(
        IllegalStateException.class,
        Await.failure(
            cache.get("f", 1, now, () -> Future.failedFuture(new IllegalStateException("down")))));
    assertNull(cache.get("f", 1, now), "a failed load is not kept");

    String kept = "kept";
    cache.put("a", 1, kept, now);
    cache.put("b", 1, "b", now);
    assertSame(kept, cache.get("a", 1, now));
    cache.put("c", 1, "c", now); // a fourth key: the memory starts over with it
    assertNull(cache.get("a", 1, now));
    assertTrue(cache.get("c", 1, now) != null);
  }
}
