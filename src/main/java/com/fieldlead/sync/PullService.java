package com.fieldlead.sync;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.activity.model.Task;
import com.fieldlead.attachment.AttachmentRecords;
import com.fieldlead.auth.Principal;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.protocol.Change;
import com.fieldlead.sync.protocol.EntityRef;
import com.fieldlead.sync.protocol.PullMode;
import com.fieldlead.sync.protocol.PullRequest;
import com.fieldlead.sync.protocol.PullResponse;
import com.fieldlead.sync.protocol.RawState;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
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
  /** Attachment metadata (never the bytes), of the leads the caller sees; tombstones after a delete. */
  static final String ATTACHMENT = "attachment";

  private static final Logger LOG = LoggerFactory.getLogger(PullService.class);
  /** Leads whose page state was written from the whole document (their stored state was not current). */
  static final LongAdder WHOLE_LEAD_READS = new LongAdder();

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
  private final MongoCollection<Document> attachments;
  private final PageSizing sizing = new PageSizing(MAX_PAGE_BYTES);

  PullService(
      MongoStore store,
      ChangeSequencer sequencer,
      Supplier<CheckpointCodec> codec,
      LeadModule leadModule,
      ReferenceData reference,
      DeviceStates devices,
      Clock clock) {
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
    this.attachments = store.collection(AttachmentRecords.COLLECTION);
  }

  /** A pull, using the reads {@code early} started for this caller if any (null: it reads them itself). */
  Future<PullResponse> pull(
      Principal p, PullRequest req, String deviceId, PullPrefetch.Started early) {
    boolean ahead = early != null && early.of(p);
    // the scope and the watermark do not depend on each other: read them side by side
    Future<SyncScope> scoped = (ahead
            ? leadModule.visibility(p, early.sharingEvents())
            : leadModule.visibility(p))
        .map(v -> SyncScope.of(p, v));
    Future<Watermark> watermark = ahead ? early.watermark() : sequencer.watermark(p.tenantId());
    return Future.all(scoped, watermark).compose(both -> {
      Future<PullResponse> page = page(p, req, deviceId, scoped.result(), watermark.result());
      // the checkpoint checked out: the device's sync state is written while the page is read, and
      // the page does
      // not wait for it (the managers' view; see DeviceStates#pulled)
      devices.pulled(p, deviceId, req, clock.instant());
      return page;
    });
  }

  /** The page the request asks for; throws the 4xx of a rejected checkpoint. */
  private Future<PullResponse> page(
      Principal p, PullRequest req, String deviceId, SyncScope scope, Watermark w) {
    if (req.checkpoint() == null) {
      return delta(scope, req.protocolVersion(), 0, w, req.pageSize(), true);
    }
    // "From the future" is judged against the counter: the safe watermark may dip below an issued
    // checkpoint
    // while a writer that read the counter earlier is in flight, and that checkpoint is still
    // genuine.
    CheckpointVerdict verdict = codec
        .get()
        .decode(
            req.checkpoint(),
            p.tenantId(),
            p.userId(),
            scope.hash(),
            w.counter(),
            req.protocolVersion());
    if (verdict instanceof CheckpointVerdict.Rejected r) {
      throw r.problem();
    }
    if (verdict instanceof CheckpointVerdict.Rebaseline rb) {
      LOG.info(
          "sync re-baseline [tenant={}, user={}, device={}, reason={}]",
          p.tenantId(),
          p.userId(),
          deviceId,
          rb.reason());
      return rebaseline(scope, req.protocolVersion(), null, req.pageSize());
    }
    Checkpoint claims = ((CheckpointVerdict.Valid) verdict).checkpoint();
    return claims.rebaselineAfter() != null
        ? rebaseline(scope, req.protocolVersion(), claims.rebaselineAfter(), req.pageSize())
        : delta(scope, req.protocolVersion(), claims.seq(), w, req.pageSize(), false);
  }

  private Future<PullResponse> delta(
      SyncScope scope, int version, long from, Watermark w, int limit, boolean first) {
    Principal p = scope.principal();
    List<ScopedFeed.Source> sources = new ArrayList<>(List.of(
        new ScopedFeed.Source(LEAD, leads, scope.leadFilter(), LEAD_PAGE_FIELDS),
        new ScopedFeed.Source(ACTIVITY, activities, null),
        new ScopedFeed.Source(TASK, tasks, scope.taskFilter())));
    if (scope.exitFilter() != null) { // an all-seeing scope has nothing to leave
      sources.add(new ScopedFeed.Source(EXIT, exits, scope.exitFilter()));
    }
    if (scope.taskExitFilter() != null) {
      sources.add(new ScopedFeed.Source(TASK_EXIT, taskExits, scope.taskExitFilter()));
    }
    sources.add(new ScopedFeed.Source(ATTACHMENT, attachments, null));
    ScopedFeed feed = new ScopedFeed(sources);
    return feed.page(p.tenantId(), from, w.safe(), sizing.reads(p.tenantId(), limit))
        .compose(page -> toChanges(scope, page.items()).compose(cut -> {
          sizing.observed(p.tenantId(), cut.count(), cut.bytes());
          PageCut.DeltaPage bounded = cut.page(page.checkpoint(), page.hasMore());
          Future<Map<String, Object>> ref = first ? reference.of(p) : Future.succeededFuture(null);
          return ref.map(r -> new PullResponse(
              version,
              PullMode.DELTA,
              bounded.changes(),
              null,
              checkpoint(scope, version, bounded.checkpoint(), null),
              bounded.hasMore(),
              r));
        }));
  }

  /**
   * What a page reads of a lead: enough for a tombstone, and the stored sync state with the number it was written at
   * (the whole document is read only for a lead whose stored state is not current, see {@link #currentState}).
   */
  private static final Bson LEAD_PAGE_FIELDS = Projections.include(
      LeadFields.ID,
      LeadFields.VERSION,
      LeadFields.DELETED_AT,
      LeadFields.ERASED_AT,
      ChangeStamper.FIELD,
      LeadFields.SYNC_STATE,
      LeadFields.SYNC_STATE_SEQ);

  /** The lead's stored sync state if it was written at the lead's current number; null otherwise. */
  static String currentState(Document lead) {
    return lead.get(LeadFields.SYNC_STATE) instanceof String state
            && lead.get(LeadFields.SYNC_STATE_SEQ) instanceof Number at
            && at.longValue() == ScopedFeed.seqOf(lead)
        ? state
        : null;
  }

  /**
   * Turns fetched documents into changes, in the feed's order, until the page is full ({@link PageCut}: the changes
   * after its cut are not converted); activities of leads outside the scope and moot exits are left out.
   */
  private Future<PageCut> toChanges(SyncScope scope, List<ScopedFeed.Item> items) {
    Set<String> activityLeads = new HashSet<>();
    Set<String> exitLeads = new HashSet<>();
    Set<String> exitTasks = new HashSet<>();
    Set<String> unrendered = new HashSet<>();
    Set<String> attachmentLeads = new HashSet<>();
    for (ScopedFeed.Item i : items) {
      if (i.kind().equals(LEAD)) {
        if (i.doc().get(LeadFields.DELETED_AT) == null && currentState(i.doc()) == null) {
          unrendered.add(i.doc().getString(LeadFields.ID));
        }
      } else if (i.kind().equals(ACTIVITY)) {
        activityLeads.add(i.doc().getString(ActivityModule.LEAD_FIELD));
      } else if (i.kind().equals(EXIT)) {
        exitLeads.add(i.doc().getString(LeadFields.EXIT_LEAD_ID));
      } else if (i.kind().equals(TASK_EXIT)) {
        exitTasks.add(i.doc().getString(ActivityModule.TASK_EXIT_TASK_ID));
      } else if (i.kind().equals(ATTACHMENT)) {
        attachmentLeads.add(i.doc().getString(AttachmentRecords.LEAD));
      }
    }
    String tenantId = scope.principal().tenantId();
    return Future.all(
            visibleLeadIds(tenantId, scope, activityLeads),
            leadsById(tenantId, exitLeads),
            tasksById(tenantId, exitTasks),
            wholeLeads(tenantId, scope, unrendered),
            visibleLeadIds(tenantId, scope, attachmentLeads))
        .map(all -> {
          Set<String> visibleForActivities = all.resultAt(0);
          Map<String, Lead> exited = all.resultAt(1);
          Map<String, Task> exitedTasks = all.resultAt(2);
          Map<String, Document> whole = all.resultAt(3);
          Set<String> visibleForAttachments = all.resultAt(4);
          PageCut cut = new PageCut(MAX_PAGE_BYTES);
          Set<String> leadsSent = new HashSet<>();
          Set<String> tasksSent = new HashSet<>();
          for (ScopedFeed.Item i : items) {
            Change out = null;
            Document d = i.doc();
            switch (i.kind()) {
              case LEAD -> {
                String id = d.getString(LeadFields.ID);
                long version = ((Number) d.get(LeadFields.VERSION)).longValue();
                Change change = d.get(LeadFields.ERASED_AT) != null
                    ? new Change(LEAD, id, version, true, null, null, true)
                    : d.get(LeadFields.DELETED_AT) != null
                        ? tombstone(LEAD, id, version)
                        : leadChange(d, whole.get(id), i.seq());
                // null: written again (or left the scope) since the page was read; that later
                // change comes on a later page
                if (change != null) {
                  leadsSent.add(id);
                  out = change;
                }
              }
              case ACTIVITY -> {
                if (visibleForActivities == null
                    || visibleForActivities.contains(d.getString(ActivityModule.LEAD_FIELD))) {
                  var a = ActivityModule.activityFromStored(d);
                  out = new Change(ACTIVITY, a.id(), a.version(), false, null, EntityStates.of(a));
                }
              }
              case TASK -> {
                var t = ActivityModule.taskFromStored(d);
                tasksSent.add(t.id());
                out = t.deleted()
                    ? tombstone(TASK, t.id(), t.version())
                    : new Change(TASK, t.id(), t.version(), false, null, EntityStates.of(t));
              }
              case ATTACHMENT -> {
                if (visibleForAttachments == null
                    || visibleForAttachments.contains(d.getString(AttachmentRecords.LEAD))) {
                  out = attachmentChange(d);
                }
              }
              case TASK_EXIT -> {
                String taskId = d.getString(ActivityModule.TASK_EXIT_TASK_ID);
                var now = exitedTasks.get(taskId);
                if ((now == null || !scope.sees(now)) && tasksSent.add(taskId)) {
                  out =
                      new Change(TASK, taskId, now == null ? 0 : now.version(), false, true, null);
                }
              }
              default -> {
                String leadId = d.getString(LeadFields.EXIT_LEAD_ID);
                Lead now = exited.get(leadId);
                boolean stillSeen = now != null && !now.deleted() && scope.sees(now);
                if (!stillSeen && leadsSent.add(leadId)) {
                  out =
                      new Change(LEAD, leadId, now == null ? 0 : now.version(), false, true, null);
                }
              }
            }
            if (out != null && !cut.add(out, i.seq(), PageCut.approxJsonLength(out))) {
              break; // the page is full
            }
          }
          return cut;
        });
  }

  /**
   * A live lead's change: its stored state when current, else its state written from the whole document read for it,
   * if that document is still at the page's number; null when it is not.
   */
  private static Change leadChange(Document paged, Document whole, long seq) {
    String id = paged.getString(LeadFields.ID);
    long version = ((Number) paged.get(LeadFields.VERSION)).longValue();
    String state = currentState(paged);
    if (state != null) {
      return new Change(LEAD, id, version, false, null, new RawState(state));
    }
    return whole != null && ScopedFeed.seqOf(whole) == seq
        ? new Change(LEAD, id, version, false, null, EntityStates.rawLead(whole))
        : null;
  }

  /** An attachment record as a change: its metadata (the attachment API's JSON), or a tombstone. */
  private static Change attachmentChange(Document d) {
    long version = AttachmentRecords.version(d);
    String id = d.getString(AttachmentRecords.ID);
    return AttachmentRecords.deleted(d)
        ? tombstone(ATTACHMENT, id, version)
        : new Change(
            ATTACHMENT, id, version, false, null, EntityStates.of(AttachmentRecords.fromRecord(d)));
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
    return MongoFutures.list(leads
            .find(Filters.and(
                Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.in(LeadFields.ID, ids), filter))
            .projection(Projections.include(LeadFields.ID)))
        .map(docs -> {
          Set<String> out = new HashSet<>();
          docs.forEach(d -> out.add(d.getString(LeadFields.ID)));
          return out;
        });
  }

  /** The whole documents of the scope's leads among {@code ids} (leads whose stored sync state is not current). */
  private Future<Map<String, Document>> wholeLeads(
      String tenantId, SyncScope scope, Set<String> ids) {
    if (!ids.isEmpty()) {
      WHOLE_LEAD_READS.add(ids.size());
    }
    return byId(leads, LeadFields.ID, tenantId, ids, scope.leadFilter(), d -> d);
  }

  private Future<Map<String, Lead>> leadsById(String tenantId, Set<String> ids) {
    return byId(leads, LeadFields.ID, tenantId, ids, null, LeadModule::fromStored);
  }

  private Future<Map<String, Task>> tasksById(String tenantId, Set<String> ids) {
    return byId(
        tasks, ActivityModule.ID_FIELD, tenantId, ids, null, ActivityModule::taskFromStored);
  }

  /** The tenant's documents among {@code ids} (within {@code scope} when not null), by id, each read as {@code as}. */
  private static <T> Future<Map<String, T>> byId(
      MongoCollection<Document> collection,
      String idField,
      String tenantId,
      Set<String> ids,
      Bson scope,
      Function<Document, T> as) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Bson> and = new ArrayList<>(
        List.of(Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.in(idField, ids)));
    addIfPresent(and, scope);
    return MongoFutures.list(collection.find(Filters.and(and))).map(docs -> {
      Map<String, T> out = new HashMap<>();
      docs.forEach(d -> out.put(d.getString(idField), as.apply(d)));
      return out;
    });
  }

  private static final List<String> LISTING_ORDER = List.of(LEAD, ACTIVITY, TASK, ATTACHMENT);

  /**
   * One page of the current ids and versions of the whole scope (leads, then activities, then tasks, then
   * attachments, each by id), after {@code after} ({@code type:id}, null from the start). While more is listed the
   * checkpoint carries the cursor; the last page's checkpoint is at the start of the sequence, so the delta pulls that
   * follow send every entity's state again (sync invariant 7). Reference data comes with the first page.
   */
  private Future<PullResponse> rebaseline(SyncScope scope, int version, String after, int limit) {
    int colon = after == null ? -1 : after.indexOf(':');
    int typeIndex = colon < 0 ? 0 : Math.max(0, LISTING_ORDER.indexOf(after.substring(0, colon)));
    String afterId = colon < 0 ? null : after.substring(colon + 1);
    Future<Map<String, Object>> ref =
        after == null ? reference.of(scope.principal()) : Future.succeededFuture(null);
    return listing(scope, typeIndex, afterId, limit + 1, new ArrayList<>(), null)
        .compose(refs -> ref.map(r -> {
          boolean more = refs.size() > limit;
          List<EntityRef> page = more ? refs.subList(0, limit) : refs;
          EntityRef last = more ? page.get(page.size() - 1) : null;
          String cursor = last == null ? null : last.entityType() + ":" + last.entityId();
          return new PullResponse(
              version,
              PullMode.REBASELINE,
              null,
              page,
              checkpoint(scope, version, 0, cursor),
              true,
              r);
        }));
  }

  private Future<List<EntityRef>> listing(
      SyncScope scope,
      int typeIndex,
      String afterId,
      int want,
      List<EntityRef> acc,
      List<String> liveLeadIds) {
    if (typeIndex >= LISTING_ORDER.size() || acc.size() >= want) {
      return Future.succeededFuture(acc);
    }
    String type = LISTING_ORDER.get(typeIndex);
    Bson tenant = Filters.eq(LeadFields.TENANT_ID, scope.principal().tenantId());
    Future<List<String>> leadsForActivities = (type.equals(ACTIVITY) || type.equals(ATTACHMENT))
            && scope.leadFilter() != null
            && liveLeadIds == null
        ? liveLeadIds(scope, tenant)
        : Future.succeededFuture(liveLeadIds);
    return leadsForActivities.compose(visibleLeads -> {
      String idField = type.equals(LEAD)
          ? LeadFields.ID
          : type.equals(ATTACHMENT) ? AttachmentRecords.ID : ActivityModule.ID_FIELD;
      List<Bson> and = new ArrayList<>(List.of(tenant));
      MongoCollection<Document> collection;
      if (type.equals(LEAD)) {
        collection = leads;
        and.add(Filters.eq(LeadFields.DELETED_AT, null));
        addIfPresent(and, scope.leadFilter());
      } else if (type.equals(ACTIVITY)) {
        collection = activities;
        if (visibleLeads != null) {
          and.add(Filters.in(ActivityModule.LEAD_FIELD, visibleLeads));
        }
      } else if (type.equals(ATTACHMENT)) {
        collection = attachments;
        and.add(Filters.ne(AttachmentRecords.DELETED, true));
        if (visibleLeads != null) {
          and.add(Filters.in(AttachmentRecords.LEAD, visibleLeads));
        }
      } else {
        collection = tasks;
        and.add(Filters.ne("deleted", true));
        addIfPresent(and, scope.taskFilter());
      }
      if (afterId != null) {
        and.add(Filters.gt(idField, afterId));
      }
      return MongoFutures.list(collection
              .find(Filters.and(and))
              .projection(Projections.include(idField, LeadFields.VERSION))
              .sort(Sorts.ascending(idField))
              .limit(want - acc.size()))
          .compose(docs -> {
            docs.forEach(d -> acc.add(ref(type, d, idField)));
            return listing(scope, typeIndex + 1, null, want, acc, visibleLeads);
          });
    });
  }

  private Future<List<String>> liveLeadIds(SyncScope scope, Bson tenant) {
    return MongoFutures.list(leads
            .find(Filters.and(tenant, Filters.eq(LeadFields.DELETED_AT, null), scope.leadFilter()))
            .projection(Projections.include(LeadFields.ID)))
        .map(docs -> docs.stream().map(d -> d.getString(LeadFields.ID)).toList());
  }

  private static void addIfPresent(List<Bson> and, Bson filter) {
    if (filter != null) {
      and.add(filter);
    }
  }

  private static EntityRef ref(String type, Document d, String idField) {
    return new EntityRef(
        type, d.getString(idField), ((Number) d.get(LeadFields.VERSION)).longValue());
  }

  /** A checkpoint bound to the protocol version the pull stated (the app may present it under another one later). */
  private String checkpoint(SyncScope scope, int version, long seq, String rebaselineAfter) {
    Principal p = scope.principal();
    Instant now = clock.instant();
    return codec
        .get()
        .encode(new Checkpoint(
            version, p.tenantId(), p.userId(), scope.hash(), seq, now, rebaselineAfter));
  }
}
