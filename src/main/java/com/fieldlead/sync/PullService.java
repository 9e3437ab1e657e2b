package com.fieldlead.sync;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.auth.Principal;
import com.fieldlead.http.ErrorCode;
import com.fieldlead.http.Json;
import com.fieldlead.http.ProblemException;
import com.fieldlead.lead.Lead;
import com.fieldlead.lead.LeadFields;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.protocol.Change;
import com.fieldlead.sync.protocol.EntityRef;
import com.fieldlead.sync.protocol.ProtocolVersion;
import com.fieldlead.sync.protocol.PullMode;
import com.fieldlead.sync.protocol.PullRequest;
import com.fieldlead.sync.protocol.PullResponse;
import com.fieldlead.sync.protocol.SyncJson;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sync/pull}: the changes of the caller's scope since their checkpoint (sync invariants 2, 3, 7, 8).
 * Reads up to the sequencer's safe watermark only, so a checkpoint never passes a write still in flight.
 */
final class PullService {

  /** A page stops growing past this many bytes of changes (the count limit applies too). */
  static final int MAX_PAGE_BYTES = 1024 * 1024;
  static final String LEAD = "lead";
  static final String ACTIVITY = "activity";
  static final String TASK = "task";
  static final String EXIT = "exit";
  static final String TASK_EXIT = "task-exit";
  private static final Logger LOG = LoggerFactory.getLogger(PullService.class);

  private final ChangeSequencer sequencer;
  private final Supplier<CheckpointCodec> codec;
  private final LeadModule leadModule;
  private final ReferenceData reference;
  private final DeviceStates devices;
  private final Clock clock;
  private final MongoCollection<Document> leads;
  private final MongoCollection<Document> activities;
  private final MongoCollection<Document> tasks;
  private final MongoCollection<Document> exits;
  private final MongoCollection<Document> taskExits;

  PullService(MongoStore store, ChangeSequencer sequencer, Supplier<CheckpointCodec> codec, LeadModule leadModule,
      ReferenceData reference, DeviceStates devices, Clock clock) {
    this.sequencer = sequencer;
    this.codec = codec;
    this.leadModule = leadModule;
    this.reference = reference;
    this.devices = devices;
    this.clock = clock;
    this.leads = store.collection(LeadFields.LEADS);
    this.activities = store.collection(ActivityModule.ACTIVITY_COLLECTION);
    this.tasks = store.collection(ActivityModule.TASK_COLLECTION);
    this.exits = store.collection(LeadFields.SCOPE_EXITS);
    this.taskExits = store.collection(ActivityModule.TASK_EXIT_COLLECTION);
  }

  Future<PullResponse> pull(Principal p, PullRequest req, String deviceId) {
    return leadModule.visibility(p).map(v -> SyncScope.of(p, v)).compose(scope -> sequencer.watermark(p.tenantId())
        .compose(w -> {
          if (req.checkpoint() == null) {
            return delta(scope, 0, w, req.pageSize(), true);
          }
          // "From the future" is judged against the counter: the safe watermark may dip below an issued checkpoint
          // while a writer that read the counter earlier is in flight, and that checkpoint is still genuine.
          CheckpointVerdict verdict = codec.get().decode(req.checkpoint(), p.tenantId(), p.userId(), scope.hash(),
              w.counter());
          if (verdict instanceof CheckpointVerdict.Rejected r) {
            throw new ProblemException(ErrorCode.valueOf(r.code().name()), r.detail());
          }
          if (verdict instanceof CheckpointVerdict.Rebaseline rb) {
            LOG.info("sync re-baseline [tenant={}, user={}, device={}, reason={}]", p.tenantId(), p.userId(),
                deviceId, rb.reason());
            return rebaseline(scope);
          }
          return delta(scope, ((CheckpointVerdict.Valid) verdict).checkpoint().seq(), w, req.pageSize(), false);
        })
        .compose(page -> devices.pulled(p, deviceId, req, page.seq(), clock.instant()).map(v -> page.response())));
  }

  private record Answer(PullResponse response, long seq) {}

  private Future<Answer> delta(SyncScope scope, long from, Watermark w, int limit, boolean first) {
    Principal p = scope.principal();
    List<ScopedFeed.Source> sources = new ArrayList<>(List.of(
        new ScopedFeed.Source(LEAD, leads, scope.leadFilter()),
        new ScopedFeed.Source(ACTIVITY, activities, null),
        new ScopedFeed.Source(TASK, tasks, scope.taskFilter())));
    if (scope.exitFilter() != null) { // an all-seeing scope has nothing to leave
      sources.add(new ScopedFeed.Source(EXIT, exits, scope.exitFilter()));
    }
    if (scope.taskExitFilter() != null) {
      sources.add(new ScopedFeed.Source(TASK_EXIT, taskExits, scope.taskExitFilter()));
    }
    ScopedFeed feed = new ScopedFeed(sources);
    return feed.page(p.tenantId(), from, w.safe(), limit).compose(page -> toChanges(scope, page.items())
        .compose(changes -> {
          Bounded bounded = bound(changes, page);
          Future<Map<String, Object>> ref = first ? reference.of(p) : Future.succeededFuture(null);
          return ref.map(r -> new Answer(new PullResponse(ProtocolVersion.CURRENT, PullMode.DELTA,
              bounded.changes(), null, checkpoint(scope, bounded.checkpoint()), bounded.hasMore(), r),
              bounded.checkpoint()));
        }));
  }

