package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.lead.store.LeadFilters;
import com.fieldlead.lead.store.MongoLeadRepository;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.StampedReads;
import com.fieldlead.sync.port.ChangeFeed;
import com.fieldlead.sync.port.Exit;
import com.fieldlead.sync.port.LeadChange;
import com.fieldlead.sync.port.LeadFeed;
import com.fieldlead.sync.port.LeadScope;
import com.fieldlead.sync.port.Presence;
import com.fieldlead.sync.port.RenderedLead;
import com.fieldlead.sync.port.Versioned;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The lead feature's side of a sync pull ({@link LeadFeed}): the caller's {@link Visibility} as a scope, and the reads
 * of the lead and scope-exit collections a page makes within it.
 */
final class LeadSyncFeed implements LeadFeed {

  /**
   * What a page reads of a lead: enough for a tombstone, and the stored sync state with the number it was written at
   * (the whole document is read only for a lead whose stored state is not current).
   */
  private static final Bson PAGE_FIELDS = Projections.include(
      LeadFields.ID,
      LeadFields.VERSION,
      LeadFields.DELETED_AT,
      LeadFields.ERASED_AT,
      ChangeStamper.FIELD,
      LeadFields.SYNC_STATE,
      LeadFields.SYNC_STATE_SEQ);

  private final LeadAccess access;
  private final MongoCollection<Document> leads;
  private final MongoCollection<Document> exits;

  LeadSyncFeed(MongoStore store, LeadAccess access) {
    this.access = access;
    this.leads = store.collection(LeadFields.LEADS);
    this.exits = store.collection(LeadFields.SCOPE_EXITS);
  }

  private record Early(Future<List<TradeShowEvent>> sharingEvents) implements EarlyScope {}

  @Override
  public EarlyScope startEarly(String tenantId, Future<Long> accessEpoch) {
    return new Early(access.sharingEvents(tenantId, accessEpoch));
  }

  @Override
  public Future<LeadScope> scope(Principal caller, EarlyScope early) {
    Future<Visibility> visibility = early instanceof Early e
        ? access.visibility(caller, e.sharingEvents())
        : access.visibility(caller);
    return visibility.map(Scope::new);
  }

  /** The lead's stored sync state if it was written at the lead's current number; null otherwise. */
  static String currentState(Document lead) {
    return lead.get(LeadFields.SYNC_STATE) instanceof String state
            && lead.get(LeadFields.SYNC_STATE_SEQ) instanceof Number at
            && at.longValue() == StampedReads.seqOf(lead)
        ? state
        : null;
  }

  private static LeadChange change(Document d) {
    return new LeadChange(
        StampedReads.seqOf(d),
        d.getString(LeadFields.ID),
        StampedReads.versionOf(d),
        d.get(LeadFields.DELETED_AT) != null,
        d.get(LeadFields.ERASED_AT) != null,
        currentState(d));
  }

  private final class Scope implements LeadScope {

    private final Visibility visibility;
    /** Filter on lead documents (tombstones included); null: every lead of the tenant. */
    private final Bson filter;

    Scope(Visibility visibility) {
      this.visibility = visibility;
      this.filter = visibility.all() ? null : LeadFilters.visible(visibility);
    }

    @Override
    public boolean seesAll() {
      return visibility.all();
    }

    @Override
    public Set<String> sharingEventIds() {
      return visibility.eventIds();
    }

    @Override
    public ChangeFeed<LeadChange> changes() {
      return (tenantId, after, upTo, limit) -> StampedReads.window(
              leads, tenantId, after, upTo, filter, PAGE_FIELDS, limit)
          .map(docs -> docs.stream().map(LeadSyncFeed::change).toList());
    }

    @Override
    public ChangeFeed<Exit> exits() {
      Bson exitFilter = exitFilter();
      if (exitFilter == null) {
        return null;
      }
      return (tenantId, after, upTo, limit) -> StampedReads.window(
              exits, tenantId, after, upTo, exitFilter, null, limit)
          .map(docs -> docs.stream()
              .map(d -> new Exit(StampedReads.seqOf(d), d.getString(LeadFields.EXIT_LEAD_ID)))
              .toList());
    }

