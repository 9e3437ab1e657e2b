package com.fieldlead.app;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.activity.AssigneeDirectory;
import com.fieldlead.activity.model.Activity;
import com.fieldlead.activity.model.ActivityInput;
import com.fieldlead.activity.model.ActivityType;
import com.fieldlead.analytics.AnalyticsModule;
import com.fieldlead.apikey.ApiKeyModule;
import com.fieldlead.assignment.AssignmentModule;
import com.fieldlead.attachment.AttachmentModule;
import com.fieldlead.audit.AdminOperations;
import com.fieldlead.audit.AuditEndpoint;
import com.fieldlead.audit.AuditLog;
import com.fieldlead.auth.AuthModule;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.capture.forms.FormsModule;
import com.fieldlead.capture.forms.LeadNotes;
import com.fieldlead.capture.scan.ScanModule;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.crm.CrmModule;
import com.fieldlead.csv.CsvModule;
import com.fieldlead.dashboard.DashboardEndpoint;
import com.fieldlead.events.EventLog;
import com.fieldlead.events.EventRelay;
import com.fieldlead.externalid.ExternalIdModule;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Routes;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.store.LeadStoredForm;
import com.fieldlead.notify.NotifyModule;
import com.fieldlead.ops.BusinessMetrics;
import com.fieldlead.privacy.PrivacyModule;
import com.fieldlead.scoring.ScoringModule;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.Leases;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.ScopedIds;
import com.fieldlead.sync.ChangeSequencer;
import com.fieldlead.sync.SyncModule;
import com.fieldlead.webhook.WebhookModule;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The wiring of every feature: built once per process, shared by all HTTP verticles (services are stateless and
 * thread-safe; each verticle builds its own router over them).
 */
public final class Features {

  private final Vertx vertx;
  private final MongoStore store;
  private final AuthModule auth;
  private final ActivityModule activity;
  private final LeadModule leads;
  private final AssignmentModule assignment;
  private final ScoringModule scoring;
  private final LeasedJobs jobs;
  private final EventLog eventLog;
  private final EventRelay eventRelay;
  private final NotifyModule notify;
  private final ChangeSequencer sequencer;
  private final SyncModule sync;
  private final FormsModule forms;
  private final ScanModule scans;
  private final CsvModule csv;
  private final AttachmentModule attachments;
  private final WebhookModule webhooks;
  private final AnalyticsModule analytics;
  private final CrmModule crm;
  private final AuditLog audit;
  private final ApiKeyModule apiKeys;
  private final ExternalIdModule externalIds;
  private final PrivacyModule privacy;
  private PrometheusMeterRegistry registry;
  private BusinessMetrics metrics;
  private final Clock clock;
  private final boolean demo;
  /** Whether background work runs: false for a one-shot command (set by {@link #start(boolean)}). */
  private boolean background = true;

