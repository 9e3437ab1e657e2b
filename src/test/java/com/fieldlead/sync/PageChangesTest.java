package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.sync.feed.FeedItem;
import com.fieldlead.sync.feed.PageCut;
import com.fieldlead.sync.port.EntityChange;
import com.fieldlead.sync.port.Exit;
import com.fieldlead.sync.port.LeadChange;
import com.fieldlead.sync.port.Presence;
import com.fieldlead.sync.port.RenderedLead;
import com.fieldlead.sync.protocol.Change;
import com.fieldlead.sync.protocol.RawState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a feed page's changes become on a pull page: the rules of scope, exits and stored lead states. */
class PageChangesTest {

  private static final PageChanges.Found NOTHING =
      new PageChanges.Found(null, null, Map.of(), Map.of(), Map.of());

  @Test
  void theLookupsNamedAreTheOnesThePagesChangesNeed() {
    List<FeedItem> items = List.of(
        lead(1, "l-current", "{\"id\":\"l-current\"}"),
        lead(2, "l-stale", null),
        new FeedItem(PullService.LEAD, new LeadChange(3, "l-gone", 4, true, false, null)),
        activity(4, "a-1", "l-9"),
        new FeedItem(PullService.ATTACHMENT, child(5, "f-1", "l-8", false)),
        new FeedItem(PullService.EXIT, new Exit(6, "l-7")),
        new FeedItem(PullService.TASK_EXIT, new Exit(7, "t-1")));
    PageChanges.Needs needs = PageChanges.needs(items);
    assertEquals(Set.of("l-stale"), needs.unrendered(), "only a live lead without a current state");
    assertEquals(Set.of("l-9"), needs.activityLeads());
    assertEquals(Set.of("l-8"), needs.attachmentLeads());
    assertEquals(Set.of("l-7"), needs.exitedLeads());
    assertEquals(Set.of("t-1"), needs.exitedTasks());
  }

  @Test
  void aLeadCarriesItsStoredStateOrTheStateWrittenFromItsWholeDocumentAtThePagesNumber() {
    List<FeedItem> items =
        List.of(lead(1, "l-1", "{\"a\":1}"), lead(2, "l-2", null), lead(3, "l-3", null));
    PageChanges.Found found = new PageChanges.Found(
        null,
        null,
        Map.of(),
        Map.of(),
        Map.of(
            "l-2", new RenderedLead(2, "{\"b\":2}"),
            "l-3", new RenderedLead(9, "{\"c\":3}")));
    List<Change> changes = changes(items, found);
    assertEquals(List.of("l-1", "l-2"), ids(changes), "l-3 was written again: a later page");
    assertEquals("{\"a\":1}", ((RawState) changes.get(0).state()).json());
    assertEquals("{\"b\":2}", ((RawState) changes.get(1).state()).json());
  }

  @Test
  void deletedAndErasedLeadsAreTombstones() {
    List<Change> changes = changes(
        List.of(
            new FeedItem(PullService.LEAD, new LeadChange(1, "l-1", 3, true, false, null)),
            new FeedItem(PullService.LEAD, new LeadChange(2, "l-2", 5, true, true, null))),
        NOTHING);
    assertTrue(changes.get(0).deleted());
    assertNull(changes.get(0).state());
    assertTrue(changes.get(1).deleted());
    assertEquals(new Change(PullService.LEAD, "l-2", 5, true, null, null, true), changes.get(1));
  }

