package com.fieldlead.activity.store;

import static com.fieldlead.activity.store.ActivitySchema.CREATED_AT;
import static com.fieldlead.activity.store.ActivitySchema.FINGERPRINT;
import static com.fieldlead.activity.store.ActivitySchema.ID;
import static com.fieldlead.activity.store.ActivitySchema.LEAD;
import static com.fieldlead.activity.store.ActivitySchema.TENANT;
import static com.fieldlead.activity.store.ActivitySchema.UPDATED_AT;
import static com.fieldlead.activity.store.ActivitySchema.VERSION;

import com.fieldlead.activity.model.FollowUpAction;
import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskKind;
import com.fieldlead.activity.model.TaskPriority;
import com.fieldlead.activity.model.TaskQuery;
import com.fieldlead.activity.model.TaskStatus;
import com.fieldlead.activity.store.ActivitySchema.TaskExits;
import com.fieldlead.activity.store.ActivitySchema.Tasks;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link TaskRepository} on MongoDB (or the embedded store). Updates are compare-and-set on {@code version}. */
public final class MongoTaskRepository implements TaskRepository {

  private final MongoCollection<Document> collection;
  private static final Logger LOG = LoggerFactory.getLogger(MongoTaskRepository.class);
  private final ChangeStamper stamper;
  private final MongoCollection<Document> exits;

  public MongoTaskRepository(MongoStore store, ChangeStamper stamper) {
    this.stamper = Objects.requireNonNull(stamper, "stamper");
    this.exits = store.collection(ActivitySchema.TaskExits.COLLECTION);
    this.collection = store.collection(Tasks.COLLECTION);
  }

