package com.fieldlead.assignment;

import com.fieldlead.events.DomainEvent;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.TradeShowEvent;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What assignment needs from the lead feature and the event log, in one narrow port (implemented over
 * {@code LeadModule} in {@link AssignmentModule}; tests may fake it).
 */
interface LeadGateway {

  /** An event to store with (or, without a lead change, beside) a write: {@code lead.assigned}, {@code sla.breached}. */
  record Event(String type, String tenantId, String leadId, Map<String, Object> payload) {}

  Future<Optional<Lead>> find(String tenantId, String leadId);

  /**
   * Sets the lead's owner and team (both may be null: a queued lead) as a server-side change with CAS and a version
   * bump, storing {@code events} with it; answers the stored lead.
   */
  Future<Lead> setOwner(
      String tenantId, String leadId, String ownerId, String teamId, List<Event> events);

  /** A new owner and team (both null: queued) for one lead, with the events to store with the change. */
  record OwnerChange(String ownerId, String teamId, List<Event> events) {}

  /**
   * {@link #setOwner} for several leads of one tenant as the caller has them (just created), in one version-checked
   * bulk write: per lead, in order, the lead as stored, or null when it moved on since (nothing written for it).
   */
  Future<List<Lead>> setOwners(String tenantId, List<Lead> currents, List<OwnerChange> changes);

  /** {@code event} as the domain event stored with a lead (a new lead's, stored with its insert). */
  DomainEvent domainEvent(Event event);

  /** Stores {@code event} in the durable event log (no lead change). */
  Future<Void> publish(Event event);

  Future<Optional<TradeShowEvent>> event(String tenantId, String eventId);

  /** Open (live, open-status) leads per owner among {@code ownerIds}; owners without any are absent. */
  Future<Map<String, Integer>> openLeads(String tenantId, Collection<String> ownerIds);
}
