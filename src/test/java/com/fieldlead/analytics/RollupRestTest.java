package com.fieldlead.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RollupRestTest {

  @Test
  void aDayThatComputesQuicklyIsComputedAgainOnTheNextRefresh() {
    assertEquals(Duration.ZERO, Rollups.rest(Duration.ofMillis(5)));
    assertEquals(Duration.ZERO, Rollups.rest(Duration.ofMillis(199)));
  }

  @Test
  void aDayThatTakesLongRestsThirtyTimesItsComputeSoTheJobHoldsAboutAThirtiethOfACore() {
    assertEquals(Duration.ofSeconds(6), Rollups.rest(Duration.ofMillis(200)));
    assertEquals(Duration.ofSeconds(45), Rollups.rest(Duration.ofMillis(1_500)));
  }

  @Test
  void noDayRestsLongerThanTenMinutes() {
    assertEquals(Duration.ofSeconds(300), Rollups.rest(Duration.ofSeconds(10)));
    assertEquals(Duration.ofMinutes(10), Rollups.rest(Duration.ofSeconds(21)));
    assertEquals(Duration.ofMinutes(10), Rollups.rest(Duration.ofMinutes(5)));
  }
}