    /** Filter on scope-exit records that may concern this caller; null when nothing can leave an all-seeing scope. */
    private Bson exitFilter() {
      if (visibility.all()) {
        return null;
      }
      List<Bson> or = new ArrayList<>();
      if (visibility.owned()) {
        or.add(Filters.eq(LeadFields.EXIT_PREV_OWNER, visibility.userId()));
      }
      if (!visibility.teamIds().isEmpty()) {
        or.add(Filters.in(LeadFields.EXIT_PREV_TEAM, visibility.teamIds()));
      }
      if (!visibility.eventIds().isEmpty()) {
        or.add(Filters.in(LeadFields.EXIT_PREV_EVENT, visibility.eventIds()));
      }
      return or.isEmpty() ? Filters.eq(LeadFields.EXIT_PREV_OWNER, "\u0000none") : Filters.or(or);
    }

    @Override
    public Future<Set<String>> visible(String tenantId, Collection<String> ids) {
      if (filter == null) {
        return Future.succeededFuture(null);
      }
      if (ids.isEmpty()) {
        return Future.succeededFuture(Set.of());
      }
      return MongoFutures.list(leads
              .find(Filters.and(
                  Filters.eq(LeadFields.TENANT_ID, tenantId),
                  Filters.in(LeadFields.ID, ids),
                  filter))
              .projection(Projections.include(LeadFields.ID)))
          .map(docs -> {
            Set<String> out = new HashSet<>();
            docs.forEach(d -> out.add(d.getString(LeadFields.ID)));
            return out;
          });
    }

    @Override
    public Future<Map<String, RenderedLead>> rendered(String tenantId, Collection<String> ids) {
      return byId(tenantId, ids, filter).map(docs -> {
        Map<String, RenderedLead> out = new HashMap<>();
        docs.forEach(
            (id, d) -> out.put(id, new RenderedLead(StampedReads.seqOf(d), LeadSyncJson.state(d))));
        return out;
      });
    }

    @Override
    public Future<Map<String, Presence>> presence(String tenantId, Collection<String> ids) {
      return byId(tenantId, ids, null).map(docs -> {
        Map<String, Presence> out = new HashMap<>();
        docs.forEach((id, d) -> {
          Lead now = MongoLeadRepository.toLead(d);
          out.put(id, new Presence(now.version(), !now.deleted() && visibility.sees(now)));
        });
        return out;
      });
    }

    @Override
    public Future<List<Versioned>> listing(String tenantId, String afterId, int limit) {
      return StampedReads.idsAndVersions(
              leads,
              tenantId,
              LeadFields.ID,
              afterId,
              limit,
              Filters.eq(LeadFields.DELETED_AT, null),
              filter)
          .map(docs -> docs.stream()
              .map(d -> new Versioned(d.getString(LeadFields.ID), StampedReads.versionOf(d)))
              .toList());
    }

    @Override
    public Future<List<String>> liveIds(String tenantId) {
      List<Bson> and = new ArrayList<>(List.of(
          Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.eq(LeadFields.DELETED_AT, null)));
      if (filter != null) {
        and.add(filter);
      }
      return MongoFutures.list(
              leads.find(Filters.and(and)).projection(Projections.include(LeadFields.ID)))
          .map(docs -> docs.stream().map(d -> d.getString(LeadFields.ID)).toList());
    }

    /** The tenant's lead documents among {@code ids} (within {@code scope} when not null), by id. */
    private Future<Map<String, Document>> byId(
        String tenantId, Collection<String> ids, Bson scope) {
      if (ids.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      List<Bson> and = new ArrayList<>(
          List.of(Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.in(LeadFields.ID, ids)));
      if (scope != null) {
        and.add(scope);
      }
      return MongoFutures.list(leads.find(Filters.and(and))).map(docs -> {
        Map<String, Document> out = new HashMap<>();
        docs.forEach(d -> out.put(d.getString(LeadFields.ID), d));
        return out;
      });
    }
  }
}
