package com.fieldlead.analytics;

import com.fieldlead.activity.ActivityListener;
import com.fieldlead.assignment.AssignmentModule;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Analytics for managers and admins: daily rollups per tenant (kept current by lead writes and activities, computed
 * again by a job and by each report for its days, rebuilt on demand) and the reports over them.
 */
public final class AnalyticsModule {

  /** The job computing marked days again. */
  public static final String REFRESH_JOB = "analytics-refresh";

  static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
  static final int REFRESH_BATCH = 50;

  private final Rollups rollups;
  private final AnalyticsService service;
  private final HotLeads hot;
  private final LeadModule leads;
  private final Clock clock;

  public AnalyticsModule(
      MongoStore store,
      Clock clock,
      LeadModule leads,
      AssignmentModule assignment,
      UserDirectory directory) {
    this.leads = leads;
    this.clock = clock;
    FactReader facts = new FactReader(store, assignment);
    this.rollups =
        new Rollups(new MongoRollups(store), facts, leads.catalogRepository(), store, clock);
    this.service = new AnalyticsService(rollups, leads, directory, clock);
    this.hot = new HotLeads(store, facts, leads, assignment, directory, clock);
  }

  public List<IndexDef> indexes() {
    return AnalyticsSchema.indexes();
  }

  public List<Endpoint> endpoints() {
    return List.of(new AnalyticsEndpoint(service, hot));
  }

  /** Marks the capture days of written leads (register on the lead module). */
  public LeadChangeListener leadListener() {
    return rollups.leadListener();
  }

  /** Marks the capture day of a lead that got an activity (register after the SLA's listener). */
  public ActivityListener activityListener() {
    return a -> leads
        .lead(a.tenantId(), a.leadId())
        .compose(found -> found
            .filter(l -> l.capture().capturedAt() != null)
            .map(l -> rollups.mark(a.tenantId(), List.of(l.capture().capturedAt())))
            .orElse(Future.succeededFuture()));
  }

  /**
   * Marks every capture day of a tenant that has no computed day yet (leads stored without the change events of a
   * lead write: the demo seed inserts its leads straight into the store); answers how many days it marked (0 when
   * the tenant has computed days). The refresh job then computes them in the background, and a report those of its
   * range first. Safe to run again: until a day is computed it marks the same days again.
   */
  public Future<Integer> markUnbuiltTenant(String tenantId) {
    return rollups
        .store()
        .anyDay(tenantId)
        .compose(
            built -> built ? Future.succeededFuture(0) : rollups.markEveryCaptureDay(tenantId));
  }

  /**
   * Schema step 4: every stored day marked to be computed again, in the background, so that days computed before the
   * times in stage were kept get them (the refresh job computes 50 days every 5 s; a report computes the marked days
   * of its range first).
   */
  public Migration stageTimesBackfill() {
    return new Migration(
        4,
        "analytics days computed again with the time leads spent in each status",
        Migration.When.IN_BACKGROUND,
        (store, progress) -> rollups.store().markEveryDay(clock.instant(), progress));
  }

  /** Schedules the refresh job. */
  public void start(LeasedJobs jobs) {
    jobs.schedule(REFRESH_JOB, REFRESH_EVERY, Duration.ofMinutes(2), this::refreshOnce);
  }

  /** One run of the refresh job (tests and the job): answers how many days were computed. */
  public Future<Integer> refreshOnce() {
    return rollups.refreshOldest(REFRESH_BATCH);
  }

  public AnalyticsService service() {
    return service;
  }
}
