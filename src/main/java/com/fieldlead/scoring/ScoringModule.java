package com.fieldlead.scoring;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.MongoStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The scoring feature: rules storage and API, rescoring on lead changes and new activities (it registers its
 * listeners with the lead and activity features on construction), and the lease-claimed decay job.
 */
public final class ScoringModule {

  /** The decay job's lease name. */
  public static final String DECAY_JOB = "scoring.decay";
  static final Duration DECAY_EVERY = Duration.ofMinutes(1);
  static final Duration DECAY_LEASE = Duration.ofMinutes(5);

  private final ScoringRulesRepository rules;
  private final ScoringService service;

  public ScoringModule(MongoStore store, Clock clock, LeadModule leads, ActivityModule activity) {
    this.rules = new MongoScoringRulesRepository(store);
    this.service = new ScoringService(rules, leads, activity.activities(), clock);
    leads.addPreparer(service.preparer());
    leads.addChangeListener(service.changeListener());
    activity.addActivityListener(service.activityListener());
  }

  public List<IndexDef> indexes() {
    return rules.indexes();
  }

  /** Schedules the decay job (every minute, on the instance holding its lease). */
  public void start(LeasedJobs jobs) {
    jobs.schedule(DECAY_JOB, DECAY_EVERY, DECAY_LEASE, service::decayOnce);
  }

  /** Stops the background rescores; answers once the one in progress, if any, is done (the store still open). */
  public io.vertx.core.Future<Void> stop() {
    return service.stop();
  }

  public List<Endpoint> endpoints() {
    return List.of(new ScoringEndpoint(service));
  }

  public ScoringService service() {
    return service;
  }
}