  @Test
  void activitiesAndAttachmentsComeOnlyWithLeadsTheScopeSees() {
    List<FeedItem> items = List.of(
        activity(1, "a-in", "l-1"),
        activity(2, "a-out", "l-2"),
        new FeedItem(PullService.ATTACHMENT, child(3, "f-in", "l-1", false)),
        new FeedItem(PullService.ATTACHMENT, child(4, "f-gone", "l-1", true)),
        new FeedItem(PullService.ATTACHMENT, child(5, "f-out", "l-2", false)));
    PageChanges.Found found =
        new PageChanges.Found(Set.of("l-1"), Set.of("l-1"), Map.of(), Map.of(), Map.of());
    List<Change> changes = changes(items, found);
    assertEquals(List.of("a-in", "f-in", "f-gone"), ids(changes));
    assertTrue(changes.get(2).deleted());
    assertEquals(
        List.of("a-in", "a-out", "f-in", "f-gone", "f-out"),
        ids(changes(items, NOTHING)),
        "a scope that sees every lead");
  }

  @Test
  void anExitSaysTheEntityLeftUnlessItIsStillSeenOrAlreadyOnThePage() {
    List<FeedItem> items = List.of(
        new FeedItem(PullService.EXIT, new Exit(1, "l-moved")),
        new FeedItem(PullService.EXIT, new Exit(2, "l-back")),
        new FeedItem(PullService.EXIT, new Exit(3, "l-purged")),
        new FeedItem(PullService.EXIT, new Exit(4, "l-moved")),
        new FeedItem(PullService.TASK, child(5, "t-1", null, false)),
        new FeedItem(PullService.TASK_EXIT, new Exit(6, "t-1")),
        new FeedItem(PullService.TASK_EXIT, new Exit(7, "t-2")));
    PageChanges.Found found = new PageChanges.Found(
        null,
        null,
        Map.of("l-moved", new Presence(7, false), "l-back", new Presence(8, true)),
        Map.of("t-2", new Presence(3, false)),
        Map.of());
    List<Change> changes = changes(items, found);
    assertEquals(List.of("l-moved", "l-purged", "t-1", "t-2"), ids(changes));
    assertEquals(new Change(PullService.LEAD, "l-moved", 7, false, true, null), changes.get(0));
    assertEquals(
        new Change(PullService.LEAD, "l-purged", 0, false, true, null),
        changes.get(1),
        "gone altogether: version 0");
    assertEquals(new Change(PullService.TASK, "t-2", 3, false, true, null), changes.get(3));
  }

  @Test
  void changesAfterTheCutAreNotWritten() {
    AtomicInteger written = new AtomicInteger();
    List<FeedItem> items = List.of(
        new FeedItem(PullService.TASK, sized(1, "t-1", 600, written)),
        new FeedItem(PullService.TASK, sized(2, "t-2", 600, written)),
        new FeedItem(PullService.TASK, sized(3, "t-3", 600, written)),
        new FeedItem(PullService.TASK, sized(4, "t-4", 600, written)));
    PageCut cut = PageChanges.cut(items, NOTHING, 1000);
    assertEquals(List.of("t-1"), ids(cut.page(4, false).changes()));
    assertEquals(2, written.get(), "t-2 was written to find the cut; t-3 and t-4 never");
  }

  private static FeedItem lead(long seq, String id, String state) {
    return new FeedItem(PullService.LEAD, new LeadChange(seq, id, seq, false, false, state));
  }

  private static FeedItem activity(long seq, String id, String leadId) {
    return new FeedItem(PullService.ACTIVITY, child(seq, id, leadId, false));
  }

  private static EntityChange child(long seq, String id, String leadId, boolean deleted) {
    return new EntityChange(seq, id, 1, deleted, leadId, () -> Map.of("id", id));
  }

  private static EntityChange sized(long seq, String id, int chars, AtomicInteger written) {
    return new EntityChange(seq, id, 1, false, null, () -> {
      written.incrementAndGet();
      return Map.of("notes", "x".repeat(chars));
    });
  }

  private static List<Change> changes(List<FeedItem> items, PageChanges.Found found) {
    return PageChanges.cut(items, found, PullService.MAX_PAGE_BYTES)
        .page(99, false)
        .changes();
  }

  private static List<String> ids(List<Change> changes) {
    return changes.stream().map(Change::entityId).toList();
  }
}
