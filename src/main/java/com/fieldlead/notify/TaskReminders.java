package com.fieldlead.notify;

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
 * Read-only view of the activity feature's {@code tasks} collection for reminders and digests (field names as the
 * activity package stores them; the {@code tasks_status_remind} / {@code tasks_assignee_status_due} indexes serve
 * these queries). Never writes tasks.
 */
final class TaskReminders {

  static final String COLLECTION = "tasks";

  /** What a reminder needs of a task. */
  record DueTask(String tenantId, String id, String assigneeId, String leadId, String title, Instant dueAt,
      String timeZone, String remindBefore, Instant remindAt, boolean urgent, boolean snoozed, String status,
      boolean deleted) {

    boolean open() {
      return "open".equals(status) && !deleted;
    }
  }

  private final MongoCollection<Document> tasks;

  TaskReminders(MongoStore store) {
    this.tasks = store.collection(COLLECTION);
  }

  /** Open tasks whose stored {@code remindAt} is in {@code (from, to]}, earliest first, at most {@code limit}. */
  Future<List<DueTask>> remindersBetween(Instant from, Instant to, int limit) {
    return MongoFutures.list(tasks.find(Filters.and(Filters.eq("status", "open"), Filters.ne("deleted", true),
            Filters.gt("remindAt", NotifySchema.date(from)), Filters.lte("remindAt", NotifySchema.date(to))))
            .sort(Sorts.ascending("remindAt")).limit(limit))
        .map(list -> list.stream().map(TaskReminders::toTask).toList());
  }

  Future<Optional<DueTask>> find(String tenantId, String id) {
    return MongoFutures.first(tasks.find(Filters.and(Filters.eq("_id", id), Filters.eq("tenantId", tenantId))).first())
        .map(d -> d.map(TaskReminders::toTask));
  }

  /** How many open tasks of the user are due in {@code [from, to)}. */
  Future<Long> openDueBetween(String tenantId, String userId, Instant from, Instant to) {
    return MongoFutures.one(tasks.countDocuments(Filters.and(Filters.eq("tenantId", tenantId),
        Filters.eq("assigneeId", userId), Filters.eq("status", "open"), Filters.ne("deleted", true),
        Filters.gte("dueAt", NotifySchema.date(from)), Filters.lt("dueAt", NotifySchema.date(to)))));
  }

  private static DueTask toTask(Document d) {
    List<?> snoozes = d.getList("snoozes", Object.class);
    return new DueTask(d.getString("tenantId"), d.getString("_id"), d.getString("assigneeId"), d.getString("leadId"),
        d.getString("title"), NotifySchema.instant(d.getDate("dueAt")), d.getString("timeZone"),
        d.getString("remindBefore"), NotifySchema.instant(d.getDate("remindAt")),
        Boolean.TRUE.equals(d.getBoolean("urgent")), snoozes != null && !snoozes.isEmpty(), d.getString("status"),
        Boolean.TRUE.equals(d.getBoolean("deleted")));
  }
}
