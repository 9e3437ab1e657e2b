package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.PendingEventSource;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.LeadSummary;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.lead.store.CursorCodec;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.lead.store.MongoLeadCatalogRepository;
import com.fieldlead.lead.store.MongoLeadRepository;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.port.LeadFeed;
import com.fieldlead.sync.port.LeadWrites;
import com.fieldlead.sync.port.ReferenceSource;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.bson.Document;

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
  private final LeadBatchImport batchImport;
  private final LeadCatalogService catalogService;
  private final LeadSyncFeed syncFeed;
  private final LeadSyncWrites syncWrites;
  private final List<StatusListener> statusListeners = new CopyOnWriteArrayList<>();
  private final List<LeadMergeListener> mergeListeners = new CopyOnWriteArrayList<>();
  private final List<LeadChangeListener> changeListeners = new CopyOnWriteArrayList<>();
  private final List<LeadPreparer> preparers = new CopyOnWriteArrayList<>();
  private final ServerFieldWriter serverWriter;
  private final LeadWriter writer;
  private final AtomicReference<CursorCodec> cursors = new AtomicReference<>();
  private final UserDirectory directory;
  private final AtomicReference<CaptureScanReader> scanReader =
      new AtomicReference<>(CaptureScanReader.NONE);
  private final List<LeadRendering> renderings = new CopyOnWriteArrayList<>();
  private final AtomicReference<ErasedPeople> erasedPeople =
      new AtomicReference<>(ErasedPeople.NONE);

  /**
   * @param directory users' time zones for {@link LeadSummary#ownerTimeZone()} (null: unknown, UTC)
   * @param stamper stamps every lead write with a sync sequence number (shared with activities and tasks)
   */
  public LeadModule(MongoStore store, Clock clock, UserDirectory directory, ChangeStamper stamper) {
    this.directory = directory;
    this.leads = new MongoLeadRepository(store, stamper);
    this.catalog = new MongoLeadCatalogRepository(store, new AccessEpochs(store));
    this.access = new LeadAccess(leads, catalog, clock);
    this.writer =
        new LeadWriter(leads, catalog, statusListeners, changeListeners, preparers, clock);
    this.serverWriter = new ServerFieldWriter(leads, catalog, writer, clock);
    this.service = new LeadService(
        leads,
        catalog,
        access,
        writer,
        () -> {
          CursorCodec c = cursors.get();
          if (c == null) {
            throw new IllegalStateException("lead module not started");
          }
          return c;
        },
        directory,
        scanReader::get,
        erasedPeople::get);
    this.ops = new LeadOps(service, leads, catalog, access, writer, mergeListeners);
    this.batchImport = new LeadBatchImport(service, leads, catalog, access, writer, directory);
    this.catalogService = new LeadCatalogService(catalog, leads, service, clock, directory);
    this.syncFeed = new LeadSyncFeed(store, access);
    this.syncWrites = new LeadSyncWrites(service, access, erasedPeople::get);
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

  /** The caller's lead visibility (analytics counts within it). */
  public Future<Visibility> visibility(Principal caller) {
    return access.visibility(caller);
  }

  /** The lead feature's side of a sync pull: the caller's lead scope and its reads. */
  public LeadFeed syncFeed() {
    return syncFeed;
  }

  /** The lead writes of a sync push and of the conflict inbox. */
  public LeadWrites syncWrites() {
    return syncWrites;
  }

  /** The reference data a phone gets with its first sync (events, qualifier questions, statuses). */
  public ReferenceSource referenceData() {
    return new LeadReferenceSource(catalogService);
  }

  /** A stored lead document as the lead record (stored-only fields such as search keys dropped). */
  public static Lead fromStored(Document doc) {
    return MongoLeadRepository.toLead(doc);
  }

  public List<Endpoint> endpoints() {
    return List.of(
        new LeadEndpoint(service, ops, renderings), new LeadCatalogEndpoint(catalogService));
  }

  /** Sets the reader of scanned payloads that captures carry (the scan feature). */
  public void setScanReader(CaptureScanReader reader) {
    scanReader.set(Objects.requireNonNull(reader, "reader"));
  }

  /** Adds a media type {@code GET /v1/leads/{id}} answers on request (see {@link LeadRendering}). */
  public void addRendering(LeadRendering rendering) {
    renderings.add(Objects.requireNonNull(rendering, "rendering"));
  }

  /** The tenant's event {@code eventId}, if it exists. */
  public Future<Optional<TradeShowEvent>> event(String tenantId, String eventId) {
    return catalog.event(tenantId, eventId);
  }

  public void addStatusListener(StatusListener listener) {
    statusListeners.add(listener);
  }

  public void addMergeListener(LeadMergeListener listener) {
    mergeListeners.add(listener);
  }

  /** Registers a listener told after every successful lead write (see {@link LeadChangeListener}). */
  /** Registers a {@link LeadPreparer}: new leads pass it before they are stored (in registration order). */
  public void addPreparer(LeadPreparer preparer) {
    preparers.add(Objects.requireNonNull(preparer, "preparer"));
  }

  /** Sets who tells whether a write is about an erased person (the data-rights feature). */
  public void useErasedPeople(ErasedPeople people) {
    erasedPeople.set(Objects.requireNonNull(people, "people"));
  }

  /** Whether a write is about an erased person ({@link ErasedPeople#NONE} until a feature sets one). */
  public ErasedPeople erasedPeople() {
    return erasedPeople.get();
  }

  public void addChangeListener(LeadChangeListener listener) {
    changeListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * What a server-side change makes of the current lead: the changed lead (built with the {@code with...} helpers of
   * {@link Lead}) and the domain events to store with it. Return null from the change function for "no change".
   */
  public record ServerChange(Lead lead, List<DomainEvent> events) {
    public ServerChange {
      Objects.requireNonNull(lead, "lead");
      events = events == null ? List.of() : List.copyOf(events);
    }
  }

  /**
   * Changes server-owned fields of a lead (score, temperature, owner after routing) outside a client request:
   * reads the lead, applies {@code change}, and writes with a compare-and-set on {@code version}; on a conflict the
   * lead is read again and {@code change} applied again (at most {@value ServerFieldWriter#MAX_ATTEMPTS} attempts,
   * then a 412 problem). The write bumps {@code version} (syncing phones see it), stamps {@code updatedAt}, appends a
   * history entry with {@code action} (for example {@code rescore}, {@code assign}) by user {@code system}, and
   * stores {@code events} in the lead's {@code pendingEvents} in the same single-document update (the relay moves
   * them to the domain event log). When {@code change} returns an equal lead and there are no events, nothing is
   * written and the current lead is answered. Change listeners are told only when a client-writable field changed
   * (an assignment's {@code ownerId}); a score-only change never re-triggers them. A deleted or unknown lead fails
   * with a 404 problem.
   *
   * <p>Note: with retries, {@code events} were decided on the first read; when events depend on the state (for
   * example "crossed into hot"), use {@link #updateServerFields(String, String, String, String, Function)}, which
   * decides them again on every attempt.
   */
  public Future<Lead> updateServerFields(
      String tenantId,
      String leadId,
      UnaryOperator<Lead> change,
      String action,
      List<DomainEvent> events) {
    return serverWriter.update(
        tenantId, leadId, SYSTEM, action, l -> new ServerChange(change.apply(l), events));
  }

  /**
   * Like {@link #updateServerFields(String, String, UnaryOperator, String, List)}, with the acting user for the
   * history ({@code system} when null) and a change function that returns the changed lead and its events together
   * (null: no change), applied to the freshly read lead on every attempt.
   */
  public Future<Lead> updateServerFields(
      String tenantId,
      String leadId,
      String actorUserId,
      String action,
      Function<Lead, ServerChange> change) {
    return serverWriter.update(
        tenantId, leadId, actorUserId == null ? SYSTEM : actorUserId, action, change);
  }

  /**
   * {@link #updateServerFields(String, String, String, String, Function)} for several leads of one tenant as the
   * caller has them (e.g. just created), in one bulk write: per lead, the lead as written, itself when nothing
   * changed, or null when it has moved on since (nothing written; update it alone, which reads it fresh).
   */
  public Future<List<Lead>> updateServerFieldsMany(
      String tenantId,
      List<Lead> currents,
      String actorUserId,
      String action,
      Function<Lead, ServerChange> change) {
    return serverWriter.updateMany(
        tenantId, currents, actorUserId == null ? SYSTEM : actorUserId, action, change);
  }

  /**
   * Runs {@code hook} right after a write stored domain events with the lead, so that alerts need not wait for the
   * relay's next period (the periodic relay still picks up anything a hook misses).
   */
  public void onEventsStored(Runnable hook) {
    serverWriter.onEventsStored(hook);
    writer.onEventsStored(hook); // creates that store events (a capture marked hot at the booth)
  }

  /** The history actor of background changes. */
  public static final String SYSTEM = "system";

  /** The stored lead (tombstones included), regardless of visibility: background work only. */
  public Future<Optional<Lead>> lead(String tenantId, String leadId) {
    return leads.find(tenantId, leadId);
  }

  /** Live leads of a tenant in id order after {@code afterId} (null: first batch): background batches. */
  public Future<List<Lead>> scan(String tenantId, String afterId, int limit) {
    return leads.scan(tenantId, afterId, limit);
  }

  /** Live leads of any tenant whose {@code scoreNextDecayAt} is due at {@code now} (oldest first). */
  public Future<List<Lead>> decayDue(Instant now, int limit) {
    return leads.decayDue(now, limit);
  }

  /** Whether {@code status} is an open status in the tenant's settings (as read at most a couple of seconds ago). */
  public Future<Boolean> isOpen(String tenantId, String status) {
    return openStatuses(tenantId).map(open -> open.test(status));
  }

  /** Which statuses are open in the tenant's settings (as read at most a couple of seconds ago). */
  public Future<Predicate<String>> openStatuses(String tenantId) {
    return catalog.recentSettings(tenantId).map(s -> s::isOpen);
  }

  /** The leads' {@code pendingEvents}, as the domain event relay reads and clears them. */
  public PendingEventSource pendingEvents() {
    return new PendingEventSource() {
      @Override
      public String name() {
        return LeadFields.LEADS;
      }

      @Override
      public Future<List<DomainEvent>> pending(int limit) {
        return leads.pendingEvents(limit);
      }

      @Override
      public Future<Void> relayed(DomainEvent event) {
        return leads.removePendingEvent(event.tenantId(), event.leadId(), event.id());
      }

      @Override
      public Future<Void> relayedAll(List<DomainEvent> events) {
        return leads.removePendingEvents(events);
      }
    };
  }

  public LeadService service() {
    return service;
  }

  public LeadOps ops() {
    return ops;
  }

  /** File imports (CSV) through the create path, in batches. */
  public LeadBatchImport batchImport() {
    return batchImport;
  }

  public LeadCatalogService catalog() {
    return catalogService;
  }

  /** The repository (seeding and benchmarks insert in bulk through it). */
  public LeadRepository repository() {
    return leads;
  }

  /** The events / segments / settings repository (seeding). */
  public LeadCatalogRepository catalogRepository() {
    return catalog;
  }

  @Override
  public Future<LeadSummary> visible(Principal caller, String leadId) {
    return access
        .visibleLead(caller, leadId)
        .compose(l -> catalog.settings(caller.tenantId()).map(s -> summary(l, s)))
        .compose(this::withOwnerZone);
  }

  @Override
  public Future<LeadSummary> byId(String tenantId, String leadId) {
    return leads
        .find(tenantId, leadId)
        .compose(l -> {
          if (l.isEmpty() || l.get().deleted()) {
            return Future.failedFuture(ProblemException.notFound("lead " + leadId));
          }
          return catalog.settings(tenantId).map(s -> summary(l.get(), s));
        })
        .compose(this::withOwnerZone);
  }

  /** One read of the leads, the tenant's statuses as read recently, one read of their owners. */
  @Override
  public Future<Map<String, LeadSummary>> byIds(String tenantId, Collection<String> leadIds) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return Future.all(leads.findMany(tenantId, leadIds), catalog.recentSettings(tenantId))
        .compose(x -> {
          List<Lead> found =
              x.<List<Lead>>resultAt(0).stream().filter(l -> !l.deleted()).toList();
          LeadSettings settings = x.resultAt(1);
          List<String> owners = found.stream()
              .map(l -> l.routing().ownerId())
              .filter(Objects::nonNull)
              .distinct()
              .toList();
          Future<List<UserInfo>> users = directory == null || owners.isEmpty()
              ? Future.succeededFuture(List.of())
              : directory.users(tenantId, owners);
          return users.map(us -> {
            Map<String, String> zones = new HashMap<>();
            us.forEach(u -> {
              if (u.timeZone() != null) {
                zones.put(u.id(), u.timeZone());
              }
            });
            Map<String, LeadSummary> out = new HashMap<>();
            for (Lead l : found) {
              LeadSummary s = summary(l, settings);
              String zone =
                  l.routing().ownerId() == null ? null : zones.get(l.routing().ownerId());
              out.put(l.id(), zone == null ? s : s.withOwnerTimeZone(zone));
            }
            return out;
          });
        });
  }

  private Future<LeadSummary> withOwnerZone(LeadSummary s) {
    if (directory == null || s.ownerId() == null) {
      return Future.succeededFuture(s);
    }
    return directory
        .user(s.tenantId(), s.ownerId())
        .map(u -> u.map(UserInfo::timeZone).map(s::withOwnerTimeZone).orElse(s));
  }

  static LeadSummary summary(Lead l, LeadSettings s) {
    return new LeadSummary(
        l.tenantId(),
        l.id(),
        l.routing().ownerId(),
        l.routing().teamId(),
        l.qualification().status(),
        s.isOpen(l.qualification().status()),
        s.isConverted(l.qualification().status()),
        l.version(),
        null,
        LeadSummary.displayName(l),
        Boolean.TRUE.equals(l.qualification().marketingOptOut()));
  }

  @Override
  public Future<String> tenantLocale(String tenantId) {
    return catalog.recentSettings(tenantId).map(LeadSettings::locale);
  }
}
