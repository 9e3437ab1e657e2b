package com.fieldlead.sync.port;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Entities that belong to a lead and are seen with it (activities, attachments): their changes across the tenant
 * (sync keeps those of leads outside the caller's scope off the page), and their listing for a re-baseline.
 */
public interface LeadChildFeed {

  /** The tenant's changes, tombstones included. */
  ChangeFeed<EntityChange> changes();

  /**
   * One page of the live entities of {@code leadIds} (null: of every lead) in id order after {@code afterId} (null:
   * from the first).
   */
  Future<List<Versioned>> listing(
      String tenantId, @Nullable Collection<String> leadIds, @Nullable String afterId, int limit);
}
