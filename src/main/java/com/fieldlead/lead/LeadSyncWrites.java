package com.fieldlead.lead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.sync.port.LeadWrites;
import com.fieldlead.sync.port.SyncedLead;
import io.vertx.core.Future;
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
      if (lead.bookkeeping().fieldMeta() != null) {
        lead.bookkeeping()
            .fieldMeta()
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
  public Future<List<Future<Created>>> createAll(Principal caller, List<ObjectNode> bodies) {
    return service
        .createAll(caller, bodies)
        .map(all -> all.stream()
            .map(one -> one.map(c -> new Created(synced(c.lead()), c.created())))
            .toList());
  }

  @Override
  public Future<List<Future<SyncedLead>>> updateAll(
      Principal caller, List<SyncedLead> befores, List<ObjectNode> patches) {
    List<Lead> leads = befores.stream().map(LeadSyncWrites::lead).toList();
    return service
        .updateAll(caller, leads, patches)
        .map(all -> all.stream().map(one -> one.map(LeadSyncWrites::synced)).toList());
  }

  @Override
  public Future<Void> delete(Principal caller, String leadId, long version) {
    return service.delete(caller, leadId, version);
  }

  @Override
  public Future<Boolean> aboutErased(String tenantId, String leadId, String email) {
    return erased.get().erased(tenantId, leadId, email);
  }
}
