package com.fieldlead.outbox;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void delaysDoubleWithJitterInTheUpperHalfAndStopAtSixHours() {
    RetryPolicy low = new RetryPolicy(Duration.ofSeconds(10), () -> 0.0);
    RetryPolicy high = new RetryPolicy(Duration.ofSeconds(10), () -> 1.0);
    assertEquals(T0.plusSeconds(5), low.next(1, T0, T0, null).orElseThrow());
    assertEquals(T0.plusSeconds(10), high.next(1, T0, T0, null).orElseThrow());
    assertEquals(T0.plusSeconds(20), low.next(3, T0, T0, null).orElseThrow());
    assertEquals(T0.plus(Duration.ofHours(3)), low.next(30, T0, T0, null).orElseThrow());
  }

  @Test
  void aLongerRetryAfterWinsAndAShorterOneDoesNot() {
    RetryPolicy p = new RetryPolicy(Duration.ofSeconds(10), () -> 0.0);
    assertEquals(T0.plusSeconds(120), p.next(1, T0, T0, Duration.ofSeconds(120)).orElseThrow());
    assertEquals(T0.plusSeconds(5), p.next(1, T0, T0, Duration.ofSeconds(1)).orElseThrow());
  }

  @Test
  void nothingIsTriedAfterThreeDaysFromTheFirstAttempt() {
    RetryPolicy p = new RetryPolicy(Duration.ofSeconds(10), () -> 0.0);
    Instant late = T0.plus(Duration.ofDays(3)).minusSeconds(2);
    assertTrue(p.next(1, late, T0, null).isEmpty());
    assertTrue(p.next(1, T0.plus(Duration.ofDays(2)), T0, null).isPresent());
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    assertEquals(Duration.ofSeconds(30), RetryPolicy.retryAfter("30", T0));
    assertEquals(
        Duration.ofSeconds(90), RetryPolicy.retryAfter("Mon, 07 Dec 2026 10:01:30 GMT", T0));
    assertNull(RetryPolicy.retryAfter("soon", T0));
    assertNull(RetryPolicy.retryAfter(null, T0));
  }
}
