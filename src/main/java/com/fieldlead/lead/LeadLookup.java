package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import io.vertx.core.Future;

/**
 * What other features (activities, tasks, cadences) need to know about a lead, with the caller's visibility already
 * applied. Implemented by the lead feature.
 */
public interface LeadLookup {

  /** The lead if {@code caller} may see it; otherwise the future fails with a 404 {@code NOT_FOUND} problem. */
  Future<LeadSummary> visible(Principal caller, String leadId);

  /** The lead in {@code tenantId} regardless of visibility (background work), or a 404 problem. */
  Future<LeadSummary> byId(String tenantId, String leadId);

  /** Called after a lead's lifecycle status changed (for example to stop a nurturing cadence on conversion). */
  interface StatusListener {
    Future<Void> statusChanged(LeadSummary lead, String fromStatus, String toStatus);
  }
}
