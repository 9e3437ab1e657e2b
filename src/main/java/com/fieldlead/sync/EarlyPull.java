package com.fieldlead.sync;

import com.fieldlead.auth.Principal;
import com.fieldlead.http.RequestSlot;
import com.fieldlead.sync.port.LeadFeed;
import io.vertx.core.Future;

/**
 * The reads a pull started while its caller was still being authenticated ({@link PullPrefetch}), for the tenant and
 * user the token named: the tenant's watermark and the tenant reads the lead scope is built on. They reach the pull's
 * handler in {@link #SLOT}, typed.
 */
record EarlyPull(
    String tenantId, String userId, Future<Watermark> watermark, LeadFeed.EarlyScope scope) {

  /** Where the gate leaves these reads for the pull's handler (see {@link com.fieldlead.http.Routes.EarlyRead}). */
  static final RequestSlot<EarlyPull> SLOT = RequestSlot.of("sync.earlyPull", EarlyPull.class);

  /** Whether these reads are the caller's (the same tenant and user as the authenticated principal). */
  boolean of(Principal p) {
    return tenantId.equals(p.tenantId()) && userId.equals(p.userId());
  }
}
