package com.fieldlead.activity;

import com.fieldlead.activity.store.ActivityRepository;
import com.fieldlead.activity.store.ActivitySchema;
import com.fieldlead.activity.store.MongoActivityRepository;
import com.fieldlead.activity.store.MongoCadenceRepository;
import com.fieldlead.activity.store.MongoTaskRepository;
import com.fieldlead.activity.store.TaskReminderQueries;
import com.fieldlead.activity.store.TaskRepository;
import com.fieldlead.auth.Principal;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadSummary;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.port.ActivityFeed;
import com.fieldlead.sync.port.ActivityWrites;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final ActivityRepository activityRepository;
  private final TaskService tasks;
  private final CadenceService cadences;
  private final TaskReminderQueries taskReminders;
  private final ActivitySyncFeed syncFeed;
  private final ActivitySyncWrites syncWrites;

  /** @param stamper stamps every activity and task write with a sync sequence number (shared with leads) */
  public ActivityModule(
      MongoStore store,
      Clock clock,
      LeadLookup leads,
      AssigneeDirectory directory,
      ChangeStamper stamper) {
    Objects.requireNonNull(store, "store");
    TaskRepository taskRepository = new MongoTaskRepository(store, stamper);
    this.activityRepository = new MongoActivityRepository(store, stamper);
    this.activities = new ActivityService(activityRepository, leads, clock);
    this.tasks = new TaskService(taskRepository, leads, directory, clock);
    this.cadences = new CadenceService(
        new MongoCadenceRepository(store), taskRepository, leads, directory, clock);
    this.taskReminders = new TaskReminderQueries(store);
    this.syncFeed = new ActivitySyncFeed(store);
    this.syncWrites = new ActivitySyncWrites(activities, tasks);
  }

  /** The activity feature's side of a sync pull: activities and the caller's tasks, and their reads. */
  public ActivityFeed syncFeed() {
    return syncFeed;
  }

  /** The activity and task writes of a sync push. */
  public ActivityWrites syncWrites() {
    return syncWrites;
  }

  /** Read-only task queries for reminders and digests (the notify feature). */
  public TaskReminderQueries taskReminders() {
    return taskReminders;
  }

  /** The collection of activities (analytics reads it). */
  public static final String ACTIVITY_COLLECTION = ActivitySchema.Activities.COLLECTION;
  /** The stored id field of activities and tasks (unique per tenant; not {@code _id}). */
  public static final String ID_FIELD = ActivitySchema.ID;
  /** The collections whose records keep their id in {@link #ID_FIELD}, unique per tenant. */
  public static final List<String> TENANT_SCOPED_ID_COLLECTIONS = ActivitySchema.TENANT_SCOPED_IDS;
  /** The field of activities and tasks naming their lead. */
  public static final String LEAD_FIELD = ActivitySchema.LEAD;
  /** The field of activities holding their type's wire name ({@code call}, {@code note}, ...). */
  public static final String ACTIVITY_TYPE_FIELD = ActivitySchema.Activities.TYPE;
  /** The field of activities holding when they happened (the device's time). */
  public static final String ACTIVITY_OCCURRED_AT_FIELD = ActivitySchema.Activities.OCCURRED_AT;

  public List<IndexDef> indexes() {
    return ActivitySchema.indexes();
  }

  public Future<Void> start() {
    return Future.succeededFuture();
  }

  public List<Endpoint> endpoints() {
    return List.of(
        new ActivityEndpoint(activities), new TaskEndpoint(tasks), new CadenceEndpoint(cadences));
  }

  /**
   * Re-stamps a lead's activities when its owner, team or event changes, so the phones the lead moved to receive its
   * activities too (their sequence numbers predate the move). Register with the lead module's change listeners.
   */
  public LeadChangeListener scopeListener() {
    // the leads whose scope changed (a reassignment, a booth's routed captures), restamped together
    // per tenant
    return (changes, actor, inFlight) -> {
      Map<String, List<String>> byTenant = new LinkedHashMap<>();
      for (LeadChangeListener.Change c : changes) {
        if (scopeChanged(c.before(), c.after())) {
          byTenant
              .computeIfAbsent(c.after().tenantId(), t -> new ArrayList<>())
              .add(c.after().id());
        }
      }
      List<Future<?>> done = new ArrayList<>();
      byTenant.forEach((tenant, ids) -> done.add(
          ids.size() == 1
              ? activityRepository.restamp(tenant, ids.get(0))
              : activityRepository.restampAll(tenant, ids)));
      return Future.join(done).mapEmpty();
    };
  }

  /** Whether phones may now see the lead that did not before: a new owner, team or event. */
  private static boolean scopeChanged(Lead before, Lead after) {
    return before != null
        && after != null
        && !(Objects.equals(before.routing().ownerId(), after.routing().ownerId())
            && Objects.equals(before.routing().teamId(), after.routing().teamId())
            && Objects.equals(before.capture().eventId(), after.capture().eventId()));
  }

  /** Stops cadences when a lead's person opts out of marketing (register with the lead feature's change listeners). */
  public LeadChangeListener optOutListener() {
    return cadences.optOutListener();
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
    return activities
        .repoint(tenantId, loserId, survivorId)
        .compose(a -> tasks
            .repoint(tenantId, loserId, survivorId)
            .compose(t -> cadences.repoint(tenantId, loserId, survivorId).map(r -> {
              LOG.info(
                  "lead merge re-pointed [tenant={}, from={}, to={}, activities={}, tasks={}, runs={}]",
                  tenantId,
                  loserId,
                  survivorId,
                  a,
                  t,
                  r);
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