  Features(Vertx vertx, FieldleadConfig config, MongoStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.demo = config.demo();
    this.auth = new AuthModule(vertx, config, store, clock);
    this.sequencer = new ChangeSequencer(store, clock);
    this.leads = new LeadModule(store, clock, auth.directory(), sequencer);
    this.activity = new ActivityModule(
        store, clock, leads, AssigneeDirectory.from(auth.directory()), sequencer);
    leads.addStatusListener(activity.statusListener());
    leads.addChangeListener(activity.scopeListener());
    leads.addChangeListener(activity.optOutListener());
    leads.addMergeListener(
        (tenantId, survivorId, loserId) -> activity.repoint(tenantId, loserId, survivorId));
    this.assignment = new AssignmentModule(store, clock, leads, auth.directory());
    leads.addChangeListener(assignment.leadListener());
    activity.addActivityListener(a ->
        assignment.activityRecorded(a.tenantId(), a.leadId(), a.type().wire(), a.occurredAt()));
    this.scoring = new ScoringModule(store, clock, leads, activity);
    leads.addPreparer(scoring.preparer());
    leads.addPreparer(assignment.preparer());
    leads.addChangeListener(scoring.changeListener());
    activity.addActivityListener(scoring.activityListener());
    scoring.service().addTemperatureListener(assignment::temperaturesChanged);
    this.jobs = new LeasedJobs(
        vertx, new Leases(store), clock, "instance-" + UUID.randomUUID(), store::writeGeneration);
    this.eventLog = new EventLog(store);
    this.eventRelay = new EventRelay(eventLog, List.of(leads.pendingEvents()), clock);
    this.notify = new NotifyModule(
        vertx,
        config.push(),
        store,
        clock,
        auth.directory(),
        auth.deviceTokens(),
        leads,
        eventLog,
        activity.taskReminders());
    leads.addChangeListener(notify.leadListener());
    assignment.sla().locales(notify::locale); // report labels in the reader's language
    this.scans = new ScanModule(store, clock, leads);
    leads.setScanReader(scans.scanReader());
    leads.addRendering(scans.vCardRendering());
    this.forms = new FormsModule(vertx, store, clock, leads, formNotes(activity, clock));
    this.csv = new CsvModule(vertx, store, clock, leads);
    this.attachments =
        new AttachmentModule(vertx, store, clock, leads, config.attachments(), sequencer);
    leads.addMergeListener(attachments.mergeListener());
    this.sync = new SyncModule(
        store,
        clock,
        sequencer,
        new SyncModule.Features(
            leads.syncFeed(),
            leads.syncWrites(),
            leads.referenceData(),
            activity.syncFeed(),
            activity.syncWrites(),
            attachments.syncFeed()),
        auth.directory(),
        auth.deviceRevocations(),
        config.sync());
    this.webhooks =
        new WebhookModule(vertx, config.webhooks(), store, clock, eventLog, jobs.owner());
    this.crm = new CrmModule(vertx, config.crm(), store, clock, eventLog, leads, jobs.owner());
    leads.addChangeListener(attachments.scopeListener());
    this.analytics = new AnalyticsModule(store, clock, leads, assignment, auth.directory());
    leads.addChangeListener(analytics.leadListener());
    activity.addActivityListener(analytics.activityListener()); // after the SLA's: first contact
    this.audit = new AuditLog(store, clock);
    this.apiKeys = new ApiKeyModule(store, clock, audit);
    auth.useApiKeys(apiKeys.port());
    auth.useOperationAudit(new AdminOperations(audit));
    this.externalIds = new ExternalIdModule(leads);
    this.privacy = new PrivacyModule(store, clock, leads, activity, attachments, notify, audit);
    leads.useErasedPeople(privacy.erasedPeople());
  }

  /** A web form submitted again for a known lead becomes a note on it, by the form's creator (an admin). */
  private static LeadNotes formNotes(ActivityModule activity, Clock clock) {
    return (tenantId, actorUserId, leadId, text) -> activity
        .activities()
        .record(
            new Principal(
                tenantId, actorUserId, Role.ADMIN, "web-form", null, List.of(), List.of()),
            leadId,
            new ActivityInput(
                UUID.randomUUID().toString(),
                ActivityType.NOTE,
                clock.instant(),
                null,
                null,
                null,
                null,
                new Activity.Note(text)))
        .mapEmpty();
  }

  public ScoringModule scoring() {
    return scoring;
  }

  /** Whether background work runs (a server), or not (a one-shot command: {@link #start(boolean)}). */
  boolean background() {
    return background;
  }

  /** Lease-claimed background work of this instance (background features schedule their jobs here). */
  public LeasedJobs jobs() {
    return jobs;
  }

  /** The durable domain event log (consumers claim events here). */
  public EventLog eventLog() {
    return eventLog;
  }

  /** Copies domain events written with their change into the event log (runs as job {@link EventRelay#JOB}). */
  public EventRelay eventRelay() {
    return eventRelay;
  }

  void metricsRegistry(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // business metrics (README, "Metrics and alerts"): they only count, after every other listener
    this.metrics = new BusinessMetrics(vertx, store, registry, clock);
    leads.addChangeListener(metrics.captureListener());
    eventLog.onStored(metrics::eventStored);
    notify.onSendOutcome(metrics::pushOutcome);
    metrics.knownMutationResults(SyncModule.mutationResults());
    sync.onMutationResults(metrics::mutationResult);
  }

  /** The business metrics at /metrics (null before {@link #metricsRegistry}). */
  public BusinessMetrics metrics() {
    return metrics;
  }

  public AuthModule auth() {
    return auth;
  }

  public ActivityModule activity() {
    return activity;
  }

  public LeadModule leads() {
    return leads;
  }

  public AssignmentModule assignment() {
    return assignment;
  }

  public NotifyModule notifications() {
    return notify;
  }

  public AttachmentModule attachments() {
    return attachments;
  }

  public WebhookModule webhooks() {
    return webhooks;
  }

  public AnalyticsModule analytics() {
    return analytics;
  }

  public CrmModule crm() {
    return crm;
  }

  /** Collection to id field, for the collections whose ids are unique per tenant (see ScopedIds). */
  Map<String, String> tenantScopedIds() {
    Map<String, String> all = new LinkedHashMap<>(AuthModule.TENANT_SCOPED_IDS);
    ActivityModule.TENANT_SCOPED_ID_COLLECTIONS.forEach(c -> all.put(c, ActivityModule.ID_FIELD));
    return all;
  }

