package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import com.fieldlead.testing.MutableClock;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sequencer's single-writer behaviour: batches, markers, failures, leases and crashed writers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChangeSequencerTest {

  private static InMemoryStore memory;
  private static MongoStore store;
  private MutableClock clock;
  private ChangeSequencer sequencer;
  private String tenant;

  @BeforeAll
  static void start() {
    memory = InMemoryStore.start("fl_sync_seq", 10);
    store = memory.store();
  }

  @AfterAll
  static void stop() {
    memory.close();
  }

  @BeforeEach
  void freshTenant() {
    clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    sequencer = new ChangeSequencer(store, clock);
    tenant = "t-" + UUID.randomUUID();
  }

  @Test
  void batchGetsConsecutiveNumbersUnderOneMarkerAndTheNextWriteContinuesAfterIt() throws Exception {
    List<Long> markersDuringWrite = new ArrayList<>();
    Allocation batch = Await.result(sequencer.write(
        tenant,
        5,
        a -> markers().map(n -> {
          markersDuringWrite.add(n);
          return a;
        })));
    Allocation next = Await.result(sequencer.write(tenant, Future::succeededFuture));

    assertEquals(List.of(1L, 5L, 6L), List.of(batch.first(), batch.last(), next.first()));
    assertEquals(List.of(1L), markersDuringWrite);
    assertEquals(0L, Await.result(markers()));
    assertEquals(new Watermark(6, 6), Await.result(sequencer.watermark(tenant)));
  }

  @Test
  void writeInFlightHoldsTheWatermarkAtItsFloorUntilItIsDone() throws Exception {
    Await.result(sequencer.write(tenant, 2, Future::succeededFuture));
    Watermark during = Await.result(sequencer.write(tenant, a -> sequencer.watermark(tenant)));

    assertEquals(new Watermark(2, 3), during);
    assertTrue(during.heldBack());
    assertEquals(new Watermark(3, 3), Await.result(sequencer.watermark(tenant)));
  }

  @Test
  void failedWriteReleasesItsMarkerAndReportsTheFailure() throws Exception {
    IllegalStateException boom = new IllegalStateException("entity write failed");
    Throwable failed = Await.failure(sequencer.write(tenant, a -> Future.failedFuture(boom)));
    Throwable thrown = Await.failure(sequencer.write(tenant, a -> {
      throw new IllegalArgumentException("bad stamp");
    }));

    assertSame(boom, failed);
    assertInstanceOf(IllegalArgumentException.class, thrown);
    assertEquals(0L, Await.result(markers()));
    assertEquals(
        new Watermark(2, 2),
        Await.result(sequencer.watermark(tenant)),
        "burnt numbers are harmless gaps");
  }

  @Test
  void crashedWritersMarkerHoldsTheWatermarkOnlyUntilItsLeaseExpires() throws Exception {
    Await.result(sequencer.write(tenant, 3, Future::succeededFuture));
    Document orphan = new Document("id", new ObjectId())
        .append("floor", 3L)
        .append("expiresAt", Date.from(clock.instant().plus(ChangeSequencer.DEFAULT_LEASE)));
    Await.result(MongoFutures.one(store
        .collection(ChangeSequencer.COUNTERS)
        .updateOne(new Document("_id", tenant), Updates.push(ChangeSequencer.INFLIGHT, orphan))));
    Await.result(sequencer.write(tenant, 2, Future::succeededFuture));

    assertEquals(new Watermark(3, 5), Await.result(sequencer.watermark(tenant)));
    clock.advance(ChangeSequencer.DEFAULT_LEASE.plusSeconds(1));
    assertEquals(new Watermark(5, 5), Await.result(sequencer.watermark(tenant)));
    assertTrue(Await.result(sequencer.purgeExpired()) >= 1);
    assertEquals(0L, Await.result(markers()));
  }

  @Test
  void writerWhoseLeaseRanOutBeforeTheWriteReallocatesAndWritesWithFreshNumbers() throws Exception {
    // Reads: expiresAt of attempt 1 (t0), then its lease check (t0+25s: less than the 10 s margin
    // left).
    clock.stepOnRead(Duration.ofSeconds(25), 2);
    List<Long> stamped = new ArrayList<>();
    Await.result(sequencer.write(tenant, a -> {
      stamped.add(a.first());
      return Future.succeededFuture();
    }));

    assertEquals(List.of(2L), stamped, "number 1 was burnt with the stale lease");
    assertEquals(0L, Await.result(markers()));
    assertEquals(new Watermark(2, 2), Await.result(sequencer.watermark(tenant)));
  }

  @Test
  void writerThatNeverGetsAUsableLeaseFailsWithoutWritingAndLeavesNoMarker() throws Exception {
    clock.stepOnRead(Duration.ofSeconds(25), 100);
    List<Allocation> calls = new ArrayList<>();
    Throwable failed = Await.failure(sequencer.write(tenant, a -> {
      calls.add(a);
      return Future.succeededFuture();
    }));

    assertInstanceOf(IllegalStateException.class, failed);
    assertTrue(calls.isEmpty());
    assertEquals(0L, Await.result(markers()));
  }

  @Test
  void writeThatOutlivesItsLeaseIsCountedAsAnOverrun() throws Exception {
    Await.result(sequencer.write(tenant, a -> {
      clock.advance(ChangeSequencer.DEFAULT_LEASE);
      return Future.succeededFuture();
    }));

    assertEquals(1, sequencer.leaseOverruns());
  }

  @Test
  void tenantsHaveTheirOwnCountersAndAWriteInFlightHoldsBackOnlyItsTenant() throws Exception {
    String other = tenant + "-other";
    Await.result(sequencer.write(other, 4, Future::succeededFuture));
    Watermark otherDuring = Await.result(sequencer.write(tenant, a -> sequencer.watermark(other)));

    assertEquals(new Watermark(4, 4), otherDuring);
    assertEquals(new Watermark(1, 1), Await.result(sequencer.watermark(tenant)));
    assertEquals(new Watermark(0, 0), Await.result(sequencer.watermark(tenant + "-never-written")));
  }

  @Test
  void zeroOrNegativeCountIsRefused() {
    assertFalse(sequencer.write(tenant, 0, Future::succeededFuture).succeeded());
  }

  /** How many in-flight markers the tenant's counter holds. */
  private Future<Long> markers() {
    return MongoFutures.first(
            store.collection(ChangeSequencer.COUNTERS).find(new Document("_id", tenant)))
        .map(counter -> counter
            .map(c -> (long)
                c.getList(ChangeSequencer.INFLIGHT, Document.class, List.of()).size())
            .orElse(0L));
  }
}
