package com.fieldlead.activity.store;

import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.mongodb.client.model.Indexes;
import java.util.List;

/**
 * The MongoDB schema of this package in one place: collection names, field names and the indexes every query shape
 * needs (tenantId first in each, the sharding key). A record's id (chosen by a phone for activities and tasks) is the
 * field {@link #ID}, unique per tenant: {@code _id} is the store's own, so an id taken in another tenant is no conflict
 * and tells nothing about it (documents written before that kept their id as {@code _id} too).
 */
public final class ActivitySchema {

  private ActivitySchema() {}

  public static final String ID = "id";
  public static final String TENANT = "tenantId";
  static final String VERSION = "version";
  static final String CREATED_AT = "createdAt";
  static final String UPDATED_AT = "updatedAt";
  static final String FINGERPRINT = "fingerprint";
  public static final String LEAD = "leadId";

  /** Collection {@code activities}. */
  public static final class Activities {
    public static final String COLLECTION = "activities";
    public static final String TYPE = "type";
    public static final String OCCURRED_AT = "occurredAt";
    static final String RECEIVED_AT = "receivedAt";
    static final String USER = "userId";
    static final String DEVICE = "deviceId";
    /** The type-specific sub-document is stored under the type's wire name (call, email, ...). */
    static final String MERGED_FROM = "mergedFromLeadId";

    private Activities() {}
  }

  /** Collection {@code tasks}. */
  public static final class Tasks {
    public static final String COLLECTION = "tasks";
    static final String KIND = "kind";
    static final String TITLE = "title";
    public static final String ASSIGNEE = "assigneeId";
    public static final String ASSIGNEE_TEAMS = "assigneeTeamIds";
    public static final String CREATED_BY = "createdBy";
    static final String ACTION = "action";
    static final String DUE_AT = "dueAt";
    static final String TIME_ZONE = "timeZone";
    static final String REMIND_BEFORE = "remindBefore";
    static final String REMIND_AT = "remindAt";
    static final String PRIORITY = "priority";
    static final String URGENT = "urgent";
    static final String NOTES = "notes";
    static final String STATUS = "status";
    static final String STATUS_REASON = "statusReason";
    static final String COMPLETED_AT = "completedAt";
    static final String SNOOZES = "snoozes";
    static final String CADENCE_RUN = "cadenceRunId";
    static final String CADENCE_STEP = "cadenceStep";
    public static final String DELETED = "deleted";
    static final String DELETED_AT = "deletedAt";

    private Tasks() {}
  }

  /**
   * Collection {@code task_scope_exits}: one record per task whose assignee changed, stamped with its own sync seq, so
   * the previous assignee's phone (and their managers') learn to drop it.
   */
  public static final class TaskExits {
    public static final String COLLECTION = "task_scope_exits";
    public static final String TASK_ID = "taskId";
    public static final String PREV_ASSIGNEE = "prevAssigneeId";
    public static final String PREV_TEAMS = "prevAssigneeTeamIds";
    static final String AT = "at";

    private TaskExits() {}
  }

  /** Collection {@code cadences}. */
  static final class Cadences {
    static final String COLLECTION = "cadences";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String STEPS = "steps";
    static final String CREATED_BY = "createdBy";

    private Cadences() {}
  }

  /** Collection {@code cadence_runs}: a cadence applied to a lead. */
  static final class Runs {
    static final String COLLECTION = "cadence_runs";
    static final String CADENCE = "cadenceId";
    static final String CADENCE_NAME = "cadenceName";
    static final String OWNER = "ownerId";
    static final String TEAM = "teamId";
    static final String TIME_ZONE = "timeZone";
    static final String START_DATE = "startDate";
    static final String STATUS = "status";
    static final String STOP_REASON = "stopReason";
    static final String STEPS = "steps";
    static final String APPLIED_BY = "appliedBy";

    private Runs() {}
  }