  /**
   * The stored data's schema steps, in order (README, "Upgrades"): each idempotent and expand-only; a new one takes
   * the next number.
   */
  List<Migration> migrations() {
    return List.of(
        new Migration(
            1,
            "ids chosen by phones scoped by tenant",
            Migration.When.BEFORE_START,
            (store, progress) -> ScopedIds.migrate(store, tenantScopedIds()).map(0L)),
        LeadStoredForm.migration(),
        attachments.recordsBackfill(),
        analytics.stageTimesBackfill());
  }

  List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>();
    all.addAll(auth.indexes());
    all.addAll(activity.indexes());
    all.addAll(leads.indexes());
    all.addAll(assignment.indexes());
    all.addAll(eventLog.indexes());
    all.addAll(scoring.indexes());
    all.addAll(notify.indexes());
    all.addAll(sync.indexes());
    all.addAll(forms.indexes());
    all.addAll(scans.indexes());
    all.addAll(csv.indexes());
    all.addAll(attachments.indexes());
    all.addAll(webhooks.indexes());
    all.addAll(analytics.indexes());
    all.addAll(crm.indexes());
    all.addAll(audit.indexes());
    all.addAll(apiKeys.indexes());
    all.addAll(privacy.indexes());
    return all;
  }

  /** Background work and keys; runs after indexes exist. */
  Future<Void> start() {
    return start(true);
  }

  /**
   * Keys, and background work when {@code background}. A one-shot command ({@code seed}, {@code bootstrap}) runs
   * without it: no job ticks and no outbox worker or push sender, so nothing is cut off when it closes the store a
   * moment later; what it writes (events, notifications) waits in the store for a running server's jobs.
   */
  Future<Void> start(boolean background) {
    this.background = background;
    if (!background) {
      jobs.stop(); // before anything schedules: jobs are recorded, never timed or ticked
    }
    return auth.start()
        .compose(v -> apiKeys.start())
        .compose(v -> privacy.start())
        .compose(v -> leads.start())
        .compose(v -> activity.start())
        .compose(v -> assignment.start(jobs))
        .compose(v -> background ? notify.start(jobs, demo) : Future.<Void>succeededFuture())
        .compose(v -> sync.start(jobs))
        .compose(v -> forms.start())
        .onSuccess(v -> {
          jobs.schedule(
              EventRelay.JOB, Duration.ofSeconds(1), Duration.ofSeconds(30), eventRelay::relayOnce);
          // a lead.hot alert should not wait up to a relay period and an alerts period: relay and
          // alert now
          leads.onEventsStored(() -> jobs.tick(EventRelay.JOB).onComplete(ar -> {
            jobs.tick(NotifyModule.ALERTS_JOB);
            jobs.tick(WebhookModule.FANOUT_JOB);
            jobs.tick(CrmModule.FANOUT_JOB);
          }));
          scoring.start(jobs);
          attachments.start(jobs);
          if (background && metrics != null) {
            metrics.start();
          }
          webhooks.start(jobs, background);
          analytics.start(jobs);
          crm.start(jobs, background);
        });
  }

  /** Stops the background jobs and the outbox; answers once their work in progress is done (the store is open). */
  Future<Void> stop() {
    auth.stop();
    if (metrics != null) {
      metrics.stop();
    }
    return Future.join(
            jobs.stop(), notify.stop(), scoring.stop(), webhooks.stop(), crm.stop(), csv.stop())
        .mapEmpty();
  }

  /** Creates the demo tenant unless it exists. */
  Future<Void> seedDemo() {
    return DemoSeed.seed(this);
  }

  Routes.Gate gate() {
    return auth.gate();
  }

  List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>();
    all.add(new SystemEndpoint(vertx, store, registry));
    all.addAll(auth.endpoints());
    all.addAll(activity.endpoints());
    all.addAll(leads.endpoints());
    all.addAll(scoring.endpoints());
    all.addAll(assignment.endpoints());
    all.addAll(notify.endpoints());
    all.addAll(sync.endpoints());
    all.addAll(forms.endpoints());
    all.addAll(scans.endpoints());
    all.addAll(csv.endpoints());
    all.addAll(attachments.endpoints());
    all.addAll(webhooks.endpoints());
    all.add(new DashboardEndpoint(vertx));
    all.addAll(analytics.endpoints());
    all.addAll(crm.endpoints());
    all.add(new AuditEndpoint(audit));
    all.addAll(apiKeys.endpoints());
    all.addAll(externalIds.endpoints());
    all.addAll(privacy.endpoints());
    return all;
  }
}
