package com.fieldlead.sync.port;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The leads one caller's phone holds (the same visibility as the lead API), and the reads a pull makes of them. Built
 * per pull by {@link LeadFeed#scope}.
 */
public interface LeadScope {

  /** Whether the caller sees every lead of the tenant (an admin): nothing can leave such a scope. */
  boolean seesAll();

  /**
   * The sharing events whose captures the caller sees: bound into checkpoints, since leads that join the scope that
   * way may predate the checkpoint.
   */
  Set<String> sharingEventIds();

  /** The changes of the scope's leads, tombstones included. */
  ChangeFeed<LeadChange> changes();

  /** The records of leads that may have left this scope (null when {@link #seesAll}). */
  @Nullable
  ChangeFeed<Exit> exits();

  /** Of {@code ids}, the leads the scope sees; null when it sees every lead. */
  Future<@Nullable Set<String>> visible(String tenantId, Collection<String> ids);

  /** The scope's leads among {@code ids} written from their whole documents (their stored state was not current). */
  Future<Map<String, RenderedLead>> rendered(String tenantId, Collection<String> ids);

  /** The leads among {@code ids} that exist, by id: their version and whether this scope still sees them. */
  Future<Map<String, Presence>> presence(String tenantId, Collection<String> ids);

  /** One page of the scope's live leads in id order after {@code afterId} (null: from the first). */
  Future<List<Versioned>> listing(String tenantId, @Nullable String afterId, int limit);

  /** The ids of the scope's live leads (activities and attachments are listed for these only). */
  Future<List<String>> liveIds(String tenantId);
}
