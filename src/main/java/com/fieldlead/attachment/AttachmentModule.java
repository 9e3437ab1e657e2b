package com.fieldlead.attachment;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.LeadMergeListener;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.port.LeadChildFeed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Photos and voice notes on leads, stored in GridFS; depends on the lead feature, never the reverse. */
public final class AttachmentModule {

  /** The leased job that drops the pieces of abandoned resumable uploads. */
  public static final String PIECES_JOB = "attachment-pieces-expiry";

  /** How long an unfinished upload's pieces wait for the rest. */
  public static final Duration PIECES_KEPT = Duration.ofDays(7);

  private final AttachmentService service;
  private final AttachmentRepository repository;
  private final MongoAttachmentRepository stored;
  private final AttachmentRecords records;
  private final AttachmentSyncFeed syncFeed;

  /** @param stamper stamps every write of an attachment's sync record (shared with leads, activities and tasks) */
  public AttachmentModule(
      Vertx vertx,
      MongoStore store,
      Clock clock,
      LeadLookup leads,
      FieldleadConfig.Attachments limits,
      ChangeStamper stamper) {
    this.records = new AttachmentRecords(store, stamper);
    this.syncFeed = new AttachmentSyncFeed(store);
    this.stored = new MongoAttachmentRepository(store, records);
    this.repository = stored;
    this.service = new AttachmentService(vertx, repository, leads, clock, limits);
  }

  /**
   * Schema step 3: attachments uploaded before phones pulled attachment metadata get their sync record, so phones
   * learn of them on their next pull (in the background; an upload meanwhile records its own).
   */
  public Migration recordsBackfill() {
    return new Migration(
        3,
        "attachments stored before the sync records got their record (phones pull their metadata)",
        Migration.When.IN_BACKGROUND,
        (store, progress) -> stored.recordAllWithout(progress));
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(MongoAttachmentRepository.indexes());
    all.addAll(AttachmentRecords.indexes());
    return all;
  }

  /** Schedules the expiry of abandoned upload pieces (hourly, on one instance at a time). */
  public void start(LeasedJobs jobs) {
    jobs.schedule(
        PIECES_JOB,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        () -> service.expireAbandonedPieces(PIECES_KEPT));
  }

  public List<Endpoint> endpoints() {
    return List.of(new AttachmentEndpoint(service));
  }

  /** Re-points the loser's attachments to the survivor when two leads merge (a failure fails the merge). */
  public LeadMergeListener mergeListener() {
    return (tenantId, survivorId, loserId) -> repository.repoint(tenantId, loserId, survivorId);
  }

  /**
   * Re-stamps the sync records of a lead's attachments when its owner, team or event changes, so the phones the lead
   * moved to pull its attachments too. Register with the lead module's change listeners.
   */
  public LeadChangeListener scopeListener() {
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
      byTenant.forEach((tenant, ids) -> done.add(records.restamp(tenant, ids)));
      return Future.join(done).mapEmpty();
    };
  }

  private static boolean scopeChanged(Lead before, Lead after) {
    return before != null
        && after != null
        && !(Objects.equals(before.routing().ownerId(), after.routing().ownerId())
            && Objects.equals(before.routing().teamId(), after.routing().teamId())
            && Objects.equals(before.capture().eventId(), after.capture().eventId()));
  }

  /** The attachment feature's side of a sync pull: attachment metadata, seen with its lead. */
  public LeadChildFeed syncFeed() {
    return syncFeed;
  }

  public AttachmentService service() {
    return service;
  }
}
