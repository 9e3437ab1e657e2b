package com.fieldlead.activity;

import com.fieldlead.http.Endpoint;
import com.fieldlead.http.ErrorCode;
import com.fieldlead.http.ProblemException;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.LeadSummary;
import com.fieldlead.auth.Principal;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity feature: activities on leads, follow-up tasks and nurturing cadences. Built once per process with
 * the lead feature's {@link LeadLookup} and the auth feature's user directory; register {@link #statusListener()}
 * with the lead feature so cadences stop when a lead converts or dies, and call {@link #repoint} on lead merge.
 */
public final class ActivityModule {

  private static final Logger LOG = LoggerFactory.getLogger(ActivityModule.class);

  private final ActivityService activities;
  private final TaskService tasks;
  private final CadenceService cadences;

  public ActivityModule(MongoStore store, Clock clock, LeadLookup leads, AssigneeDirectory directory) {
    this(store, clock, leads, directory, new com.fieldlead.sync.ChangeSequencer(store, clock));
  }

  /** @param stamper stamps every activity and task write with a sync sequence number (shared with leads) */
  public ActivityModule(MongoStore store, Clock clock, LeadLookup leads, AssigneeDirectory directory,
      com.fieldlead.store.ChangeStamper stamper) {
    Objects.requireNonNull(store, "store");
    TaskRepository taskRepository = new MongoTaskRepository(store, stamper);
    this.activities = new ActivityService(new MongoActivityRepository(store, stamper), leads, clock);
    this.tasks = new TaskService(taskRepository, leads, directory, clock);
    this.cadences = new CadenceService(new MongoCadenceRepository(store), taskRepository, leads, directory, clock);
  }

  public List<IndexDef> indexes() {
    return ActivitySchema.indexes();
  }

  public Future<Void> start() {
    return Future.succeededFuture();
  }

  public List<Endpoint> endpoints() {
    return List.of(new ActivityEndpoint(activities), new TaskEndpoint(tasks), new CadenceEndpoint(cadences));
  }

  /** Stops cadences when a lead leaves the open statuses (converted: "lead converted"; dead: "lead closed"). */
  public LeadLookup.StatusListener statusListener() {
    return cadences;
  }

  /**
   * Lead merge: re-points the loser's activities, tasks and cadence runs to the survivor (each moved record gets
   * version +1 so syncing phones see the change).
   */
  public Future<Void> repoint(String tenantId, String loserId, String survivorId) {
    return activities.repoint(tenantId, loserId, survivorId)
        .compose(a -> tasks.repoint(tenantId, loserId, survivorId)
            .compose(t -> cadences.repoint(tenantId, loserId, survivorId).map(r -> {
              LOG.info("lead merge re-pointed [tenant={}, from={}, to={}, activities={}, tasks={}, runs={}]",
                  tenantId, loserId, survivorId, a, t, r);
              return null;
            })));
  }

  /**
   * Registers a listener told after each newly recorded activity (scoring turns meetings, connected calls, inbound
   * e-mails and visits into behaviour points).
   */
  public void addActivityListener(ActivityListener listener) {
    activities.addListener(listener);
  }

  public ActivityService activities() {
    return activities;
  }

  public TaskService tasks() {
    return tasks;
  }

  public CadenceService cadences() {
    return cadences;
  }

  /** Until the lead feature is wired: every lead is unknown (404). */
  public static LeadLookup noLeads() {
    return new LeadLookup() {
      @Override
      public Future<LeadSummary> visible(Principal caller, String leadId) {
        return Future.failedFuture(new ProblemException(ErrorCode.NOT_FOUND, "lead not found"));
      }

      @Override
      public Future<LeadSummary> byId(String tenantId, String leadId) {
        return Future.failedFuture(new ProblemException(ErrorCode.NOT_FOUND, "lead not found"));
      }
    };
  }
}
