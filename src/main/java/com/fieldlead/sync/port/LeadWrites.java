package com.fieldlead.sync.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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

  /** A create with the phone's id; a capture stored before is answered, not created again. */
  Future<Created> create(Principal caller, ObjectNode body);

  /** Creates in one bulk write: per body the lead created, or null where the single path must answer. */
  Future<List<SyncedLead>> createMany(Principal caller, List<ObjectNode> bodies);

  /** Applies {@code patch} to the lead as read ({@code before}); a 412 problem when it changed since. */
  Future<SyncedLead> update(Principal caller, SyncedLead before, ObjectNode patch);

  /** Updates in one bulk write: per lead the lead as written, or null where the single path must answer. */
  Future<List<SyncedLead>> updateMany(
      Principal caller, List<SyncedLead> befores, List<ObjectNode> patches);

  /** Applies {@code patch} to the lead as it is now (no version check). */
  Future<Void> update(Principal caller, String leadId, ObjectNode patch);

  /** Deletes the lead if it is still at {@code version}. */
  Future<Void> delete(Principal caller, String leadId, long version);

  /** Whether a write is about an erased person: its lead ({@code leadId}) or an {@code email} of one. */
  Future<Boolean> aboutErased(String tenantId, String leadId, String email);

  /** A create's answer: the lead, and whether this call created it (false: it was stored before). */
  record Created(SyncedLead lead, boolean created) {}
}
