package com.fieldlead.sync.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lead writes a push (and the conflict inbox) makes, through the lead service exactly as the API's calls, so
 * validation, scoring, routing and notifications react the same. Failures are the service's problems.
 */
public interface LeadWrites {

  /** Finishes a lead write a taken-over push's first attempt stored but did not finish. */
  Future<Void> settle(Principal caller, String deviceId, String leadId);

  /** The lead if the caller sees it, tombstones included; a 404 problem otherwise. */
  Future<SyncedLead> visible(Principal caller, String leadId);

  /** Of {@code leadIds}, the leads the caller sees (tombstones included), by id; the others are left out. */
  Future<Map<String, SyncedLead>> visible(Principal caller, Collection<String> leadIds);

  /**
   * Creates leads with the phones' ids, together (one create is a batch of one). Answers, per body in order, the lead
   * created, a capture stored before (answered, not created again), or the service's refusal; fails only on an
   * unexpected failure.
   */
  Future<List<Future<Created>>> createAll(Principal caller, List<ObjectNode> bodies);

  /**
   * Applies each patch to its lead as read ({@code befores}), together (one update is a batch of one). Answers, per
   * lead in order, the lead as written, or the service's refusal (a 412 problem when the lead changed since it was
   * read); fails only on an unexpected failure.
   */
  Future<List<Future<SyncedLead>>> updateAll(
      Principal caller, List<SyncedLead> befores, List<ObjectNode> patches);

  /** Deletes the lead if it is still at {@code version}. */
  Future<Void> delete(Principal caller, String leadId, long version);

  /** Whether a write is about an erased person: its lead ({@code leadId}) or an {@code email} of one. */
  Future<Boolean> aboutErased(String tenantId, @Nullable String leadId, @Nullable String email);

  /** A create's answer: the lead, and whether this call created it (false: it was stored before). */
  record Created(SyncedLead lead, boolean created) {}
}
