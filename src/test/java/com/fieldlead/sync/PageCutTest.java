package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.sync.feed.PageCut;
import com.fieldlead.sync.protocol.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a delta page ends: at the byte budget, never inside one change number (sync invariant 2). */
class PageCutTest {

  @Test
  void aPageUnderTheBudgetIsSentWholeWithTheFeedsCheckpoint() {
    PageCut cut = new PageCut(1000);
    assertTrue(cut.add(change("a"), 1, 300));
    assertTrue(cut.add(change("b"), 2, 300));
    PageCut.DeltaPage page = cut.page(99, false);
    assertEquals(List.of("a", "b"), ids(page));
    assertEquals(99, page.checkpoint());
    assertFalse(page.hasMore());
    assertEquals(600, cut.bytes());
    assertEquals(2, cut.count());
  }

  @Test
  void thePageEndsBeforeTheFirstChangePastTheBudgetWhichComesNext() {
    PageCut cut = new PageCut(1000);
    assertTrue(cut.add(change("a"), 1, 400));
    assertTrue(cut.add(change("b"), 2, 400));
    assertFalse(cut.add(change("c"), 3, 400), "full: nothing after c can be on the page");
    assertThrows(IllegalStateException.class, () -> cut.add(change("d"), 4, 1));
    PageCut.DeltaPage page = cut.page(99, false);
    assertEquals(List.of("a", "b"), ids(page));
    assertEquals(2, page.checkpoint(), "the number of the last change sent");
    assertTrue(page.hasMore());
  }

  @Test
  void aCutNeverFallsBetweenTwoChangesOfOneNumber() {
    PageCut cut = new PageCut(1000);
    cut.add(change("a"), 1, 400);
    cut.add(change("b"), 2, 400);
    assertFalse(cut.add(change("c"), 2, 400));
    PageCut.DeltaPage page = cut.page(99, true);
    assertEquals(List.of("a"), ids(page), "b and c share number 2: both on the next page");
    assertEquals(1, page.checkpoint());
    assertTrue(page.hasMore());
  }

  @Test
  void oneNumbersChangesPastTheBudgetOnTheirOwnAreSentWhole() {
    PageCut cut = new PageCut(1000);
    for (String id : List.of("a", "b", "c", "d")) {
      assertTrue(cut.add(change(id), 5, 600), "one number so far: the page cannot be cut yet");
    }
    PageCut.DeltaPage page = cut.page(5, false);
    assertEquals(List.of("a", "b", "c", "d"), ids(page));
    assertEquals(5, page.checkpoint());
    assertFalse(page.hasMore());
  }

  @Test
  void aSingleChangeLargerThanTheBudgetGoesAloneOnItsPage() {
    PageCut cut = new PageCut(1000);
    assertTrue(cut.add(change("huge"), 1, 5000));
    assertFalse(cut.add(change("small"), 2, 10));
    PageCut.DeltaPage page = cut.page(2, false);
    assertEquals(List.of("huge"), ids(page));
    assertEquals(1, page.checkpoint());
    assertTrue(page.hasMore());
  }

  private static Change change(String id) {
    return new Change(PullService.TASK, id, 1, false, null, null);
  }

  private static List<String> ids(PageCut.DeltaPage page) {
    return page.changes().stream().map(Change::entityId).toList();
  }
}
