package com.fieldlead.sync.port;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The tasks one caller's phone holds (the same rule as the task API) and the reads a pull makes of them. */
public interface TaskScope {

  /** Whether the caller sees every task of the tenant: nothing can leave such a scope. */
  boolean seesAll();

  /** The changes of the scope's tasks, tombstones included. */
  ChangeFeed<EntityChange> changes();

  /** The records of tasks that may have left this scope (null when {@link #seesAll}). */
  @Nullable
  ChangeFeed<Exit> exits();

  /** The tasks among {@code ids} that exist, by id: their version and whether this scope still sees them. */
  Future<Map<String, Presence>> presence(String tenantId, Collection<String> ids);

  /** One page of the scope's live tasks in id order after {@code afterId} (null: from the first). */
  Future<List<Versioned>> listing(String tenantId, @Nullable String afterId, int limit);
}
