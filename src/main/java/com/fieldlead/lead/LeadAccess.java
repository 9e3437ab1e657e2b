package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.EpochCache;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Works out a caller's {@link Visibility} and loads leads through it (404 for what the caller may not see). */
final class LeadAccess {

  /** The tenants' sharing events, kept under their access epoch (an event write moves it). */
  private final EpochCache<String, List<TradeShowEvent>> sharing =
      new EpochCache<>(Duration.ofSeconds(60), 10_000);

  private final LeadRepository leads;
  private final LeadCatalogRepository catalog;
  private final Clock clock;

  LeadAccess(LeadRepository leads, LeadCatalogRepository catalog, Clock clock) {
    this.leads = leads;
    this.catalog = catalog;
    this.clock = clock;
  }

  Future<Visibility> visibility(Principal p) {
    return p.is(Role.ADMIN)
        ? Future.succeededFuture(Visibility.of(p, Set.of()))
        : visibility(p, catalog.sharingEvents(p.tenantId()));
  }

  /** The tenant's events that share captures (what {@link #visibility} reads first; it depends on the tenant only). */
  Future<List<TradeShowEvent>> sharingEvents(String tenantId) {
    return catalog.sharingEvents(tenantId);
  }

  /** {@link #sharingEvents(String)}, kept under the tenant's access epoch read before ({@code epoch}). */
  Future<List<TradeShowEvent>> sharingEvents(String tenantId, Future<Long> epoch) {
    return epoch.compose(
        e -> sharing.get(tenantId, e, clock.instant(), () -> catalog.sharingEvents(tenantId)));
  }

  /** {@link #visibility(Principal)} from the tenant's sharing events read already ({@link #sharingEvents}). */
  Future<Visibility> visibility(Principal p, Future<List<TradeShowEvent>> sharing) {
    if (p.is(Role.ADMIN)) {
      return Future.succeededFuture(Visibility.of(p, Set.of()));
    }
    return sharing.compose(events -> {
      Set<String> owned = new HashSet<>();
      events.stream().filter(e -> p.userId().equals(e.ownerId())).forEach(e -> owned.add(e.id()));
      List<String> others = events.stream()
          .map(TradeShowEvent::id)
          .filter(id -> !owned.contains(id))
          .toList();
      return leads.eventsCapturedAt(p.tenantId(), p.userId(), others).map(captured -> {
        Set<String> all = new HashSet<>(owned);
        all.addAll(captured);
        return Visibility.of(p, all);
      });
    });
  }

  /** Of {@code ids}, the leads (tombstones included) the caller sees, by id; one visibility and one lead read. */
  Future<Map<String, Lead>> visibleLeads(Principal p, Collection<String> ids) {
    Future<Visibility> visibility = p.is(Role.ADMIN) ? Future.succeededFuture(null) : visibility(p);
    return visibility.compose(v -> leads.findMany(p.tenantId(), ids).map(found -> {
      Map<String, Lead> out = new HashMap<>();
      for (Lead lead : found) {
        if (v == null || v.sees(lead)) {
          out.put(lead.id(), lead);
        }
      }
      return out;
    }));
  }

  /** The live lead if the caller sees it; otherwise a 404 (the same answer as for an id that does not exist). */
  Future<Lead> visibleLead(Principal p, String id) {
    return visibleLead(p, id, false);
  }

  /** As {@link #visibleLead(Principal, String)}; with {@code tombstones} a deleted lead is answered too. */
  Future<Lead> visibleLead(Principal p, String id, boolean tombstones) {
    return leads.find(p.tenantId(), id).compose(found -> {
      if (found.isEmpty() || (found.get().deleted() && !tombstones)) {
        return Future.failedFuture(ProblemException.notFound("lead " + id));
      }
      Lead lead = found.get();
      if (p.is(Role.ADMIN)) {
        return Future.succeededFuture(lead);
      }
      return visibility(p).map(v -> {
        if (!v.sees(lead)) {
          throw ProblemException.notFound("lead " + id);
        }
        return lead;
      });
    });
  }
}
