package com.fieldlead.assignment;

import com.fieldlead.assignment.model.Assignment;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.EventLog;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadStatus;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;

/**
 * {@link LeadGateway} over the lead feature: server-side owner changes through {@code LeadModule.updateServerFields}
 * (CAS, version bump, events stored with the change), events and settings read as the system, and open-lead counts
 * straight from the {@code leads} collection (owner index).
 */
final class LeadModuleGateway implements LeadGateway {

  private final LeadModule leads;
  private final MongoCollection<Document> collection;
  private final Clock clock;
  private final EventLog events;

  LeadModuleGateway(LeadModule leads, MongoStore store, Clock clock) {
    this.leads = leads;
    this.collection = store.collection(LeadFields.LEADS);
    this.clock = clock;
    this.events = new EventLog(store);
  }

  static Principal system(String tenantId) {
    return new Principal(
        tenantId, Assignment.SYSTEM, Role.ADMIN, Assignment.SYSTEM, null, List.of(), List.of());
  }

  @Override
  public Future<Optional<Lead>> find(String tenantId, String leadId) {
    return leads.repository().find(tenantId, leadId);
  }

  @Override
  public Future<Lead> setOwner(
      String tenantId, String leadId, String ownerId, String teamId, List<Event> events) {
    return leads.updateServerFields(
        tenantId,
        leadId,
        l -> l.withOwner(ownerId, teamId),
        "assign",
        events.stream().map(this::toDomain).toList());
  }

  @Override
  public Future<List<Lead>> setOwners(
      String tenantId, List<Lead> currents, List<OwnerChange> changes) {
    Map<String, OwnerChange> byLead = new HashMap<>();
    for (int i = 0; i < currents.size(); i++) {
      byLead.put(currents.get(i).id(), changes.get(i));
    }
    return leads.updateServerFieldsMany(tenantId, currents, null, "assign", l -> {
      OwnerChange c = byLead.get(l.id());
      return new LeadModule.ServerChange(
          l.withOwner(c.ownerId(), c.teamId()),
          c.events().stream().map(this::toDomain).toList());
    });
  }

  /** Straight into the durable log (no lead change): the deterministic id makes a repeated publish a no-op. */
  @Override
  public Future<Void> publish(Event event) {
    return events.append(toDomain(event), clock.instant()).mapEmpty();
  }

  @Override
  public DomainEvent domainEvent(Event event) {
    return toDomain(event);
  }

  /** Events about one lead's state carry a deterministic id, so a retried publish stores it once. */
  private DomainEvent toDomain(Event e) {
    Object key = e.payload().get("eventKey");
    String id = key == null
        ? UUID.randomUUID().toString()
        : UUID.nameUUIDFromBytes(
                (e.type() + ":" + e.tenantId() + ":" + key).getBytes(StandardCharsets.UTF_8))
            .toString();
    Map<String, Object> data = new HashMap<>(e.payload());
    data.remove("eventKey");
    @SuppressWarnings("unchecked")
    List<String> recipients = data.get("managerIds") instanceof List<?> l ? (List<String>) l : null;
    if (recipients != null) {
      data.put("managerIds", String.join(",", recipients));
    }
    return new DomainEvent(
        id, e.tenantId(), e.type(), e.leadId(), data, clock.instant(), recipients);
  }

  @Override
  public Future<Optional<TradeShowEvent>> event(String tenantId, String eventId) {
    return leads
        .catalog()
        .event(system(tenantId), eventId)
        .map(Optional::of)
        .recover(e -> Future.succeededFuture(Optional.empty()));
  }

  @Override
  public Future<Map<String, Integer>> openLeads(String tenantId, Collection<String> ownerIds) {
    if (ownerIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return leads
        .catalog()
        .settings(system(tenantId))
        .compose(settings -> {
          List<String> open = settings.statuses().stream()
              .filter(LeadStatus::open)
              .map(LeadStatus::key)
              .toList();
          return MongoFutures.list(collection.aggregate(List.of(
              Aggregates.match(Filters.and(
                  Filters.eq(LeadFields.TENANT_ID, tenantId),
                  Filters.in(LeadFields.OWNER_ID, ownerIds),
                  Filters.eq(LeadFields.DELETED_AT, null),
                  Filters.in(LeadFields.STATUS, open))),
              Aggregates.group("$" + LeadFields.OWNER_ID, Accumulators.sum("n", 1)))));
        })
        .map(docs -> {
          Map<String, Integer> out = new HashMap<>();
          docs.forEach(d -> out.put(d.getString("_id"), ((Number) d.get("n")).intValue()));
          return out;
        });
  }
}
