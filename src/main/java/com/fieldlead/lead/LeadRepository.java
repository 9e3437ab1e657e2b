package com.fieldlead.lead;

import com.fieldlead.store.IndexDef;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where leads live. Every method is scoped to one tenant; list and count apply the caller's {@link Visibility}. */
public interface LeadRepository {

  /** The lead with this id in this tenant, tombstones included. */
  Future<Optional<Lead>> find(String tenantId, String id);

  /** The content hash the lead was created with (for idempotent re-creates), if any. */
  Future<Optional<String>> createHash(String tenantId, String id);

  /** Inserts a new lead; the future holds false when the id exists already in this tenant. */
  Future<Boolean> insert(Lead lead, String createHash);

  /** Inserts many new leads at once (imports, seeding, benchmarks); existing ids are skipped. */
  Future<Void> insertMany(List<Lead> leads);

  /** Replaces the stored lead if its version is still {@code expectedVersion}; false when it is not (stale). */
  Future<Boolean> replace(Lead next, long expectedVersion);

  /** One page of visible, live leads matching {@code query}, in {@code order}, after {@code after} (may be null). */
  Future<List<Lead>> list(String tenantId, Visibility visibility, LeadQuery query, LeadQuery.Order order,
      CursorCodec.Position after, int limit);

  /** How many visible, live leads match {@code query}. */
  Future<Long> count(String tenantId, Visibility visibility, LeadQuery query);

  /** Live leads sharing the normalised email, the valid E.164 phone, or the normalised name and company. */
  Future<List<Lead>> likelyDuplicates(String tenantId, Lead lead, int limit);

  /** Of {@code eventIds}, those at which {@code userId} captured a lead. */
  Future<Set<String>> eventsCapturedAt(String tenantId, String userId, Collection<String> eventIds);

  /** Whether any lead (tombstones included) has {@code status}. */
  Future<Boolean> statusInUse(String tenantId, String status);

  List<IndexDef> indexes();
}