  private record Sequenced(Change change, long seq) {}

  private record Bounded(List<Change> changes, long checkpoint, boolean hasMore) {}

  /** Cuts the page at {@link #MAX_PAGE_BYTES}, never between two changes stamped with the same number. */
  private static Bounded bound(List<Sequenced> changes, ScopedFeed.Page page) {
    int bytes = 0;
    int end = changes.size();
    for (int i = 0; i < changes.size(); i++) {
      bytes += SyncJson.write(changes.get(i).change()).length();
      if (bytes > MAX_PAGE_BYTES && i > 0) {
        end = i;
        break;
      }
    }
    if (end == changes.size()) {
      return new Bounded(changes.stream().map(Sequenced::change).toList(), page.checkpoint(), page.hasMore());
    }
    while (end > 1 && changes.get(end - 1).seq() == changes.get(end).seq()) {
      end--;
    }
    if (changes.get(end - 1).seq() == changes.get(end).seq()) {
      // one number's changes exceed the byte budget on their own: send them whole
      return new Bounded(changes.stream().map(Sequenced::change).toList(), page.checkpoint(), page.hasMore());
    }
    return new Bounded(changes.subList(0, end).stream().map(Sequenced::change).toList(), changes.get(end - 1).seq(),
        true);
  }

  /** Turns fetched documents into changes; activities of leads outside the scope and moot exits are left out. */
  private Future<List<Sequenced>> toChanges(SyncScope scope, List<ScopedFeed.Item> items) {
    Set<String> activityLeads = new HashSet<>();
    Set<String> exitLeads = new HashSet<>();
    Set<String> exitTasks = new HashSet<>();
    for (ScopedFeed.Item i : items) {
      if (i.kind().equals(ACTIVITY)) {
        activityLeads.add(i.doc().getString(ActivityModule.LEAD_FIELD));
      } else if (i.kind().equals(EXIT)) {
        exitLeads.add(i.doc().getString(LeadFields.EXIT_LEAD_ID));
      } else if (i.kind().equals(TASK_EXIT)) {
        exitTasks.add(i.doc().getString(ActivityModule.TASK_EXIT_TASK_ID));
      }
    }
    String tenantId = scope.principal().tenantId();
    return Future.all(visibleLeadIds(tenantId, scope, activityLeads), leadsById(tenantId, exitLeads),
        tasksById(tenantId, exitTasks)).map(all -> {
      Set<String> visibleForActivities = all.resultAt(0);
      Map<String, Lead> exited = all.resultAt(1);
      Map<String, com.fieldlead.activity.Task> exitedTasks = all.resultAt(2);
      List<Sequenced> out = new ArrayList<>();
      Set<String> leadsSent = new HashSet<>();
      Set<String> tasksSent = new HashSet<>();
      for (ScopedFeed.Item i : items) {
        Document d = i.doc();
        switch (i.kind()) {
          case LEAD -> {
            Lead lead = LeadModule.fromStored(d);
            leadsSent.add(lead.id());
            out.add(new Sequenced(lead.deleted() ? tombstone(LEAD, lead.id(), lead.version())
                : new Change(LEAD, lead.id(), lead.version(), false, null, EntityStates.lead(lead)), i.seq()));
          }
          case ACTIVITY -> {
            if (visibleForActivities == null || visibleForActivities.contains(d.getString(ActivityModule.LEAD_FIELD))) {
              var a = ActivityModule.activityFromStored(d);
              out.add(new Sequenced(new Change(ACTIVITY, a.id(), a.version(), false, null, EntityStates.of(a)),
                  i.seq()));
            }
          }
          case TASK -> {
            var t = ActivityModule.taskFromStored(d);
            tasksSent.add(t.id());
            out.add(new Sequenced(t.deleted() ? tombstone(TASK, t.id(), t.version())
                : new Change(TASK, t.id(), t.version(), false, null, EntityStates.of(t)), i.seq()));
          }
          case TASK_EXIT -> {
            String taskId = d.getString(ActivityModule.TASK_EXIT_TASK_ID);
            var now = exitedTasks.get(taskId);
            if ((now == null || !scope.sees(now)) && tasksSent.add(taskId)) {
              out.add(new Sequenced(new Change(TASK, taskId, now == null ? 0 : now.version(), false, true, null),
                  i.seq()));
            }
          }
          default -> {
            String leadId = d.getString(LeadFields.EXIT_LEAD_ID);
            Lead now = exited.get(leadId);
            boolean stillSeen = now != null && !now.deleted() && scope.sees(now);
            if (!stillSeen && leadsSent.add(leadId)) {
              out.add(new Sequenced(new Change(LEAD, leadId, now == null ? 0 : now.version(), false, true, null),
                  i.seq()));
            }
          }
        }
      }
      return out;
    });
  }

