package com.fieldlead.lead;

import io.vertx.core.Future;

/**
 * Told after every successful lead write: create (also each created import row), update (PATCH), delete, merge (the
 * survivor's write and the loser's {@code merged_into} tombstone), convert, and server-side updates through
 * {@link LeadModule#updateServerFields} that changed a client-writable field (routing changes {@code ownerId} /
 * {@code teamId}). A server-side update that changes only server-owned fields (score, temperature, ...) does NOT
 * call listeners, so a listener that rescores cannot loop.
 *
 * <p>Listeners run one after another, after the write and its history entry, before the request is answered. A
 * failed future (or a thrown exception) is logged and ignored: it never fails the user's request. Listeners must be
 * idempotent and cheap, or hand the work on (a durable event, a background job).
 */
@FunctionalInterface
public interface LeadChangeListener {

  /**
   * @param before the stored state before the write; null on create
   * @param after the stored state after the write (a tombstone after delete / merge: {@code deletedAt} set)
   * @param actorUserId the user who made the change, or {@code system} for background work
   */
  Future<Void> leadChanged(Lead before, Lead after, String actorUserId);
}
