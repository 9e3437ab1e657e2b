package com.fieldlead.sync.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A pull page reads about as many changes as its byte budget holds, never more than the client's limit. */
class PageSizingTest {

  private static final int BUDGET = 1024 * 1024;

  @Test
  void aTenantNotSeenYetReadsTheClientsLimit() {
    assertEquals(500, new PageSizing(BUDGET).reads("t-1", 500));
  }

  @Test
  void afterAPageOfLargeChangesTheNextReadsWhatTheBudgetHoldsWithTheMargin() {
    PageSizing sizing = new PageSizing(BUDGET);
    sizing.observed("t-1", 375, 375L * 2800);
    int reads = sizing.reads("t-1", 500);
    int fits = BUDGET / 2800; // 374
    assertTrue(reads >= fits && reads <= Math.ceil(fits * PageSizing.MARGIN) + 1, "reads " + reads);
    assertEquals(
        500, sizing.reads("t-2", 500), "another tenant's sizes do not shrink this one's pages");
  }

  @Test
  void smallChangesNeverReadMoreThanTheLimitAndHugeOnesNeverFewerThanTheFloor() {
    PageSizing sizing = new PageSizing(BUDGET);
    sizing.observed("small", 100, 100L * 300);
    assertEquals(200, sizing.reads("small", 200));
    sizing.observed("huge", 2, 2L * 400_000);
    assertEquals(PageSizing.MIN_READ, sizing.reads("huge", 500));
    assertEquals(10, sizing.reads("huge", 10), "the client's limit bounds the floor too");
  }

  @Test
  void theEstimateFollowsTheNewestPagesAndIgnoresEmptyOnes() {
    PageSizing sizing = new PageSizing(BUDGET);
    sizing.observed("t-1", 10, 10L * 4000);
    sizing.observed("t-1", 0, 0);
    int afterLarge = sizing.reads("t-1", 1000);
    sizing.observed("t-1", 300, 300L * 1000);
    sizing.observed("t-1", 300, 300L * 1000);
    int afterSmaller = sizing.reads("t-1", 1000);
    assertTrue(afterLarge < 300 && afterSmaller > 800, afterLarge + " then " + afterSmaller);
  }
}
