package com.fieldlead.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fieldlead.json.Json;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Import jobs as the store keeps them, so any instance behind a load balancer answers a job's state and its error rows:
 * the instance running a job writes its state when it starts, after each batch and when it ends, and the batch's
 * rejected rows beside it. A running job whose state was not written for {@link #STALE} belongs to an instance that
 * stopped; it reads as {@code interrupted} (the rows counted as done were imported). Jobs that ended more than
 * {@link #KEPT} ago are deleted, with their error rows, when a new job starts.
 */
final class ImportJobRecords {

  static final String JOBS = "csv_import_jobs";
  static final String ERRORS = "csv_import_errors";
  static final Duration STALE = Duration.ofMinutes(2);
  static final Duration KEPT = Duration.ofDays(7);

  /** A stored job: who may see it, its file's headers, and its state as the API shows it. */
  record Stored(String tenantId, String startedBy, List<String> headers, ImportJob.View view) {}

  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> errors;
  private final Clock clock;

  ImportJobRecords(MongoStore store, Clock clock) {
    this.jobs = store.collection(JOBS);
    this.errors = store.collection(ERRORS);
    this.clock = clock;
  }

  static List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(JOBS, "csv_jobs_finished", Indexes.ascending("finishedAt")),
        IndexDef.of(ERRORS, "csv_errors_job_row", Indexes.ascending("jobId", "row")));
  }

  /** Writes {@code job}'s state as it is now. */
  Future<Void> save(ImportJob job) {
    ImportJob.View view = job.view();
    Document doc = new Document("_id", job.id)
        .append("tenantId", job.tenantId)
        .append("startedBy", job.startedBy)
        .append("headers", job.headers())
        .append("view", json(view))
        .append("writtenAt", Date.from(clock.instant()))
        .append("finishedAt", view.finishedAt() == null ? null : Date.from(view.finishedAt()));
    return MongoFutures.one(
            jobs.replaceOne(Filters.eq("_id", job.id), doc, new ReplaceOptions().upsert(true)))
        .mapEmpty();
  }

  /** Stores rows of {@code job} that were not imported. */
  Future<Void> addErrors(ImportJob job, List<ImportJob.ErrorRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Document> docs = new ArrayList<>();
    for (ImportJob.ErrorRow row : rows) {
      docs.add(new Document("jobId", job.id)
          .append("tenantId", job.tenantId)
          .append("row", row.row())
          .append("json", json(row)));
    }
    return MongoFutures.one(errors.insertMany(docs)).mapEmpty();
  }

  /** The job with {@code id}, as stored. */
  Future<Optional<Stored>> find(String id) {
    return MongoFutures.first(jobs.find(Filters.eq("_id", id)).limit(1))
        .map(found -> found.map(d -> {
          ImportJob.View view = read(d.getString("view"), ImportJob.View.class);
          Date written = d.getDate("writtenAt");
          if (view.finishedAt() == null
              && written != null
              && written.toInstant().plus(STALE).isBefore(clock.instant())) {
            view = view.interrupted();
          }
          return new Stored(
              d.getString("tenantId"),
              d.getString("startedBy"),
              d.getList("headers", String.class),
              view);
        }));
  }

  /** The stored error rows of job {@code id}, by row number. */
  Future<List<ImportJob.ErrorRow>> errors(String id) {
    return MongoFutures.list(errors
            .find(Filters.eq("jobId", id))
            .sort(Sorts.ascending("jobId", "row"))
            .limit(ImportJob.KEPT_ERRORS))
        .map(docs -> docs.stream()
            .map(d -> read(d.getString("json"), ImportJob.ErrorRow.class))
            .toList());
  }

  /** Deletes the jobs that ended before {@link #KEPT} ago, and their error rows. */
  Future<Void> purge() {
    Date before = Date.from(clock.instant().minus(KEPT));
    return MongoFutures.list(jobs.find(Filters.lt("finishedAt", before))
            .projection(new Document("_id", 1))
            .limit(100))
        .compose(old -> {
          if (old.isEmpty()) {
            return Future.succeededFuture();
          }
          List<Object> ids = old.stream().map(d -> d.get("_id")).toList();
          return MongoFutures.one(errors.deleteMany(Filters.in("jobId", ids)))
              .compose(v -> MongoFutures.one(jobs.deleteMany(Filters.in("_id", ids))))
              .mapEmpty();
        });
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an import job's state is always JSON", e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored import job is unreadable", e);
    }
  }
}
