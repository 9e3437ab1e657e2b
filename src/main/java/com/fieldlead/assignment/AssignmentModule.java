package com.fieldlead.assignment;

import com.fieldlead.assignment.model.Assignment;
import com.fieldlead.assignment.model.RoutingDecision;
import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.assignment.store.AssignmentSchema;
import com.fieldlead.assignment.store.MongoAssignmentLog;
import com.fieldlead.assignment.store.MongoRoutingSettings;
import com.fieldlead.assignment.store.MongoSlaClocks;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.LeadPreparer;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assignment feature: routing rules and rep availability, routing of ownerless new leads, manual reassignment
 * with history, and the speed-to-lead SLA (clocks, first contact, breach check). Register {@link #leadListener()}
 * with the lead feature and feed activities to {@link #activityRecorded}; schedule {@link #checkSlaBreaches()}.
 */
public final class AssignmentModule {

  private static final Logger LOG = LoggerFactory.getLogger(AssignmentModule.class);
  /** How often the SLA breach check runs (on one instance at a time; each breach is claimed once anyway). */
  public static final Duration SLA_CHECK_EVERY = Duration.ofSeconds(30);
  /** Longer than one bounded batch of the check. */
  static final Duration SLA_CHECK_LEASE = Duration.ofSeconds(120);

  private final RoutingSettingsService settings;
  private final AssignmentService assignments;
  private final SlaService sla;
  private final MongoAssignmentLog log;
  private final MongoSlaClocks clocks;
  private final Clock clock;
  private final LeadModule leads;
  private final SlaWorkList workList;

  public AssignmentModule(
      MongoStore store, Clock clock, LeadModule leads, UserDirectory directory) {
    Objects.requireNonNull(leads, "leads");
    this.leads = leads;
    this.clock = clock;
    MongoRoutingSettings routing = new MongoRoutingSettings(store);
    LeadGateway gateway = new LeadModuleGateway(leads, store, clock);
    RepRoster roster = new RepRoster(directory);
    this.log = new MongoAssignmentLog(store);
    this.clocks = new MongoSlaClocks(store);
    this.sla = new SlaService(routing, clocks, gateway, directory, clock);
    this.workList = new SlaWorkList(clocks, directory, leads, clock);
    this.assignments = new AssignmentService(
        new LeadRouter(routing, roster, gateway, clock), log, sla, gateway, roster, leads, clock);
    this.settings = new RoutingSettingsService(routing, directory, gateway, clock);
    settings.assignments(assignments);
    sla.rerouter(assignments::route);
    sla.locales((tenantId, userId) -> leads.tenantLocale(tenantId));
  }

  public List<IndexDef> indexes() {
    return AssignmentSchema.indexes();
  }

  /** The lease-claimed SLA breach check's job name. */
  public static final String SLA_JOB = "sla-breach-check";

  /** Schedules the SLA breach check on {@code jobs} (one instance at a time; breaches are claimed once anyway). */
  public Future<Void> start(LeasedJobs jobs) {
    jobs.schedule(SLA_JOB, SLA_CHECK_EVERY, SLA_CHECK_LEASE, this::checkSlaBreaches);
    return Future.succeededFuture();
  }

  public List<Endpoint> endpoints() {
    return List.of(new AssignmentEndpoint(settings, assignments, sla, workList));
  }

  /**
   * Routes new ownerless leads before they are stored, so each is written once with its owner (register after the
   * scoring preparer); {@link #leadListener()} then records the decisions.
   */
  public LeadPreparer preparer() {
    return assignments::prepare;
  }

  /**
   * Routes leads created without an owner, records captures by their owner, and records owner changes made by
   * users (a PATCH by a manager) as manual assignments. Changes by {@code system} (routing itself) are ignored.
   */
  public LeadChangeListener leadListener() {
    return (changes, actor, inFlight) -> {
      Map<Boolean, List<LeadChangeListener.Change>> split = LeadChangeListener.byCreation(changes);
      List<Lead> created = split.get(true).stream()
          .map(LeadChangeListener.Change::after)
          .filter(l -> !l.deleted())
          .toList();
      List<LeadChangeListener.Change> reassigned = split.get(false).stream()
          .filter(c -> !c.after().deleted()
              && !Objects.equals(
                  c.before().routing().ownerId(), c.after().routing().ownerId())
              && !Assignment.SYSTEM.equals(actor))
          .toList();
      Future<Void> routed = created.isEmpty()
          ? Future.succeededFuture()
          : assignments.onCreatedAll(created, inFlight);
      return routed.compose(v -> LeadChangeListener.Windows.each(
          reassigned, inFlight, c -> recordEdit(c.before(), c.after(), actor)));
    };
  }

  private Future<Void> recordEdit(Lead before, Lead after, String actor) {
    Assignment a = new Assignment(
        UUID.randomUUID().toString(),
        after.id(),
        after.routing().ownerId(),
        after.routing().teamId(),
        null,
        RoutingDecision.MANUAL_RULE,
        "owner changed by an edit of " + actor,
        clock.instant(),
        actor,
        "user",
        before.routing().ownerId());
    return log.append(after.tenantId(), a)
        .compose(v -> after.routing().ownerId() == null
            ? Future.succeededFuture()
            : log.dequeue(after.tenantId(), after.id()))
        .compose(
            v -> after.routing().ownerId() == null ? sla.onQueued(after) : sla.onAssigned(after));
  }

  /** An activity was recorded on a lead: may be its first contact. */
  /** A lead's temperature changed after it was assigned (for example it turned hot): its SLA due time follows. */
  public Future<Void> temperatureChanged(Lead lead) {
    return sla.onTemperature(lead);
  }

  /** Leads whose temperature a rescore changed: their pending clocks take the due time of the new temperature. */
  public Future<Void> temperaturesChanged(List<Lead> leads) {
    return leads.size() == 1 ? sla.onTemperature(leads.get(0)) : sla.onTemperatureAll(leads);
  }

  public Future<Void> activityRecorded(
      String tenantId, String leadId, String type, Instant occurredAt) {
    return sla.onActivity(tenantId, leadId, type, occurredAt).recover(e -> {
      LOG.warn("sla contact update failed [tenant={}, lead={}]", tenantId, leadId, e);
      return Future.succeededFuture();
    });
  }

  /** One run of the SLA breach check (the periodic job); answers how many breaches this run handled. */
  public Future<Integer> checkSlaBreaches() {
    return sla.checkBreaches();
  }

  /** The SLA clock of a lead, if it has one (background work, tests). */
  public Future<Optional<SlaClock>> slaClock(String tenantId, String leadId) {
    return clocks.find(tenantId, leadId);
  }

  /** The SLA clocks of several leads of one tenant, by lead id (analytics reads them in one query per day). */
  public Future<Map<String, SlaClock>> slaClocks(String tenantId, Collection<String> leadIds) {
    return clocks.findAll(tenantId, leadIds);
  }

  /** The SLA service (compliance, policy). */
  /**
   * Speed-to-lead history for the demo tenant's leads ({@code leadIds}, stored by the lead demo seed without the
   * listeners that start clocks), so a fresh demo's compliance report has met and breached leads. Idempotent: done
   * once the first lead has a clock.
   */
  public Future<Void> seedDemoClocks(String tenantId, List<String> leadIds) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return clocks
        .find(tenantId, leadIds.get(0))
        .compose(found -> found.isPresent()
            ? Future.<Void>succeededFuture()
            : leads.repository().findMany(tenantId, leadIds).compose(sla::seedHistory));
  }

  public SlaService sla() {
    return sla;
  }

  public AssignmentService assignments() {
    return assignments;
  }
}
