package com.fieldlead.sync;

import com.fieldlead.sync.protocol.EntityRef;
import java.util.List;

/**
 * The order and cursor of a re-baseline's listing (sync invariant 7), pure: the whole scope's current ids and
 * versions, leads first, then activities, tasks and attachments, each by id. A page's cursor is {@code type:id} of its
 * last entry while more is listed.
 */
final class RebaselineListing {

  static final List<String> ORDER =
      List.of(PullService.LEAD, PullService.ACTIVITY, PullService.TASK, PullService.ATTACHMENT);

  private RebaselineListing() {}

  /** Where a listing resumes: the index in {@link #ORDER} and the id after which (null: from the first). */
  record Resume(int typeIndex, String afterId) {}

  /** Where the cursor {@code after} ({@code type:id}, null from the start) resumes; an unknown type: from the first. */
  static Resume resume(String after) {
    int colon = after == null ? -1 : after.indexOf(':');
    int typeIndex = colon < 0 ? 0 : Math.max(0, ORDER.indexOf(after.substring(0, colon)));
    String afterId = colon < 0 ? null : after.substring(colon + 1);
    return new Resume(typeIndex, afterId);
  }

  /** A listing page: its entries, and the cursor after them (null: the listing is complete). */
  record Page(List<EntityRef> entities, String cursor) {}

  /** The page of {@code listed} (read up to {@code limit + 1}, so that one more says whether more follows). */
  static Page page(List<EntityRef> listed, int limit) {
    boolean more = listed.size() > limit;
    List<EntityRef> page = more ? listed.subList(0, limit) : listed;
    EntityRef last = more ? page.get(page.size() - 1) : null;
    return new Page(page, last == null ? null : last.entityType() + ":" + last.entityId());
  }
}
