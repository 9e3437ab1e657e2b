package com.fieldlead.attachment;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.LeadMergeListener;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.LeasedJobs;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Photos and voice notes on leads, stored in GridFS; depends on the lead feature, never the reverse. */
public final class AttachmentModule {

  /** The leased job that drops the pieces of abandoned resumable uploads. */
  public static final String PIECES_JOB = "attachment-pieces-expiry";

  /** How long an unfinished upload's pieces wait for the rest. */
  public static final Duration PIECES_KEPT = Duration.ofDays(7);

  private final AttachmentService service;
  private final AttachmentRepository repository;

  public AttachmentModule(
      Vertx vertx,
      MongoStore store,
      Clock clock,
      LeadLookup leads,
      FieldleadConfig.Attachments limits) {
    this.repository = new MongoAttachmentRepository(store);
    this.service = new AttachmentService(vertx, repository, leads, clock, limits);
  }

  public List<IndexDef> indexes() {
    return MongoAttachmentRepository.indexes();
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

  public AttachmentService service() {
    return service;
  }
}
