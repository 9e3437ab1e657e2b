package com.fieldlead.sync;

import com.fieldlead.sync.port.LeadFeed;
import io.vertx.core.Future;

/**
 * The reads of a pull that depend on the tenant only (its watermark, its events that share captures), started while
 * the caller is being authenticated ({@link com.fieldlead.http.Routes.EarlyRead}): an empty pull then waits for one
 * round trip of reads (the watermark beside the gate's access epoch; the sharing events are kept under that epoch),
 * not two. Reading the watermark earlier keeps it safe: a page is still read after it.
 */
final class PullPrefetch {

  private final ChangeSequencer sequencer;
  private final LeadFeed leads;

  PullPrefetch(ChangeSequencer sequencer, LeadFeed leads) {
    this.sequencer = sequencer;
    this.leads = leads;
  }

  /** Starts the reads for the tenant and user of a signed, unexpired token (the {@code EarlyRead} of a pull). */
  EarlyPull start(String tenantId, String userId, Future<Long> accessEpoch) {
    return new EarlyPull(
        tenantId, userId, sequencer.watermark(tenantId), leads.startEarly(tenantId, accessEpoch));
  }
}
