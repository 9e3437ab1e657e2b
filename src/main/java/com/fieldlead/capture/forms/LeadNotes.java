package com.fieldlead.capture.forms;

import io.vertx.core.Future;

/**
 * Adds a note activity to a lead, as {@code actorUserId} of the tenant (the activity package does it; the wiring
 * passes it in, so this package does not depend on that one).
 */
@FunctionalInterface
public interface LeadNotes {
  Future<Void> note(String tenantId, String actorUserId, String leadId, String text);
}
