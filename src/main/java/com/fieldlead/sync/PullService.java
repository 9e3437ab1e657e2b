package com.fieldlead.sync;

import com.fieldlead.auth.Principal;
import com.fieldlead.sync.checkpoint.Checkpoint;
import com.fieldlead.sync.checkpoint.CheckpointCodec;
import com.fieldlead.sync.checkpoint.CheckpointVerdict;
import com.fieldlead.sync.feed.FeedItem;
import com.fieldlead.sync.feed.FeedWindow;
import com.fieldlead.sync.feed.PageCut;
import com.fieldlead.sync.feed.PageSizing;
import com.fieldlead.sync.feed.ScopedFeed;
import com.fieldlead.sync.port.ActivityFeed;
import com.fieldlead.sync.port.LeadChildFeed;
import com.fieldlead.sync.port.LeadFeed;
import com.fieldlead.sync.port.LeadScope;
import com.fieldlead.sync.port.Versioned;
import com.fieldlead.sync.protocol.EntityRef;
import com.fieldlead.sync.protocol.PullMode;
import com.fieldlead.sync.protocol.PullRequest;
import com.fieldlead.sync.protocol.PullResponse;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sync/pull}: the changes of the caller's scope since their checkpoint (sync invariants 2, 3, 7, 8).
 * Reads up to the sequencer's safe watermark only, so a checkpoint never passes a write still in flight. The features
 * serve their changes through ports; what a page holds is decided by {@link FeedWindow}, {@link PageChanges},
 * {@link PageCut} and {@link RebaselineListing}.
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
  private final LeadFeed leads;
  private final ActivityFeed activities;
  private final LeadChildFeed attachments;
  private final ReferenceData reference;
  private final DeviceStates devices;
  private final Clock clock;
  private final PageSizing sizing = new PageSizing(MAX_PAGE_BYTES);

  PullService(
      ChangeSequencer sequencer,
      Supplier<CheckpointCodec> codec,
      LeadFeed leads,
      ActivityFeed activities,
      LeadChildFeed attachments,
      ReferenceData reference,
      DeviceStates devices,
      Clock clock) {
    this.sequencer = sequencer;
    this.codec = codec;
    this.leads = leads;
    this.activities = activities;
    this.attachments = attachments;
    this.reference = reference;
    this.devices = devices;
    this.clock = clock;
  }

  /** A pull, using the reads {@code early} started for this caller if any (null: it reads them itself). */
  Future<PullResponse> pull(Principal p, PullRequest req, String deviceId, EarlyPull early) {
    boolean ahead = early != null && early.of(p);
    // the scope and the watermark do not depend on each other: read them side by side
    Future<SyncScope> scoped = leads
        .scope(p, ahead ? early.scope() : null)
        .map(l -> SyncScope.of(p, l, activities.tasks(p)));
    Future<Watermark> watermark = ahead ? early.watermark() : sequencer.watermark(p.tenantId());
    return Future.all(scoped, watermark).compose(both -> {
      Future<PullResponse> page = page(p, req, deviceId, scoped.result(), watermark.result());
      // the checkpoint checked out: the device's sync state is written while the page is read, and
      // the page does not wait for it (the managers' view; see DeviceStates#pulled)
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
    // checkpoint while a writer that read the counter earlier is in flight, and that checkpoint is
    // still genuine.
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

  /** The feed of the scope's changes: each kind from the feature that owns it. */
  private ScopedFeed feed(SyncScope scope) {
    List<ScopedFeed.Source> sources = new ArrayList<>(List.of(
        new ScopedFeed.Source(LEAD, scope.leads().changes()),
        new ScopedFeed.Source(ACTIVITY, activities.activities().changes()),
        new ScopedFeed.Source(TASK, scope.tasks().changes())));
    if (scope.leads().exits() != null) { // an all-seeing scope has nothing to leave
      sources.add(new ScopedFeed.Source(EXIT, scope.leads().exits()));
    }
    if (scope.tasks().exits() != null) {
      sources.add(new ScopedFeed.Source(TASK_EXIT, scope.tasks().exits()));
    }
    sources.add(new ScopedFeed.Source(ATTACHMENT, attachments.changes()));
    return new ScopedFeed(sources);
  }

  private Future<PullResponse> delta(
      SyncScope scope, int version, long from, Watermark w, int limit, boolean first) {
    Principal p = scope.principal();
    return feed(scope)
        .page(p.tenantId(), from, w.safe(), sizing.reads(p.tenantId(), limit))
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

  /** Looks up what the page's changes need ({@link PageChanges#needs}), then converts and cuts them. */
  private Future<PageCut> toChanges(SyncScope scope, List<FeedItem> items) {
    PageChanges.Needs needs = PageChanges.needs(items);
    String tenantId = scope.principal().tenantId();
    LeadScope leadScope = scope.leads();
    if (!needs.unrendered().isEmpty()) {
      WHOLE_LEAD_READS.add(needs.unrendered().size());
    }
    return Future.all(
            leadScope.visible(tenantId, needs.activityLeads()),
            leadScope.presence(tenantId, needs.exitedLeads()),
            scope.tasks().presence(tenantId, needs.exitedTasks()),
            leadScope.rendered(tenantId, needs.unrendered()),
            leadScope.visible(tenantId, needs.attachmentLeads()))
        .map(all -> PageChanges.cut(
            items,
            new PageChanges.Found(
                all.resultAt(0),
                all.resultAt(4),
                all.resultAt(1),
                all.resultAt(2),
                all.resultAt(3)),
            MAX_PAGE_BYTES));
  }

  /**
   * One page of the current ids and versions of the whole scope ({@link RebaselineListing}), after {@code after}
   * ({@code type:id}, null from the start). While more is listed the checkpoint carries the cursor; the last page's
   * checkpoint is at the start of the sequence, so the delta pulls that follow send every entity's state again (sync
   * invariant 7). Reference data comes with the first page.
   */
  private Future<PullResponse> rebaseline(SyncScope scope, int version, String after, int limit) {
    RebaselineListing.Resume resume = RebaselineListing.resume(after);
    Future<Map<String, Object>> ref =
        after == null ? reference.of(scope.principal()) : Future.succeededFuture(null);
    return listing(scope, resume.typeIndex(), resume.afterId(), limit + 1, new ArrayList<>(), null)
        .compose(refs -> ref.map(r -> {
          RebaselineListing.Page page = RebaselineListing.page(refs, limit);
          return new PullResponse(
              version,
              PullMode.REBASELINE,
              null,
              page.entities(),
              checkpoint(scope, version, 0, page.cursor()),
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
    if (typeIndex >= RebaselineListing.ORDER.size() || acc.size() >= want) {
      return Future.succeededFuture(acc);
    }
    String type = RebaselineListing.ORDER.get(typeIndex);
    String tenantId = scope.principal().tenantId();
    // activities and attachments are listed for the scope's live leads only
    Future<List<String>> leadsOfChildren = (type.equals(ACTIVITY) || type.equals(ATTACHMENT))
            && !scope.leads().seesAll()
            && liveLeadIds == null
        ? scope.leads().liveIds(tenantId)
        : Future.succeededFuture(liveLeadIds);
    return leadsOfChildren.compose(visibleLeads -> {
      int max = want - acc.size();
      Future<List<Versioned>> listed =
          switch (type) {
            case LEAD -> scope.leads().listing(tenantId, afterId, max);
            case ACTIVITY -> activities.activities().listing(tenantId, visibleLeads, afterId, max);
            case ATTACHMENT -> attachments.listing(tenantId, visibleLeads, afterId, max);
            default -> scope.tasks().listing(tenantId, afterId, max);
          };
      return listed.compose(found -> {
        found.forEach(v -> acc.add(new EntityRef(type, v.id(), v.version())));
        return listing(scope, typeIndex + 1, null, want, acc, visibleLeads);
      });
    });
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