  @Override
  public Future<Boolean> insertIfAbsent(Task task) {
    Document doc = toDocument(task);
    return stamper
        .stamped(
            task.tenantId(),
            1,
            seq -> MongoFutures.one(collection.insertOne(doc.append(ChangeStamper.FIELD, seq))))
        .map(r -> true)
        .recover(e ->
            BsonMapping.isDuplicateKey(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  @Override
  public Future<Optional<Task>> find(String tenantId, String id) {
    return MongoFutures.first(
            collection.find(Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(ID, id))))
        .map(d -> d.map(MongoTaskRepository::fromDocument));
  }

  @Override
  public Future<List<Task>> findAll(String tenantId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return MongoFutures.list(
            collection.find(Filters.and(Filters.eq(TENANT, tenantId), Filters.in(ID, ids))))
        .map(docs -> docs.stream().map(MongoTaskRepository::fromDocument).toList());
  }

  @Override
  public Future<Boolean> replace(Task next, long expectedVersion) {
    Bson filter = Filters.and(
        Filters.eq(TENANT, next.tenantId()),
        Filters.eq(ID, next.id()),
        Filters.eq(VERSION, expectedVersion));
    Document doc = toDocument(next);
    // Two numbers: one for the task, one for a scope exit when the assignee changes.
    return stamper.stamped(
        next.tenantId(),
        2,
        seq -> MongoFutures.first(collection.findOneAndReplace(
                filter,
                doc.append(ChangeStamper.FIELD, seq),
                new FindOneAndReplaceOptions()
                    .returnDocument(ReturnDocument.BEFORE)
                    .projection(Projections.include(Tasks.ASSIGNEE, Tasks.ASSIGNEE_TEAMS))))
            .compose(previous -> previous.isEmpty()
                ? Future.succeededFuture(false)
                : recordScopeExit(previous.get(), next, seq + 1).map(true)));
  }

  /** Records that the task left its previous assignee's view (and their teams'), when the assignee changed. */
  private Future<Void> recordScopeExit(Document previous, Task next, long seq) {
    String assignee = previous.getString(Tasks.ASSIGNEE);
    if (assignee == null || assignee.equals(next.assigneeId())) {
      return Future.succeededFuture();
    }
    Document exit = new Document(TENANT, next.tenantId())
        .append(TaskExits.TASK_ID, next.id())
        .append(TaskExits.PREV_ASSIGNEE, assignee)
        .append(
            TaskExits.PREV_TEAMS, previous.getList(Tasks.ASSIGNEE_TEAMS, String.class, List.of()))
        .append(TaskExits.AT, BsonMapping.date(next.updatedAt()))
        .append(ChangeStamper.FIELD, seq);
    return MongoFutures.one(exits.insertOne(exit)).<Void>mapEmpty().recover(e -> {
      // The task itself is written; a lost exit only leaves a stale copy on the old assignee's
      // phone.
      LOG.warn(
          "task scope exit not recorded [tenant={}, task={}, seq={}]",
          next.tenantId(),
          next.id(),
          seq,
          e);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<List<Task>> list(TaskQuery q) {
    List<Bson> and = new ArrayList<>();
    and.add(Filters.eq(TENANT, q.tenantId()));
    and.add(Filters.ne(Tasks.DELETED, true));
    if (!q.scope().tenantWide()) {
      List<Bson> or = new ArrayList<>();
      or.add(Filters.eq(Tasks.ASSIGNEE, q.scope().userId()));
      or.add(Filters.eq(Tasks.CREATED_BY, q.scope().userId()));
      if (!q.scope().teamIds().isEmpty()) {
        or.add(Filters.in(Tasks.ASSIGNEE_TEAMS, q.scope().teamIds()));
      }
      and.add(Filters.or(or));
    }
    if (q.assigneeId() != null) {
      and.add(Filters.eq(Tasks.ASSIGNEE, q.assigneeId()));
    }
    if (q.leadId() != null) {
      and.add(Filters.eq(LEAD, q.leadId()));
    }
    if (!q.statuses().isEmpty()) {
      and.add(
          Filters.in(Tasks.STATUS, q.statuses().stream().map(TaskStatus::wire).toList()));
    }
    if (q.dueFrom() != null) {
      and.add(Filters.gte(Tasks.DUE_AT, BsonMapping.date(q.dueFrom())));
    }
    if (q.dueBefore() != null) {
      and.add(Filters.lt(Tasks.DUE_AT, BsonMapping.date(q.dueBefore())));
    }
    if (q.after() != null) {
      and.add(Filters.or(
          Filters.gt(Tasks.DUE_AT, BsonMapping.date(q.after().at())),
          Filters.and(
              Filters.eq(Tasks.DUE_AT, BsonMapping.date(q.after().at())),
              Filters.gt(ID, q.after().id()))));
    }
    return MongoFutures.list(collection
            .find(Filters.and(and))
            .sort(Sorts.ascending(Tasks.DUE_AT, ID))
            .limit(q.limit()))
        .map(docs -> docs.stream().map(MongoTaskRepository::fromDocument).toList());
  }

  @Override
  public Future<Long> cancelOpenCadenceTasks(
      String tenantId, String leadId, String reason, Instant now) {
    Bson filter = Filters.and(
        Filters.eq(TENANT, tenantId),
        Filters.eq(LEAD, leadId),
        Filters.eq(Tasks.STATUS, TaskStatus.OPEN.wire()),
        Filters.exists(Tasks.CADENCE_RUN, true),
        Filters.ne(Tasks.DELETED, true));
    return stamper
        .stamped(
            tenantId,
            1,
            seq -> MongoFutures.one(collection.updateMany(
                filter,
                Updates.combine(
                    Updates.set(Tasks.STATUS, TaskStatus.CANCELLED.wire()),
                    Updates.set(Tasks.STATUS_REASON, reason),
                    Updates.set(UPDATED_AT, BsonMapping.date(now)),
                    Updates.inc(VERSION, 1L),
                    Updates.set(ChangeStamper.FIELD, seq)))))
        .map(r -> r.getModifiedCount());
  }

  @Override
  public Future<Set<String>> leadsWithOpenCadenceTasks(
      String tenantId, Collection<String> leadIds) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return MongoFutures.list(collection
            .find(Filters.and(
                Filters.eq(TENANT, tenantId),
                Filters.in(LEAD, leadIds),
                Filters.eq(Tasks.STATUS, TaskStatus.OPEN.wire()),
                Filters.exists(Tasks.CADENCE_RUN, true),
                Filters.ne(Tasks.DELETED, true)))
            .projection(Projections.include(LEAD)))
        .map(docs -> docs.stream().map(d -> d.getString(LEAD)).collect(Collectors.toSet()));
  }

  @Override
  public Future<Long> repoint(String tenantId, String fromLeadId, String toLeadId, Instant now) {
    return stamper
        .stamped(
            tenantId,
            1,
            seq -> MongoFutures.one(collection.updateMany(
                Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, fromLeadId)),
                Updates.combine(
                    Updates.set(LEAD, toLeadId),
                    Updates.set(UPDATED_AT, BsonMapping.date(now)),
                    Updates.inc(VERSION, 1L),
                    Updates.set(ChangeStamper.FIELD, seq)))))
        .map(r -> r.getModifiedCount());
  }

  static Document toDocument(Task t) {
    Document d = new Document(ID, t.id())
        .append(TENANT, t.tenantId())
        .append(Tasks.KIND, t.kind().wire())
        .append(Tasks.TITLE, t.title())
        .append(LEAD, t.leadId())
        .append(Tasks.ASSIGNEE, t.assigneeId())
        .append(Tasks.ASSIGNEE_TEAMS, t.assigneeTeamIds())
        .append(Tasks.CREATED_BY, t.createdBy())
        .append(Tasks.ACTION, t.action() == null ? null : t.action().wire())
        .append(Tasks.DUE_AT, BsonMapping.date(t.dueAt()))
        .append(Tasks.TIME_ZONE, t.timeZone())
        .append(Tasks.REMIND_BEFORE, t.remindBefore())
        .append(Tasks.REMIND_AT, BsonMapping.date(t.remindAt()))
        .append(Tasks.PRIORITY, t.priority() == null ? null : t.priority().wire())
        .append(Tasks.URGENT, t.urgent())
        .append(Tasks.NOTES, t.notes())
        .append(Tasks.STATUS, t.status().wire())
        .append(Tasks.STATUS_REASON, t.statusReason())
        .append(Tasks.COMPLETED_AT, BsonMapping.date(t.completedAt()))
        .append(Tasks.SNOOZES, BsonMapping.subs(t.snoozes()))
        .append(Tasks.CADENCE_RUN, t.cadenceRunId())
        .append(Tasks.CADENCE_STEP, t.cadenceStep())
        .append(VERSION, t.version())
        .append(CREATED_AT, BsonMapping.date(t.createdAt()))
        .append(UPDATED_AT, BsonMapping.date(t.updatedAt()))
        .append(Tasks.DELETED, t.deleted() ? Boolean.TRUE : null)
        .append(Tasks.DELETED_AT, BsonMapping.date(t.deletedAt()))
        .append(FINGERPRINT, t.fingerprint());
    return BsonMapping.compact(d);
  }

  @SuppressWarnings("unchecked")
  public static Task fromDocument(Document d) {
    String action = d.getString(Tasks.ACTION);
    String priority = d.getString(Tasks.PRIORITY);
    return new Task(
        d.getString(ID),
        d.getString(TENANT),
        TaskKind.of(d.getString(Tasks.KIND)),
        d.getString(Tasks.TITLE),
        d.getString(LEAD),
        d.getString(Tasks.ASSIGNEE),
        d.getList(Tasks.ASSIGNEE_TEAMS, String.class),
        d.getString(Tasks.CREATED_BY),
        action == null ? null : FollowUpAction.of(action),
        BsonMapping.instant(d, Tasks.DUE_AT),
        d.getString(Tasks.TIME_ZONE),
        d.getString(Tasks.REMIND_BEFORE),
        BsonMapping.instant(d, Tasks.REMIND_AT),
        priority == null ? null : TaskPriority.of(priority),
        Boolean.TRUE.equals(d.getBoolean(Tasks.URGENT)),
        d.getString(Tasks.NOTES),
        TaskStatus.of(d.getString(Tasks.STATUS)),
        d.getString(Tasks.STATUS_REASON),
        BsonMapping.instant(d, Tasks.COMPLETED_AT),
        BsonMapping.reads(d.getList(Tasks.SNOOZES, Document.class), Task.Snooze.class),
        d.getString(Tasks.CADENCE_RUN),
        d.getInteger(Tasks.CADENCE_STEP),
        d.get(VERSION, Number.class).longValue(),
        BsonMapping.instant(d, CREATED_AT),
        BsonMapping.instant(d, UPDATED_AT),
        Boolean.TRUE.equals(d.getBoolean(Tasks.DELETED)),
        BsonMapping.instant(d, Tasks.DELETED_AT),
        d.getString(FINGERPRINT));
  }
}
