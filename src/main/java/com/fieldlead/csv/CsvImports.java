package com.fieldlead.csv;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.ErasedPeople;
import com.fieldlead.lead.LeadBatchImport;
import com.fieldlead.lead.LeadService;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV imports: a dry run that reports what each of the first {@link #PREVIEW_ROWS} rows would become, and import jobs
 * that go through a file {@link #BATCH} rows at a time through the lead create path ({@link LeadBatchImport}), each
 * row first checked against the contract's lead schema as {@code POST /v1/leads} checks its body. A job runs on the
 * instance that received the file; its state and rejected rows are in the store ({@link ImportJobRecords}), so any
 * instance answers for it.
 */
final class CsvImports {

  private static final Logger LOG = LoggerFactory.getLogger(CsvImports.class);

  /** Rows per batch: one settings read, one insert, one history insert, listeners together. */
  static final int BATCH = 500;
  /** Rows a dry run checks and reports. */
  static final int PREVIEW_ROWS = 1000;
  /** One row of a dry run's answer. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record RowReport(
      int row,
      String outcome,
      String id,
      List<LeadService.PossibleDuplicate> duplicates,
      List<ImportJob.RowError> errors) {}

  /** A dry run's answer: how the file was read, the mapping used, and the first rows' outcomes. */
  record DryRun(
      boolean dryRun,
      String encoding,
      String delimiter,
      List<String> headers,
      Map<String, String> mapping,
      String duplicates,
      int rowsChecked,
      boolean moreRows,
      int created,
      int updated,
      int skipped,
      int invalid,
      List<RowReport> rows) {}

  private final Vertx vertx;
  private final AtomicBoolean stopping = new AtomicBoolean();
  /** The jobs running here, each until its end is stored. */
  private final Set<Future<Void>> running = ConcurrentHashMap.newKeySet();

  private final LeadBatchImport batches;
  private final Clock clock;
  private final ImportJobRecords records;

  CsvImports(Vertx vertx, LeadBatchImport batches, ImportJobRecords records, Clock clock) {
    this.vertx = vertx;
    this.batches = batches;
    this.records = records;
    this.clock = clock;
  }

  /** What the first rows of {@code bytes} would become; nothing is written. */
  Future<DryRun> dryRun(
      Principal p,
      byte[] bytes,
      Map<String, String> saved,
      LeadBatchImport.DuplicatePolicy policy,
      Function<JsonNode, List<FieldError>> schema) {
    return vertx
        .executeBlocking(() -> {
          CsvFile file = CsvFile.open(bytes);
          return new Opened(file, file.next(PREVIEW_ROWS + 1));
        })
        .compose(opened -> {
          CsvFile file = opened.file();
          Map<String, String> mapping = mapping(file.headers(), saved);
          List<CsvFile.Row> rows =
              opened.rows().subList(0, Math.min(PREVIEW_ROWS, opened.rows().size()));
          return batch(
                  p,
                  file.headers(),
                  mapping,
                  rows,
                  policy,
                  true,
                  schema,
                  new LeadBatchImport.Pipeline())
              .map(reports -> new DryRun(
                  true,
                  file.decoded().charset().name(),
                  file.decoded().delimiterName(),
                  file.headers(),
                  mapping,
                  policy.wire(),
                  rows.size(),
                  opened.rows().size() > PREVIEW_ROWS,
                  count(reports, LeadBatchImport.CREATED),
                  count(reports, LeadBatchImport.UPDATED),
                  count(reports, LeadBatchImport.SKIPPED),
                  count(reports, LeadBatchImport.INVALID),
                  reports));
        });
  }

  private record Opened(CsvFile file, List<CsvFile.Row> rows) {}

  /** Starts importing {@code bytes}; answers the job as it starts. The file is read and counted off the event loop. */
  Future<ImportJob.View> start(
      Principal p,
      byte[] bytes,
      Map<String, String> saved,
      LeadBatchImport.DuplicatePolicy policy,
      Function<JsonNode, List<FieldError>> schema) {
    return vertx
        .executeBlocking(() -> {
          int total = 0;
          CsvFile counting = CsvFile.open(bytes);
          for (List<CsvFile.Row> rows = counting.next(BATCH);
              !rows.isEmpty();
              rows = counting.next(BATCH)) {
            total += rows.size();
          }
          return new Counted(CsvFile.open(bytes), total);
        })
        .compose(counted -> {
          CsvFile file = counted.file();
          ImportJob job = new ImportJob(
              UUID.randomUUID().toString(),
              p.tenantId(),
              p.userId(),
              clock,
              policy,
              file,
              mapping(file.headers(), saved),
              counted.rows());
          // old jobs go first; a failure there does not stop this one
          return records
              .purge()
              .recover(e -> Future.succeededFuture())
              .compose(v -> records.save(job))
              .map(v -> {
                LOG.info(
                    "csv import started [tenant={}, job={}, rows={}, duplicates={}]",
                    p.tenantId(),
                    job.id,
                    counted.rows(),
                    policy.wire());
                Future<Void> ended =
                    run(p, job, file, policy, schema).transform(ar -> finish(p, job, ar.cause()));
                running.add(ended);
                ended.onComplete(ar -> running.remove(ended));
                return job.view();
              });
        });
  }

  /** Records how the job ended; answers once that is stored (or failed to be, which is logged). */
  private Future<Void> finish(Principal p, ImportJob job, Throwable cause) {
    if (cause instanceof Stopping) {
      job.interrupted();
    } else {
      job.finished(cause == null ? null : failure(cause));
    }
    ImportJob.View view = job.view();
    LOG.info(
        "csv import finished [tenant={}, job={}, state={}, rows={}, rowsPerSecond={}]",
        p.tenantId(),
        job.id,
        view.state(),
        view.rowsDone(),
        view.rowsPerSecond());
    if (cause != null && !(cause instanceof ProblemException) && !(cause instanceof Stopping)) {
      LOG.warn("csv import failed [job={}]", job.id, cause);
    }
    return records.save(job).recover(e -> {
      LOG.warn("csv import's end not stored [job={}]", job.id, e);
      return Future.succeededFuture();
    });
  }

  /**
   * Stops the running jobs of this instance between batches: none starts another batch, the batches in flight are
   * written and counted, and each job is stored as {@code interrupted} (a re-upload with {@code duplicates=skip}
   * finishes it). Answers once every job has stored its end; call before the store closes.
   */
  Future<Void> stop() {
    stopping.set(true);
    return Future.join(List.copyOf(running))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  /** Why a job started no further batch: its server is stopping. */
  private static final class Stopping extends RuntimeException {
    Stopping() {
      super("the server is stopping", null, false, false);
    }
  }

  private record Counted(CsvFile file, int rows) {}

  private static String failure(Throwable e) {
    return e instanceof ProblemException pe && pe.code().status() < 500
        ? pe.getMessage()
        : "the import stopped on a server error; the rows counted as done were imported, and the batch being"
            + " written after them may have been too (import the file again with duplicates=skip to add the rest)";
  }

  /**
   * The file's batches, two in flight at a time: while one batch's leads are being written (the insert, routing's
   * records, SLA clocks, history, each waiting for the store's commit), the next one is checked, looked up and written
   * too; a batch starts once the batch two before it is done. The batches decide duplicates in file order
   * ({@link LeadBatchImport.Pipeline}), and each batch's outcome is counted and saved in file order, so the job's
   * progress is always a prefix of the file.
   */
  private Future<Void> run(
      Principal p,
      ImportJob job,
      CsvFile file,
      LeadBatchImport.DuplicatePolicy policy,
      Function<JsonNode, List<FieldError>> schema) {
    return run(
        p, job, file, policy, schema, new LeadBatchImport.Pipeline(), Future.succeededFuture());
  }

  /** Starts the next batch, then the rest once {@code counted} (the batch before this one, counted and saved). */
  private Future<Void> run(
      Principal p,
      ImportJob job,
      CsvFile file,
      LeadBatchImport.DuplicatePolicy policy,
      Function<JsonNode, List<FieldError>> schema,
      LeadBatchImport.Pipeline pipeline,
      Future<Void> counted) {
    if (stopping.get()) {
      return counted.compose(v -> Future.failedFuture(new Stopping()));
    }
    List<CsvFile.Row> rows;
    try {
      rows = file.next(BATCH);
    } catch (RuntimeException e) {
      return counted.compose(v -> Future.failedFuture(e));
    }
    if (rows.isEmpty()) {
      return counted;
    }
    Future<List<RowReport>> reports =
        batch(p, file.headers(), job.view().mapping(), rows, policy, false, schema, pipeline);
    Future<Void> countedHere = counted.compose(v -> reports).compose(r -> count(job, rows, r));
    // the batch after this one starts once the one before it is counted: two in flight
    return counted.compose(v -> next(p, job, file, policy, schema, pipeline, countedHere));
  }

  /** Counts a batch's outcomes on the job and saves it, with the rows refused. */
  private Future<Void> count(ImportJob job, List<CsvFile.Row> rows, List<RowReport> reports) {
    List<ImportJob.ErrorRow> rejected = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      RowReport r = reports.get(i);
      if (r.outcome().equals(LeadBatchImport.INVALID)) {
        if (job.failedRow()) {
          rejected.add(new ImportJob.ErrorRow(r.row(), kept(rows.get(i).cells(), r), r.errors()));
        }
      } else {
        job.counted(r.outcome());
      }
    }
    return records.addErrors(job, rejected).compose(v -> records.save(job));
  }

  /**
   * The cells a refused row keeps for the errors file: none of a row refused because its email is an erased person's
   * (their data must not come back through an import's error report), else all.
   */
  private static List<String> kept(List<String> cells, RowReport r) {
    boolean erased = r.errors().stream().anyMatch(e -> ErasedPeople.SUPPRESSED.equals(e.code()));
    return erased ? Collections.nCopies(cells.size(), "") : cells;
  }

  /**
   * {@link #run} of the rest as a new task of this context: a batch whose rows all failed the schema completes at
   * once, and a long file of them would otherwise nest one call per batch; other requests on this event loop get
   * their turn between batches too.
   */
  private Future<Void> next(
      Principal p,
      ImportJob job,
      CsvFile file,
      LeadBatchImport.DuplicatePolicy policy,
      Function<JsonNode, List<FieldError>> schema,
      LeadBatchImport.Pipeline pipeline,
      Future<Void> counted) {
    Promise<Void> rest = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(v -> run(p, job, file, policy, schema, pipeline, counted).onComplete(rest));
    return rest.future();
  }

  /** Checks rows against the lead schema, then imports (or, dry, judges) the ones that pass. */
  private Future<List<RowReport>> batch(
      Principal p,
      List<String> headers,
      Map<String, String> mapping,
      List<CsvFile.Row> rows,
      LeadBatchImport.DuplicatePolicy policy,
      boolean dryRun,
      Function<JsonNode, List<FieldError>> schema,
      LeadBatchImport.Pipeline pipeline) {
    Map<String, String> columnOf = new HashMap<>();
    mapping.forEach((header, field) -> columnOf.putIfAbsent(field, header));
    List<RowReport> out = new ArrayList<>();
    List<ObjectNode> bodies = new ArrayList<>();
    List<Integer> passed = new ArrayList<>();
    for (CsvFile.Row row : rows) {
      ObjectNode body = CsvFile.body(headers, mapping, row.cells());
      List<FieldError> errors = schema.apply(body);
      if (errors.isEmpty()) {
        passed.add(out.size());
        bodies.add(body);
        out.add(null);
      } else {
        out.add(new RowReport(
            row.number(), LeadBatchImport.INVALID, null, List.of(), named(errors, columnOf)));
      }
    }
    if (bodies.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return batches.run(p, bodies, policy, dryRun, pipeline).map(results -> {
      for (int k = 0; k < results.size(); k++) {
        int i = passed.get(k);
        LeadBatchImport.RowResult r = results.get(k);
        out.set(
            i,
            new RowReport(
                rows.get(i).number(),
                r.outcome(),
                r.id(),
                r.duplicates(),
                named(r.errors(), columnOf)));
      }
      return out;
    });
  }

  private static List<ImportJob.RowError> named(
      List<FieldError> errors, Map<String, String> columnOf) {
    return errors.stream()
        .map(e -> {
          String field = e.field().startsWith("/") ? e.field().substring(1) : e.field();
          String top = field.contains("/") ? field.substring(0, field.indexOf('/')) : field;
          return new ImportJob.RowError(e.field(), columnOf.get(top), e.code(), e.message());
        })
        .toList();
  }

  /** The mapping of {@code headers}: a saved one where it names a header, the guess for the rest. */
  static Map<String, String> mapping(List<String> headers, Map<String, String> saved) {
    Map<String, String> guessed = LeadColumns.guess(headers);
    if (saved == null) {
      return guessed;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String h : headers) {
      out.put(h, saved.containsKey(h) ? saved.get(h) : guessed.get(h));
    }
    return out;
  }

  /** A job of the caller's tenant that the caller started (any job of the tenant for an admin); 404 otherwise. */
  Future<ImportJobRecords.Stored> job(Principal p, String id) {
    return records
        .find(id)
        .map(found -> found
            .filter(j -> j.tenantId().equals(p.tenantId())
                && (p.is(Role.ADMIN) || j.startedBy().equals(p.userId())))
            .orElseThrow(() -> ProblemException.notFound("import job " + id)));
  }

  /** The stored rows of a job {@link #job} found. */
  Future<List<ImportJob.ErrorRow>> errors(ImportJobRecords.Stored job) {
    return records.errors(job.view().id());
  }

  private static int count(List<RowReport> rows, String outcome) {
    return (int) rows.stream().filter(r -> r.outcome().equals(outcome)).count();
  }
}
