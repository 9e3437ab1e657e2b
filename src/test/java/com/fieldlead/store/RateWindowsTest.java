package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import com.fieldlead.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A web form's rate limits hold across instances: two instances counting on one store refuse the submission that
 * goes over the limit whichever of them takes it, a refusal is not counted, and a new minute starts afresh.
 */
class RateWindowsTest {

  private InMemoryStore store;
  private MutableClock clock;
  private RateWindows first;
  private RateWindows second;

  @BeforeEach
  void open() {
    store = InMemoryStore.start("fl_form_rates", 4);
    Await.result(store.store().ensureIndexes(RateWindows.indexes("form_rates")));
    clock = new MutableClock(Instant.parse("2026-03-01T10:00:15Z"));
    first = new RateWindows(store.store(), "form_rates", clock);
    second = new RateWindows(store.store(), "form_rates", clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void twoInstancesShareOneCountPerKeyAndMinute() {
    assertEquals(0L, Await.result(first.tryAcquire("a", 2)));
    assertEquals(0L, Await.result(second.tryAcquire("a", 2)));
    assertEquals(
        45L, Await.result(first.tryAcquire("a", 2)), "the third, on either instance, waits 45 s");
    assertEquals(
        45L,
        Await.result(second.tryAcquire("a", 2)),
        "a refusal is not counted against later ones");
    assertEquals(0L, Await.result(second.tryAcquire("b", 2)), "another key has its own count");
    Await.result(first.release("a"));
    assertEquals(0L, Await.result(second.tryAcquire("a", 2)), "a released attempt frees its place");
    clock.set(Instant.parse("2026-03-01T10:01:00Z"));
    assertEquals(0L, Await.result(first.tryAcquire("a", 2)), "a new minute starts afresh");
  }

  @Test
  void concurrentAttemptsOnTwoInstancesLetExactlyTheLimitThrough() {
    int admitted = 0;
    List<Future<Long>> attempts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      attempts.add((i % 2 == 0 ? first : second).tryAcquire("burst", 25));
    }
    for (Future<Long> a : attempts) {
      if (Await.result(a) == 0L) {
        admitted++;
      }
    }
    assertEquals(25, admitted);
    clock.advance(Duration.ofMinutes(3));
    assertEquals(0L, Await.result(first.tryAcquire("burst", 25)), "a later minute counts afresh");
  }
}
