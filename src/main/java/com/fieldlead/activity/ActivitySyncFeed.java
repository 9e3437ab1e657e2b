package com.fieldlead.activity;

import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskQuery;
import com.fieldlead.activity.store.ActivitySchema;
import com.fieldlead.activity.store.MongoActivityRepository;
import com.fieldlead.activity.store.MongoTaskRepository;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.StampedReads;
import com.fieldlead.sync.port.ActivityFeed;
import com.fieldlead.sync.port.ChangeFeed;
import com.fieldlead.sync.port.EntityChange;
import com.fieldlead.sync.port.EntityJson;
import com.fieldlead.sync.port.Exit;
import com.fieldlead.sync.port.LeadChildFeed;
import com.fieldlead.sync.port.Presence;
import com.fieldlead.sync.port.TaskScope;
import com.fieldlead.sync.port.Versioned;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The activity feature's side of a sync pull ({@link ActivityFeed}): the activity, task and task scope-exit
 * collections, read within the caller's task scope.
 */
final class ActivitySyncFeed implements ActivityFeed {

  private final MongoCollection<Document> activities;
  private final MongoCollection<Document> tasks;
  private final MongoCollection<Document> taskExits;
  private final LeadChildFeed activityFeed = new Activities();

  ActivitySyncFeed(MongoStore store) {
    this.activities = store.collection(ActivitySchema.Activities.COLLECTION);
    this.tasks = store.collection(ActivitySchema.Tasks.COLLECTION);
    this.taskExits = store.collection(ActivitySchema.TaskExits.COLLECTION);
  }

  @Override
  public LeadChildFeed activities() {
    return activityFeed;
  }

  @Override
  public TaskScope tasks(Principal caller) {
    return new Tasks(caller);
  }

  private static List<Versioned> versioned(List<Document> docs) {
    return docs.stream()
        .map(d -> new Versioned(d.getString(ActivitySchema.ID), StampedReads.versionOf(d)))
        .toList();
  }

  private final class Activities implements LeadChildFeed {

    @Override
    public ChangeFeed<EntityChange> changes() {
      return (tenantId, after, upTo, limit) -> StampedReads.window(
              activities, tenantId, after, upTo, null, null, limit)
          .map(docs -> docs.stream()
              .map(d -> new EntityChange(
                  StampedReads.seqOf(d),
                  d.getString(ActivitySchema.ID),
                  StampedReads.versionOf(d),
                  false,
                  d.getString(ActivitySchema.LEAD),
                  () -> EntityJson.state(MongoActivityRepository.fromDocument(d))))
              .toList());
    }

    @Override
    public Future<List<Versioned>> listing(
        String tenantId, Collection<String> leadIds, String afterId, int limit) {
      return StampedReads.idsAndVersions(
              activities,
              tenantId,
              ActivitySchema.ID,
              afterId,
              limit,
              leadIds == null ? null : Filters.in(ActivitySchema.LEAD, leadIds))
          .map(ActivitySyncFeed::versioned);
    }
  }

  private final class Tasks implements TaskScope {

    private final Principal caller;
    /** Filter on task documents (tombstones included); null: every task of the tenant. */
    private final Bson filter;

    Tasks(Principal caller) {
      this.caller = caller;
      this.filter = scopeFilter(caller);
    }

    @Override
    public boolean seesAll() {
      return filter == null;
    }

    @Override
    public ChangeFeed<EntityChange> changes() {
      return (tenantId, after, upTo, limit) -> StampedReads.window(
              tasks, tenantId, after, upTo, filter, null, limit)
          .map(docs -> docs.stream().map(ActivitySyncFeed::taskChange).toList());
    }

    @Override
    public ChangeFeed<Exit> exits() {
      if (filter == null) {
        return null;
      }
      List<Bson> or = new ArrayList<>();
      or.add(Filters.eq(ActivitySchema.TaskExits.PREV_ASSIGNEE, caller.userId()));
      if (caller.is(Role.MANAGER) && !caller.managedTeamIds().isEmpty()) {
        or.add(Filters.in(ActivitySchema.TaskExits.PREV_TEAMS, caller.managedTeamIds()));
      }
      Bson exitFilter = or.size() == 1 ? or.get(0) : Filters.or(or);
      return (tenantId, after, upTo, limit) -> StampedReads.window(
              taskExits, tenantId, after, upTo, exitFilter, null, limit)
          .map(docs -> docs.stream()
              .map(d ->
                  new Exit(StampedReads.seqOf(d), d.getString(ActivitySchema.TaskExits.TASK_ID)))
              .toList());
    }

    @Override
    public Future<Map<String, Presence>> presence(String tenantId, Collection<String> ids) {
      if (ids.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      return MongoFutures.list(tasks.find(Filters.and(
              Filters.eq(ActivitySchema.TENANT, tenantId), Filters.in(ActivitySchema.ID, ids))))
          .map(docs -> {
            Map<String, Presence> out = new HashMap<>();
            for (Document d : docs) {
              Task now = MongoTaskRepository.fromDocument(d);
              out.put(
                  d.getString(ActivitySchema.ID),
                  new Presence(now.version(), !now.deleted() && TaskAccess.canSee(caller, now)));
            }
            return out;
          });
    }

    @Override
    public Future<List<Versioned>> listing(String tenantId, String afterId, int limit) {
      return StampedReads.idsAndVersions(
              tasks,
              tenantId,
              ActivitySchema.ID,
              afterId,
              limit,
              Filters.ne(ActivitySchema.Tasks.DELETED, true),
              filter)
          .map(ActivitySyncFeed::versioned);
    }
  }

  /** A task's change; the record is built only if its state is asked for (the page may end before it). */
  private static EntityChange taskChange(Document d) {
    return new EntityChange(
        StampedReads.seqOf(d),
        d.getString(ActivitySchema.ID),
        StampedReads.versionOf(d),
        Boolean.TRUE.equals(d.get(ActivitySchema.Tasks.DELETED)),
        d.getString(ActivitySchema.LEAD),
        () -> EntityJson.state(MongoTaskRepository.fromDocument(d)));
  }

  /**
   * The tasks {@code caller} sees (assigned to or created by them, or to members of teams they manage) as a filter on
   * stored task documents, tombstones included; null when the caller sees every task of the tenant.
   */
  static Bson scopeFilter(Principal caller) {
    TaskQuery.Scope scope = TaskAccess.scope(caller);
    if (scope.tenantWide()) {
      return null;
    }
    List<Bson> or = new ArrayList<>();
    or.add(Filters.eq(ActivitySchema.Tasks.ASSIGNEE, scope.userId()));
    or.add(Filters.eq(ActivitySchema.Tasks.CREATED_BY, scope.userId()));
    if (!scope.teamIds().isEmpty()) {
      or.add(Filters.in(ActivitySchema.Tasks.ASSIGNEE_TEAMS, scope.teamIds()));
    }
    return Filters.or(or);
  }
}
