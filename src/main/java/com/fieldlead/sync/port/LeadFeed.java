package com.fieldlead.sync.port;

import com.fieldlead.auth.Principal;
import io.vertx.core.Future;
import org.jspecify.annotations.Nullable;

/** The lead feature's side of a pull: the caller's lead scope, and the tenant reads it starts with, started early. */
public interface LeadFeed {

  /**
   * Starts the tenant-wide reads a scope is built on (the events that share captures), kept under the tenant's access
   * epoch ({@code accessEpoch}, read before), while the caller a token names is still being checked.
   */
  EarlyScope startEarly(String tenantId, Future<Long> accessEpoch);

  /** The caller's lead scope, from the reads {@code early} started (null: it reads them itself). */
  Future<LeadScope> scope(Principal caller, @Nullable EarlyScope early);

  /** Reads {@link #startEarly} started: opaque to sync, handed back to {@link #scope}. */
  interface EarlyScope {}
}