  /** The collections whose records' ids are scoped by tenant (the field {@link #ID}, unique with the tenant). */
  public static final List<String> TENANT_SCOPED_IDS =
      List.of(Activities.COLLECTION, Tasks.COLLECTION, Cadences.COLLECTION, Runs.COLLECTION);

  public static List<IndexDef> indexes() {
    return List.of(
        IndexDef.unique(
            Activities.COLLECTION, "activities_tenant_id", Indexes.ascending(TENANT, ID)),
        IndexDef.unique(Tasks.COLLECTION, "tasks_tenant_id", Indexes.ascending(TENANT, ID)),
        IndexDef.unique(Cadences.COLLECTION, "cadences_tenant_id", Indexes.ascending(TENANT, ID)),
        IndexDef.unique(Runs.COLLECTION, "cadence_runs_tenant_id", Indexes.ascending(TENANT, ID)),
        // GET /v1/leads/{id}/activities: newest first, cursor on (occurredAt, _id).
        IndexDef.of(
            Activities.COLLECTION,
            "activities_lead_occurred",
            Indexes.compoundIndex(
                Indexes.ascending(TENANT, LEAD), Indexes.descending(Activities.OCCURRED_AT, ID))),
        // Sync (a later issue) and lead merge.
        IndexDef.of(
            Activities.COLLECTION, "activities_updated", Indexes.ascending(TENANT, UPDATED_AT)),
        IndexDef.of(
            Activities.COLLECTION,
            "activities_sync_seq",
            Indexes.ascending(TENANT, ChangeStamper.FIELD)),
        IndexDef.of(
            Tasks.COLLECTION, "tasks_sync_seq", Indexes.ascending(TENANT, ChangeStamper.FIELD)),
        IndexDef.of(
            TaskExits.COLLECTION,
            "task_scope_exits_sync_seq",
            Indexes.ascending(TENANT, ChangeStamper.FIELD)),
        // My tasks (today/overdue/upcoming) and GET /v1/tasks?assigneeId=&status=&dueFrom=.
        IndexDef.of(
            Tasks.COLLECTION,
            "tasks_assignee_status_due",
            Indexes.ascending(TENANT, Tasks.ASSIGNEE, Tasks.STATUS, Tasks.DUE_AT)),
        // Tasks of a lead; cancelling a cadence's open tasks; lead merge.
        IndexDef.of(
            Tasks.COLLECTION,
            "tasks_lead_status_due",
            Indexes.ascending(TENANT, LEAD, Tasks.STATUS, Tasks.DUE_AT)),
        // A manager's view of the teams' tasks.
        IndexDef.of(
            Tasks.COLLECTION,
            "tasks_teams_status_due",
            Indexes.ascending(TENANT, Tasks.ASSIGNEE_TEAMS, Tasks.STATUS, Tasks.DUE_AT)),
        // An admin's tenant-wide list by due date, and the reminder worker (remindAt of open
        // tasks).
        IndexDef.of(
            Tasks.COLLECTION,
            "tasks_status_due",
            Indexes.ascending(TENANT, Tasks.STATUS, Tasks.DUE_AT)),
        IndexDef.of(
            Tasks.COLLECTION,
            "tasks_status_remind",
            Indexes.ascending(TENANT, Tasks.STATUS, Tasks.REMIND_AT)),
        // the reminder job looks across tenants: open tasks by remindAt, earliest first
        IndexDef.of(
            Tasks.COLLECTION,
            "tasks_due_reminders",
            Indexes.ascending(Tasks.STATUS, Tasks.REMIND_AT)),
        IndexDef.of(Tasks.COLLECTION, "tasks_updated", Indexes.ascending(TENANT, UPDATED_AT)),
        IndexDef.of(Cadences.COLLECTION, "cadences_name", Indexes.ascending(TENANT, Cadences.NAME)),
        IndexDef.of(
            Runs.COLLECTION, "cadence_runs_lead", Indexes.ascending(TENANT, LEAD, CREATED_AT)));
  }
}
