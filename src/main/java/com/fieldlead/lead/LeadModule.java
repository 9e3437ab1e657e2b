package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.ProblemException;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lead feature: its repositories, services and endpoints, and the {@link LeadLookup} other features use. Other
 * features register a {@link LeadLookup.StatusListener} and a {@link LeadMergeListener} here.
 */
public final class LeadModule implements LeadLookup {

  private final LeadRepository leads;
  private final LeadCatalogRepository catalog;
  private final LeadAccess access;
  private final LeadService service;
  private final LeadOps ops;
  private final LeadCatalogService catalogService;
  private final List<StatusListener> statusListeners = new CopyOnWriteArrayList<>();
  private final List<LeadMergeListener> mergeListeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<CursorCodec> cursors = new AtomicReference<>();
  private final UserDirectory directory;

  /** @param directory users' time zones for {@link LeadSummary#ownerTimeZone()} (null: unknown, UTC) */
  public LeadModule(MongoStore store, Clock clock, UserDirectory directory) {
    this.directory = directory;
    this.leads = new MongoLeadRepository(store);
    this.catalog = new MongoLeadCatalogRepository(store);
    this.access = new LeadAccess(leads, catalog);
    LeadWriter writer = new LeadWriter(leads, catalog, statusListeners, clock);
    this.service = new LeadService(leads, catalog, access, writer, () -> {
      CursorCodec c = cursors.get();
      if (c == null) {
        throw new IllegalStateException("lead module not started");
      }
      return c;
    });
    this.ops = new LeadOps(service, leads, catalog, access, writer, mergeListeners);
    this.catalogService = new LeadCatalogService(catalog, leads, service, clock);
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(leads.indexes());
    all.addAll(catalog.indexes());
    return all;
  }

  /** Loads (or creates) the shared cursor key. */
  public Future<Void> start() {
    return catalog.cursorKey().map(key -> {
      cursors.set(new CursorCodec(key));
      return null;
    });
  }

  public List<Endpoint> endpoints() {
    return List.of(new LeadEndpoint(service, ops), new LeadCatalogEndpoint(catalogService));
  }

  public void addStatusListener(StatusListener listener) {
    statusListeners.add(listener);
  }

  public void addMergeListener(LeadMergeListener listener) {
    mergeListeners.add(listener);
  }

  public LeadService service() {
    return service;
  }

  public LeadOps ops() {
    return ops;
  }

  public LeadCatalogService catalog() {
    return catalogService;
  }

  /** The repository (seeding and benchmarks insert in bulk through it). */
  public LeadRepository repository() {
    return leads;
  }

  /** The events / segments / settings repository (seeding). */
  LeadCatalogRepository catalogRepository() {
    return catalog;
  }

  /** Seeds the demo tenant's event and leads (idempotent). */
  public Future<Void> seedDemo(com.fieldlead.auth.DemoPeople people, java.time.Instant now) {
    return LeadDemoSeed.seed(this, people, now);
  }

  @Override
  public Future<LeadSummary> visible(Principal caller, String leadId) {
    return access.visibleLead(caller, leadId)
        .compose(l -> catalog.settings(caller.tenantId()).map(s -> summary(l, s)))
        .compose(this::withOwnerZone);
  }

  @Override
  public Future<LeadSummary> byId(String tenantId, String leadId) {
    return leads.find(tenantId, leadId).compose(l -> {
      if (l.isEmpty() || l.get().deleted()) {
        return Future.failedFuture(ProblemException.notFound("lead " + leadId));
      }
      return catalog.settings(tenantId).map(s -> summary(l.get(), s));
    }).compose(this::withOwnerZone);
  }

  private Future<LeadSummary> withOwnerZone(LeadSummary s) {
    if (directory == null || s.ownerId() == null) {
      return Future.succeededFuture(s);
    }
    return directory.user(s.tenantId(), s.ownerId()).map(u -> u.map(UserInfo::timeZone)
        .map(zone -> new LeadSummary(s.tenantId(), s.id(), s.ownerId(), s.teamId(), s.status(), s.open(),
            s.converted(), s.version(), zone))
        .orElse(s));
  }

  static LeadSummary summary(Lead l, LeadSettings s) {
    return new LeadSummary(l.tenantId(), l.id(), l.ownerId(), l.teamId(), l.status(), s.isOpen(l.status()),
        s.isConverted(l.status()), l.version(), null);
  }
}
