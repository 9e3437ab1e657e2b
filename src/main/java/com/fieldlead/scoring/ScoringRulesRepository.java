package com.fieldlead.scoring;

import com.fieldlead.store.IndexDef;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants' scoring rules, one document per version (every version is kept: current and history). */
interface ScoringRulesRepository {

  /** One stored version: the rules (their own {@code version} and {@code updatedAt}) and who saved them. */
  record Stored(String tenantId, ScoringRules rules, String updatedBy) {}

  /** A version's metadata for the versions list. */
  record VersionInfo(int version, Instant updatedAt, String updatedBy) {}

  /** The tenant's newest version, if it ever saved rules. */
  Future<Optional<Stored>> current(String tenantId);

  /** {@link #current} as read at most a couple of seconds ago: for scoring leads, never for the rules API or a save. */
  default Future<Optional<Stored>> recent(String tenantId) {
    return current(tenantId);
  }

  /** Stores a new version; false when that version exists already (a concurrent save won). */
  Future<Boolean> insert(Stored stored);

  /** The tenant's versions, newest first. */
  Future<List<VersionInfo>> versions(String tenantId, int limit);

  List<IndexDef> indexes();
}