  private static Change tombstone(String type, String id, long version) {
    return new Change(type, id, version, true, null, null);
  }

  /** Of {@code ids}, the leads the scope sees; null when the scope sees every lead. */
  private Future<Set<String>> visibleLeadIds(String tenantId, SyncScope scope, Set<String> ids) {
    Bson filter = scope.leadFilter();
    if (filter == null) {
      return Future.succeededFuture(null);
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return MongoFutures.list(leads.find(Filters.and(Filters.eq(LeadFields.TENANT_ID, tenantId),
            Filters.in(LeadFields.ID, ids), filter)).projection(Projections.include(LeadFields.ID)))
        .map(docs -> {
          Set<String> out = new HashSet<>();
          docs.forEach(d -> out.add(d.getString(LeadFields.ID)));
          return out;
        });
  }

  private Future<Map<String, Lead>> leadsById(String tenantId, Set<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return MongoFutures.list(leads.find(Filters.and(Filters.eq(LeadFields.TENANT_ID, tenantId),
            Filters.in(LeadFields.ID, ids))))
        .map(docs -> {
          Map<String, Lead> out = new HashMap<>();
          docs.forEach(d -> out.put(d.getString(LeadFields.ID), LeadModule.fromStored(d)));
          return out;
        });
  }

  private Future<Map<String, com.fieldlead.activity.Task>> tasksById(String tenantId, Set<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return MongoFutures.list(tasks.find(Filters.and(Filters.eq(LeadFields.TENANT_ID, tenantId),
            Filters.in(ActivityModule.ID_FIELD, ids))))
        .map(docs -> {
          Map<String, com.fieldlead.activity.Task> out = new HashMap<>();
          docs.forEach(d -> out.put(d.getString(ActivityModule.ID_FIELD), ActivityModule.taskFromStored(d)));
          return out;
        });
  }

  /**
   * The current ids and versions of the whole scope, then a checkpoint at the start of the sequence: the following
   * delta pages send every entity's state again (sync invariant 7).
   */
  private Future<Answer> rebaseline(SyncScope scope) {
    Principal p = scope.principal();
    Bson tenant = Filters.eq(LeadFields.TENANT_ID, p.tenantId());
    Bson liveLeads = Filters.and(tenant, Filters.eq(LeadFields.DELETED_AT, null));
    Bson leadFilter = scope.leadFilter() == null ? liveLeads : Filters.and(liveLeads, scope.leadFilter());
    Bson liveTasks = Filters.and(tenant, Filters.ne("deleted", true));
    Bson taskFilter = scope.taskFilter() == null ? liveTasks : Filters.and(liveTasks, scope.taskFilter());
    Bson idVersion = Projections.include(LeadFields.ID, LeadFields.VERSION, ActivityModule.LEAD_FIELD);
    return MongoFutures.list(leads.find(leadFilter).projection(idVersion)).compose(leadDocs -> {
      List<String> leadIds = leadDocs.stream().map(d -> d.getString(LeadFields.ID)).toList();
      Bson activityFilter = scope.leadFilter() == null ? tenant
          : Filters.and(tenant, Filters.in(ActivityModule.LEAD_FIELD, leadIds));
      return Future.all(MongoFutures.list(activities.find(activityFilter).projection(idVersion)),
              MongoFutures.list(tasks.find(taskFilter).projection(idVersion)), reference.of(p))
          .map(all -> {
            List<EntityRef> refs = new ArrayList<>();
            leadDocs.forEach(d -> refs.add(ref(LEAD, d, LeadFields.ID)));
            all.<List<Document>>resultAt(0).forEach(d -> refs.add(ref(ACTIVITY, d, ActivityModule.ID_FIELD)));
            all.<List<Document>>resultAt(1).forEach(d -> refs.add(ref(TASK, d, ActivityModule.ID_FIELD)));
            return new Answer(new PullResponse(ProtocolVersion.CURRENT, PullMode.REBASELINE, null, refs,
                checkpoint(scope, 0), true, all.resultAt(2)), 0);
          });
    });
  }

  private static EntityRef ref(String type, Document d, String idField) {
    return new EntityRef(type, d.getString(idField), ((Number) d.get(LeadFields.VERSION)).longValue());
  }

  private String checkpoint(SyncScope scope, long seq) {
    Principal p = scope.principal();
    Instant now = clock.instant();
    return codec.get().encode(new Checkpoint(ProtocolVersion.CURRENT, p.tenantId(), p.userId(), scope.hash(), seq,
        now));
  }

  /** The reference data of a first page, as a map (kept here so callers need not know its parts). */
  static Map<String, Object> map(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], Json.MAPPER.convertValue(pairs[i + 1], Object.class));
    }
    return out;
  }
}
