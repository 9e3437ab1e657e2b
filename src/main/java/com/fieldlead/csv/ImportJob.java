package com.fieldlead.csv;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.lead.LeadBatchImport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One CSV import in progress, on the instance that runs it: its counters move after each batch, and {@link
 * ImportJobRecords} writes its {@link View} to the store (where every instance reads it) with the rows that could not
 * be imported (up to {@link #KEPT_ERRORS}). Written by the one context that runs the import.
 */
final class ImportJob {

  /** Error rows kept for the download; beyond that only counted. */
  static final int KEPT_ERRORS = 10_000;

  /** A row that was not imported: its number, cells, and why. */
  record ErrorRow(int row, List<String> cells, List<RowError> errors) {}

  /** One field's problem in a row: the lead field, the CSV column it came from (when one did), code and message. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RowError(String field, String column, String code, String message) {}

  /** What {@code GET /v1/leads/import/jobs/{id}} answers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record View(
      String id,
      String state,
      String duplicates,
      String encoding,
      String delimiter,
      Map<String, String> mapping,
      int rowsTotal,
      int rowsDone,
      int created,
      int updated,
      int skipped,
      int invalid,
      double rowsPerSecond,
      Instant startedAt,
      Instant finishedAt,
      String failure,
      String errorsCsv) {

    /** This state of a job whose instance stopped while it ran. */
    View interrupted() {
      return new View(
          id,
          "interrupted",
          duplicates,
          encoding,
          delimiter,
          mapping,
          rowsTotal,
          rowsDone,
          created,
          updated,
          skipped,
          invalid,
          rowsPerSecond,
          startedAt,
          null,
          "the server running the import stopped; the rows counted as done were imported, and the batch being"
              + " written after them may have been too (import the file again with duplicates=skip to add the rest)",
          errorsCsv);
    }
  }

  final String id;
  final String tenantId;
  final String startedBy;
  private final Clock clock;
  private final String duplicates;
  private final String encoding;
  private final String delimiter;
  private final Map<String, String> mapping;
  private final int rowsTotal;
  private final Instant startedAt;
  private final List<String> headers;
  private int errorsKept;
  private String state = "running";
  private int rowsDone;
  private int created;
  private int updated;
  private int skipped;
  private int invalid;
  private Instant finishedAt;
  private String failure;

  ImportJob(
      String id,
      String tenantId,
      String startedBy,
      Clock clock,
      LeadBatchImport.DuplicatePolicy policy,
      CsvFile file,
      Map<String, String> mapping,
      int rowsTotal) {
    this.id = id;
    this.tenantId = tenantId;
    this.startedBy = startedBy;
    this.clock = clock;
    this.duplicates = policy.wire();
    this.encoding = file.decoded().charset().name();
    this.delimiter = file.decoded().delimiterName();
    this.headers = file.headers();
    this.mapping = Map.copyOf(mapping);
    this.rowsTotal = rowsTotal;
    this.startedAt = clock.instant();
  }

  List<String> headers() {
    return headers;
  }

  synchronized void counted(String outcome) {
    rowsDone++;
    switch (outcome) {
      case LeadBatchImport.CREATED -> created++;
      case LeadBatchImport.UPDATED -> updated++;
      case LeadBatchImport.SKIPPED -> skipped++;
      default -> invalid++;
    }
  }

  /** Counts a row that was not imported; answers whether it is one of the {@link #KEPT_ERRORS} to store. */
  synchronized boolean failedRow() {
    counted(LeadBatchImport.INVALID);
    if (errorsKept < KEPT_ERRORS) {
      errorsKept++;
      return true;
    }
    return false;
  }

  synchronized void finished(String failure) {
    this.state = failure == null ? "succeeded" : "failed";
    this.failure = failure;
    this.finishedAt = clock.instant();
  }

  /** Ended because its server stopped (gracefully) before the file did: {@code interrupted}, as a crash reads. */
  synchronized void interrupted() {
    View stopped = view().interrupted();
    this.state = stopped.state();
    this.failure = stopped.failure();
    this.finishedAt = clock.instant();
  }

  synchronized View view() {
    Instant end = finishedAt != null ? finishedAt : clock.instant();
    double seconds = Math.max(Duration.between(startedAt, end).toMillis(), 1) / 1000.0;
    return new View(
        id,
        state,
        duplicates,
        encoding,
        delimiter,
        mapping,
        rowsTotal,
        rowsDone,
        created,
        updated,
        skipped,
        invalid,
        Math.round(rowsDone / seconds * 10) / 10.0,
        startedAt,
        finishedAt,
        failure,
        "/v1/leads/import/jobs/" + id + "/errors.csv");
  }
}
