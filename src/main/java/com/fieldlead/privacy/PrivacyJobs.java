package com.fieldlead.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports and erasures run as jobs (a large tenant's sweep takes longer than a client waits): the job's state is kept
 * in {@code privacy_jobs}, so any instance answers {@code GET /v1/privacy/jobs/{id}}; the instance running it writes
 * a heartbeat every {@link #BEAT}, and a running job not written for {@link #STALE} belonged to an instance that
 * stopped and reads {@code interrupted} (run the request again: an export reads, an erasure is safe to repeat).
 */
final class PrivacyJobs {

  private static final Logger LOG = LoggerFactory.getLogger(PrivacyJobs.class);
  static final String COLLECTION = "privacy_jobs";
  /** Up to this many leads in the tenant (tombstones too), a request is answered when done; beyond, it is a job. */
  static final long SYNC_MAX_LEADS = 20_000;

  static final Duration BEAT = Duration.ofSeconds(30);
  static final Duration STALE = Duration.ofMinutes(2);

  /** A job as the API shows it; {@code result} is the export document or the erasure's answer once succeeded. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record View(
      String id,
      String kind,
      String state,
      String startedBy,
      Instant createdAt,
      Instant finishedAt,
      JsonNode result,
      String error) {}

  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> leads;
  private final Clock clock;

  PrivacyJobs(MongoStore store, Clock clock) {
    this.jobs = store.collection(COLLECTION);
    this.leads = store.collection(LeadFields.LEADS);
    this.clock = clock;
  }

  static List<IndexDef> indexes() {
    return List.of(IndexDef.of(COLLECTION, "privacy_jobs_tenant", Indexes.ascending("tenantId")));
  }

  /** Whether a request runs as a job: the client asked ({@code Prefer: respond-async}), or the tenant is large. */
  static boolean runAsJob(String prefer, long tenantLeads) {
    boolean asked = prefer != null
        && List.of(prefer.toLowerCase(Locale.ROOT).split(",")).stream()
            .map(String::strip)
            .anyMatch("respond-async"::equals);
    return asked || tenantLeads > SYNC_MAX_LEADS;
  }

  /** The tenant's leads, counted up to just past the threshold (the count stops there). */
  Future<Long> tenantLeads(String tenantId) {
    return MongoFutures.one(leads.countDocuments(
        Filters.eq(LeadFields.TENANT_ID, tenantId),
        new CountOptions().limit((int) SYNC_MAX_LEADS + 1)));
  }

  /**
   * Stores a running job of {@code kind} and starts {@code work} on the caller's context, its outcome written when it
   * ends; answers the job as stored (the request answers at once).
   */
  Future<View> start(Principal p, String kind, Supplier<Future<?>> work) {
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Document doc = new Document("_id", id)
        .append("tenantId", p.tenantId())
        .append("kind", kind)
        .append("state", "running")
        .append("startedBy", p.userId())
        .append("createdAt", Date.from(now))
        .append("writtenAt", Date.from(now));
    return MongoFutures.one(jobs.insertOne(doc)).map(v -> {
      Context context = Vertx.currentContext();
      long timer =
          context == null ? -1 : context.owner().setPeriodic(BEAT.toMillis(), t -> beat(id));
      Future<?> running;
      try {
        running = work.get();
      } catch (RuntimeException e) {
        running = Future.failedFuture(e);
      }
      running.onComplete(ar -> {
        if (timer >= 0) {
          context.owner().cancelTimer(timer);
        }
        finish(id, ar.succeeded() ? ar.result() : null, ar.failed() ? ar.cause() : null);
      });
      return view(doc);
    });
  }

  private void beat(String id) {
    MongoFutures.one(jobs.updateOne(
            Filters.and(Filters.eq("_id", id), Filters.eq("state", "running")),
            Updates.set("writtenAt", Date.from(clock.instant()))))
        .onFailure(
            t -> LOG.warn("privacy job heartbeat not written [job={}]: {}", id, t.toString()));
  }

  private void finish(String id, Object result, Throwable failure) {
    Instant now = clock.instant();
    var update = failure == null
        ? Updates.combine(
            Updates.set("state", "succeeded"),
            Updates.set("result", Json.encode(result).toString()),
            Updates.set("writtenAt", Date.from(now)),
            Updates.set("finishedAt", Date.from(now)))
        : Updates.combine(
            Updates.set("state", "failed"),
            Updates.set("error", failure.getMessage() == null ? "failed" : failure.getMessage()),
            Updates.set("writtenAt", Date.from(now)),
            Updates.set("finishedAt", Date.from(now)));
    if (failure != null) {
      LOG.error("privacy job failed [job={}]", id, failure);
    }
    MongoFutures.one(jobs.updateOne(Filters.eq("_id", id), update))
        .onSuccess(r -> LOG.info("privacy job ended [job={}, failed={}]", id, failure != null))
        .onFailure(t -> LOG.error("privacy job outcome not written [job={}]", id, t));
  }

  /** The tenant's job; empty for another tenant's or an unknown one. */
  Future<Optional<View>> get(String tenantId, String id) {
    return MongoFutures.first(
            jobs.find(Filters.and(Filters.eq("_id", id), Filters.eq("tenantId", tenantId))))
        .map(d -> d.map(this::view));
  }

  private View view(Document d) {
    String state = d.getString("state");
    Date written = d.getDate("writtenAt");
    if ("running".equals(state)
        && written != null
        && written.toInstant().plus(STALE).isBefore(clock.instant())) {
      state = "interrupted";
    }
    Date finished = d.getDate("finishedAt");
    String result = d.getString("result");
    JsonNode parsed = null;
    if (result != null) {
      try {
        parsed = Json.MAPPER.readTree(result);
      } catch (Exception e) {
        parsed = Json.MAPPER.getNodeFactory().textNode(result); // scrubbed by a later erasure
      }
    }
    return new View(
        d.getString("_id"),
        d.getString("kind"),
        state,
        d.getString("startedBy"),
        d.getDate("createdAt").toInstant(),
        finished == null ? null : finished.toInstant(),
        parsed,
        d.getString("error"));
  }
}
