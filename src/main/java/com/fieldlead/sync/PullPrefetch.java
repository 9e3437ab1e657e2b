package com.fieldlead.sync;

import com.fieldlead.auth.Principal;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.TradeShowEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * The reads of a pull that depend on the tenant only (its watermark, its events that share captures), started while
 * the caller is being authenticated ({@link com.fieldlead.http.Routes.EarlyRead}): an empty pull then waits for one
 * round trip of reads (the watermark beside the gate's access epoch; the sharing events are kept under that epoch),
 * not two. Reading the watermark earlier keeps it safe: a page is still read after it.
 */
final class PullPrefetch {

  /** What was started for the caller a token named. */
  record Started(
      String tenantId,
      String userId,
      Future<Watermark> watermark,
      Future<List<TradeShowEvent>> sharingEvents) {

    /** Whether these reads are the caller's (the same tenant and user as the authenticated principal). */
    boolean of(Principal p) {
      return tenantId.equals(p.tenantId()) && userId.equals(p.userId());
    }
  }

  private final ChangeSequencer sequencer;
  private final LeadModule leads;

  PullPrefetch(ChangeSequencer sequencer, LeadModule leads) {
    this.sequencer = sequencer;
    this.leads = leads;
  }

  /** Starts the reads for the tenant and user of a signed, unexpired token (the {@code EarlyRead} of a pull). */
  Started start(String tenantId, String userId, Future<Long> accessEpoch) {
    return new Started(
        tenantId,
        userId,
        sequencer.watermark(tenantId),
        leads.sharingEvents(tenantId, accessEpoch));
  }
}
