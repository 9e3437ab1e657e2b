package com.fieldlead.sync.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a feed page read with one change more than its limit ends (the scoped feed's rule). */
class FeedWindowTest {

  @Test
  void noMoreThanTheLimitIsAWholePageCheckpointedAtTheSafeWatermark() {
    FeedWindow.Cut<Long> cut = FeedWindow.cut(List.of(3L, 4L, 7L), Long::longValue, 3, 20);
    assertEquals(List.of(3L, 4L, 7L), cut.page());
    assertEquals(20, cut.checkpoint(), "nothing else up to the watermark is in the scope");
    assertFalse(cut.hasMore());
  }

  @Test
  void pastTheLimitThePageEndsBeforeTheFirstNumberItCannotTakeWhole() {
    // limit 3: the fourth change's number (6) is shared by the third: both wait for the next page
    FeedWindow.Cut<Long> cut = FeedWindow.cut(List.of(3L, 4L, 6L, 6L, 8L), Long::longValue, 3, 20);
    assertEquals(List.of(3L, 4L), cut.page());
    assertEquals(5, cut.checkpoint(), "just below the number cut off");
    assertTrue(cut.hasMore());
  }

  @Test
  void whenEveryChangeReadSharesOneNumberThatNumberIsToBeReadWhole() {
    FeedWindow.Cut<Long> cut = FeedWindow.cut(List.of(9L, 9L, 9L, 9L), Long::longValue, 3, 20);
    assertNull(cut.page(), "no page yet: the number's changes are read without a limit");
    assertEquals(9, cut.checkpoint());
    assertTrue(cut.hasMore(), "more follows the number while it is below the watermark");
    assertFalse(FeedWindow.cut(List.of(9L, 9L), Long::longValue, 1, 9).hasMore());
  }
}
