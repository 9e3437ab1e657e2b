package com.fieldlead.scoring;

import com.fieldlead.activity.ActivityListener;
import com.fieldlead.activity.ActivityModule;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.LeadPreparer;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The scoring feature: rules storage and API, rescoring on lead changes and new activities (its preparer and
 * listeners, which {@code app/Features} registers with the lead and activity features in the listener order), and the
 * lease-claimed decay job.
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
  }

  /** Scores a lead before it is first stored (registered with the lead feature by {@code app/Features}). */
  public LeadPreparer preparer() {
    return service.preparer();
  }

  /** Rescores a lead whose scoring facts changed (registered by {@code app/Features}, in the listener order). */
  public LeadChangeListener changeListener() {
    return service.changeListener();
  }

  /** Rescores a lead when an activity is recorded on it (registered by {@code app/Features}). */
  public ActivityListener activityListener() {
    return service.activityListener();
  }

  public List<IndexDef> indexes() {
    return rules.indexes();
  }

  /** Schedules the decay job (every minute, on the instance holding its lease). */
  public void start(LeasedJobs jobs) {
    jobs.schedule(DECAY_JOB, DECAY_EVERY, DECAY_LEASE, service::decayOnce);
  }

  /** Stops the background rescores; answers once the one in progress, if any, is done (the store still open). */
  public Future<Void> stop() {
    return service.stop();
  }

  public List<Endpoint> endpoints() {
    return List.of(new ScoringEndpoint(service));
  }

  public ScoringService service() {
    return service;
  }
}
