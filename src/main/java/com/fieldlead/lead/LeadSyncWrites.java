package com.fieldlead.lead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.sync.port.LeadWrites;
import com.fieldlead.sync.port.SyncedLead;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The lead writes of a sync push and the conflict inbox ({@link LeadWrites}), through the lead service. */
final class LeadSyncWrites implements LeadWrites {

  private final LeadService service;
  private final LeadAccess access;
  private final Supplier<ErasedPeople> erased;

  LeadSyncWrites(LeadService service, LeadAccess access, Supplier<ErasedPeople> erased) {
    this.service = service;
    this.access = access;
    this.erased = erased;
  }

  /** A lead as sync sees it; the record itself travels back into the service. */
  private record Synced(Lead lead) implements SyncedLead {

    @Override
    public String id() {
      return lead.id();
    }

    @Override
    public long version() {
      return lead.version();
    }

    @Override
    public boolean deleted() {
      return lead.deleted();
    }

    @Override
    public Map<String, FieldStamp> fieldMeta() {
      Map<String, FieldStamp> out = new HashMap<>();
      if (lead.fieldMeta() != null) {
        lead.fieldMeta()
            .forEach((f, c) -> out.put(f, new FieldStamp(c.version(), c.at(), c.by(), c.device())));
      }
      return out;
    }

    @Override
    public Map<String, Object> values(Collection<String> fields) {
      return LeadSyncJson.values(lead, fields);
    }

    @Override
    public String state() {
      return LeadSyncJson.state(lead);
    }
  }

  private static SyncedLead synced(Lead lead) {
    return lead == null ? null : new Synced(lead);
  }

  private static Lead lead(SyncedLead synced) {
    return ((Synced) synced).lead();
  }

  @Override
  public Future<Void> settle(Principal caller, String deviceId, String leadId) {
    return service.settle(caller, deviceId, leadId).mapEmpty();
  }

  @Override
  public Future<SyncedLead> visible(Principal caller, String leadId) {
    return access.visibleLead(caller, leadId, true).map(LeadSyncWrites::synced);
  }

  @Override
  public Future<Map<String, SyncedLead>> visible(Principal caller, Collection<String> leadIds) {
    return access.visibleLeads(caller, leadIds).map(found -> {
      Map<String, SyncedLead> out = new LinkedHashMap<>();
      found.forEach((id, l) -> out.put(id, synced(l)));
      return out;
    });
  }

  @Override
  public Future<Created> create(Principal caller, ObjectNode body) {
    return service.create(caller, body, false).map(c -> new Created(synced(c.lead()), c.created()));
  }

  @Override
  public Future<List<SyncedLead>> createMany(Principal caller, List<ObjectNode> bodies) {
    return service.createMany(caller, bodies).map(LeadSyncWrites::synced);
  }

  @Override
  public Future<SyncedLead> update(Principal caller, SyncedLead before, ObjectNode patch) {
    return service.update(caller, lead(before), patch).map(LeadSyncWrites::synced);
  }

  @Override
  public Future<List<SyncedLead>> updateMany(
      Principal caller, List<SyncedLead> befores, List<ObjectNode> patches) {
    List<Lead> leads = befores.stream().map(LeadSyncWrites::lead).toList();
    return service.updateMany(caller, leads, patches).map(LeadSyncWrites::synced);
  }

  @Override
  public Future<Void> update(Principal caller, String leadId, ObjectNode patch) {
    return service.update(caller, leadId, null, patch).mapEmpty();
  }

  @Override
  public Future<Void> delete(Principal caller, String leadId, long version) {
    return service.delete(caller, leadId, version);
  }

  @Override
  public Future<Boolean> aboutErased(String tenantId, String leadId, String email) {
    return erased.get().erased(tenantId, leadId, email);
  }

  /** Per lead in order, its synced view (null stays null: the lists line up with the caller's). */
  private static List<SyncedLead> synced(List<Lead> leads) {
    List<SyncedLead> out = new ArrayList<>(leads.size());
    leads.forEach(l -> out.add(synced(l)));
    return out;
  }
}
