package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fieldlead.sync.protocol.EntityRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A re-baseline's listing order and cursor (sync invariant 7). */
class RebaselineListingTest {

  @Test
  void aListingResumesAfterTheCursorsTypeAndIdOrFromTheStart() {
    assertEquals(new RebaselineListing.Resume(0, null), RebaselineListing.resume(null));
    assertEquals(new RebaselineListing.Resume(2, "t-9"), RebaselineListing.resume("task:t-9"));
    assertEquals(
        new RebaselineListing.Resume(3, "x:1"),
        RebaselineListing.resume("attachment:x:1"),
        "an id may hold a colon");
    assertEquals(
        new RebaselineListing.Resume(0, "q"),
        RebaselineListing.resume("unknown:q"),
        "an unknown type starts over with leads");
  }

  @Test
  void aFullPageCarriesTheCursorOfItsLastEntryAndTheRestWaits() {
    List<EntityRef> listed = List.of(
        new EntityRef("lead", "l-1", 1),
        new EntityRef("lead", "l-2", 4),
        new EntityRef("task", "t-1", 2));
    RebaselineListing.Page page = RebaselineListing.page(listed, 2);
    assertEquals(listed.subList(0, 2), page.entities());
    assertEquals("lead:l-2", page.cursor());
  }

  @Test
  void theLastPageHasNoCursor() {
    List<EntityRef> listed = List.of(new EntityRef("activity", "a-1", 1));
    RebaselineListing.Page page = RebaselineListing.page(listed, 2);
    assertEquals(listed, page.entities());
    assertNull(page.cursor());
  }
}
