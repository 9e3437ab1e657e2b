package com.fieldlead.http;

import io.vertx.core.Future;

/**
 * What an answer waits for before it goes out: that everything written so far survives a power loss. On the embedded
 * store that is its group commit (one fsync for every answer of the moment); on MongoDB the write concern of each
 * write already did it, and this is done at once.
 */
@FunctionalInterface
public interface Durability {

  /** Nothing to wait for (MongoDB, or tests that do not care). */
  Durability NONE = Future::succeededFuture;

  /** Completes, on the caller's context, once everything written so far survives a power loss. */
  Future<Void> barrier();
}
