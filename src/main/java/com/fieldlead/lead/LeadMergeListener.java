package com.fieldlead.lead;

import io.vertx.core.Future;

/**
 * Told when two leads are merged, before the loser becomes a tombstone, so records that point at the loser
 * (activities, tasks) can be re-pointed to the survivor. A failed future fails the merge, and the loser stays live,
 * so the merge can be retried.
 */
public interface LeadMergeListener {
  Future<Void> leadsMerged(String tenantId, String survivorId, String loserId);
}
