package com.fieldlead.activity.store;

import com.fieldlead.activity.model.TaskStatus;
import com.fieldlead.activity.store.ActivitySchema.Tasks;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Read-only queries over tasks for background reminders and digests (the notify feature), served by the
 * {@code tasks_status_remind} and {@code tasks_assignee_status_due} indexes. Never writes tasks; the field names stay
 * inside this package.
 */
public final class TaskReminderQueries {

  /** What a reminder needs of a task. */
  public record DueTask(
      String tenantId,
      String id,
      String assigneeId,
      String leadId,
      String title,
      Instant dueAt,
      String timeZone,
      String remindBefore,
      Instant remindAt,
      boolean urgent,
      boolean snoozed,
      String status,
      boolean deleted) {

    /** Still worth a reminder: open and not deleted. */
    public boolean open() {
      return TaskStatus.OPEN.wire().equals(status) && !deleted;
    }
  }

  private final MongoCollection<Document> tasks;

  public TaskReminderQueries(MongoStore store) {
    this.tasks = store.collection(Tasks.COLLECTION);
  }

  /** Open tasks of any tenant whose {@code remindAt} is in {@code (from, to]}, earliest first, at most {@code limit}. */
  public Future<List<DueTask>> remindersBetween(Instant from, Instant to, int limit) {
    return MongoFutures.list(tasks
            .find(Filters.and(
                Filters.eq(Tasks.STATUS, TaskStatus.OPEN.wire()),
                Filters.ne(Tasks.DELETED, true),
                Filters.gt(Tasks.REMIND_AT, BsonMapping.date(from)),
                Filters.lte(Tasks.REMIND_AT, BsonMapping.date(to))))
            .sort(Sorts.ascending(Tasks.REMIND_AT))
            .limit(limit))
        .map(list -> list.stream().map(TaskReminderQueries::toTask).toList());
  }

  /** The task as stored now (tombstones included), to re-check it right before a reminder goes out. */
  public Future<Optional<DueTask>> find(String tenantId, String id) {
    return MongoFutures.first(tasks
            .find(Filters.and(
                Filters.eq(ActivitySchema.ID, id), Filters.eq(ActivitySchema.TENANT, tenantId)))
            .first())
        .map(d -> d.map(TaskReminderQueries::toTask));
  }

  /** How many open tasks of the user are due in {@code [from, to)}. */
  public Future<Long> openDueBetween(String tenantId, String userId, Instant from, Instant to) {
    return MongoFutures.one(tasks.countDocuments(Filters.and(
        Filters.eq(ActivitySchema.TENANT, tenantId),
        Filters.eq(Tasks.ASSIGNEE, userId),
        Filters.eq(Tasks.STATUS, TaskStatus.OPEN.wire()),
        Filters.ne(Tasks.DELETED, true),
        Filters.gte(Tasks.DUE_AT, BsonMapping.date(from)),
        Filters.lt(Tasks.DUE_AT, BsonMapping.date(to)))));
  }

  private static DueTask toTask(Document d) {
    List<?> snoozes = d.getList(Tasks.SNOOZES, Object.class);
    return new DueTask(
        d.getString(ActivitySchema.TENANT),
        d.getString(ActivitySchema.ID),
        d.getString(Tasks.ASSIGNEE),
        d.getString(ActivitySchema.LEAD),
        d.getString(Tasks.TITLE),
        BsonMapping.instant(d, Tasks.DUE_AT),
        d.getString(Tasks.TIME_ZONE),
        d.getString(Tasks.REMIND_BEFORE),
        BsonMapping.instant(d, Tasks.REMIND_AT),
        Boolean.TRUE.equals(d.getBoolean(Tasks.URGENT)),
        snoozes != null && !snoozes.isEmpty(),
        d.getString(Tasks.STATUS),
        Boolean.TRUE.equals(d.getBoolean(Tasks.DELETED)));
  }
}
