package com.fieldlead.sync;

import com.fieldlead.sync.feed.FeedItem;
import com.fieldlead.sync.feed.PageCut;
import com.fieldlead.sync.port.EntityChange;
import com.fieldlead.sync.port.Exit;
import com.fieldlead.sync.port.LeadChange;
import com.fieldlead.sync.port.Presence;
import com.fieldlead.sync.port.RenderedLead;
import com.fieldlead.sync.protocol.Change;
import com.fieldlead.sync.protocol.RawState;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a feed page's changes into the changes a pull answers, in the feed's order, until the page is full
 * ({@link PageCut}: the changes after its cut are not converted). Activities and attachments of leads outside the
 * scope and moot exits are left out; an exit becomes a "left the scope" change unless the entity is still seen. Pure:
 * {@link #needs} says what to look up first, {@link #cut} decides with what was found.
 */
final class PageChanges {

  private PageChanges() {}

  /**
   * What a page's changes need looked up before they can be converted: the leads of activities and of attachments
   * (are they in the scope?), the leads and tasks that left some scope (where are they now?), and the live leads
   * whose stored state is not current (their whole documents).
   */
  record Needs(
      Set<String> activityLeads,
      Set<String> attachmentLeads,
      Set<String> exitedLeads,
      Set<String> exitedTasks,
      Set<String> unrendered) {}

  /**
   * What was found for {@link Needs}: of the activities' and attachments' leads those the scope sees (null: it sees
   * every lead), where exited leads and tasks stand now (absent: gone), and the leads written from whole documents.
   */
  record Found(
      Set<String> visibleForActivities,
      Set<String> visibleForAttachments,
      Map<String, Presence> exitedLeads,
      Map<String, Presence> exitedTasks,
      Map<String, RenderedLead> rendered) {}

  static Needs needs(List<FeedItem> items) {
    Needs n = new Needs(
        new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
    for (FeedItem i : items) {
      switch (i.kind()) {
        case PullService.LEAD -> {
          LeadChange l = (LeadChange) i.change();
          if (!l.deleted() && l.state() == null) {
            n.unrendered().add(l.id());
          }
        }
        case PullService.ACTIVITY -> n.activityLeads().add(((EntityChange) i.change()).leadId());
        case PullService.ATTACHMENT ->
          n.attachmentLeads().add(((EntityChange) i.change()).leadId());
        case PullService.EXIT -> n.exitedLeads().add(((Exit) i.change()).entityId());
        case PullService.TASK_EXIT -> n.exitedTasks().add(((Exit) i.change()).entityId());
        default -> {}
      }
    }
    return n;
  }

  /** The page's changes, cut at {@code maxBytes} ({@link PageCut}). */
  static PageCut cut(List<FeedItem> items, Found found, int maxBytes) {
    PageCut cut = new PageCut(maxBytes);
    Set<String> leadsSent = new HashSet<>();
    Set<String> tasksSent = new HashSet<>();
    for (FeedItem i : items) {
      Change out = null;
      switch (i.kind()) {
        case PullService.LEAD -> {
          LeadChange l = (LeadChange) i.change();
          Change change = l.erased()
              ? new Change(PullService.LEAD, l.id(), l.version(), true, null, null, true)
              : l.deleted()
                  ? tombstone(PullService.LEAD, l.id(), l.version())
                  : leadChange(l, found.rendered().get(l.id()));
          // null: written again (or left the scope) since the page was read; that later change
          // comes on a later page
          if (change != null) {
            leadsSent.add(l.id());
            out = change;
          }
        }
        case PullService.ACTIVITY -> {
          EntityChange a = (EntityChange) i.change();
          if (found.visibleForActivities() == null
              || found.visibleForActivities().contains(a.leadId())) {
            out = new Change(PullService.ACTIVITY, a.id(), a.version(), false, null, a.state());
          }
        }
        case PullService.TASK -> {
          EntityChange t = (EntityChange) i.change();
          tasksSent.add(t.id());
          out = t.deleted()
              ? tombstone(PullService.TASK, t.id(), t.version())
              : new Change(PullService.TASK, t.id(), t.version(), false, null, t.state());
        }
        case PullService.ATTACHMENT -> {
          EntityChange a = (EntityChange) i.change();
          if (found.visibleForAttachments() == null
              || found.visibleForAttachments().contains(a.leadId())) {
            out = a.deleted()
                ? tombstone(PullService.ATTACHMENT, a.id(), a.version())
                : new Change(PullService.ATTACHMENT, a.id(), a.version(), false, null, a.state());
          }
        }
        case PullService.TASK_EXIT -> {
          String taskId = ((Exit) i.change()).entityId();
          out = left(PullService.TASK, taskId, found.exitedTasks().get(taskId), tasksSent);
        }
        default -> {
          String leadId = ((Exit) i.change()).entityId();
          out = left(PullService.LEAD, leadId, found.exitedLeads().get(leadId), leadsSent);
        }
      }
      if (out != null && !cut.add(out, i.seq(), PageCut.approxJsonLength(out))) {
        break; // the page is full
      }
    }
    return cut;
  }

  /**
   * A "left the scope" change for an exit, unless the entity is still seen ({@code now}, null: gone) or a change of it
   * is on the page already ({@code sent}).
   */
  private static Change left(String type, String id, Presence now, Set<String> sent) {
    boolean stillSeen = now != null && now.seen();
    return !stillSeen && sent.add(id)
        ? new Change(type, id, now == null ? 0 : now.version(), false, true, null)
        : null;
  }

  /**
   * A live lead's change: its stored state when current, else its state written from the whole document read for it,
   * if that document is still at the page's number; null when it is not.
   */
  private static Change leadChange(LeadChange l, RenderedLead whole) {
    if (l.state() != null) {
      return new Change(
          PullService.LEAD, l.id(), l.version(), false, null, new RawState(l.state()));
    }
    return whole != null && whole.seq() == l.seq()
        ? new Change(
            PullService.LEAD, l.id(), l.version(), false, null, new RawState(whole.state()))
        : null;
  }

  private static Change tombstone(String type, String id, long version) {
    return new Change(type, id, version, true, null, null);
  }
}
