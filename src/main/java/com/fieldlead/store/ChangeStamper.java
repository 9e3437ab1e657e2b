package com.fieldlead.store;

import io.vertx.core.Future;
import java.util.function.LongFunction;

/**
 * Stamps stored changes with a per-tenant change sequence number, so a sync pull can read "everything changed since
 * seq N" without ever skipping a change (implemented by the sync feature's change sequencer). Entity repositories
 * run each write inside {@link #stamped} and store the number in {@link #FIELD}.
 */
public interface ChangeStamper {

  /** The stored-only field holding the number of an entity's last change. */
  String FIELD = "syncSeq";

  /**
   * Reserves {@code count} consecutive numbers of {@code tenantId} starting at the one passed to {@code write}, runs
   * it, and keeps readers from passing those numbers until it finished.
   */
  <T> Future<T> stamped(String tenantId, int count, LongFunction<Future<T>> write);
}
