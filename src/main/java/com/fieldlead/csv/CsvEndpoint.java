package com.fieldlead.csv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.lead.LeadBatchImport;
import com.fieldlead.lead.LeadCatalogService;
import com.fieldlead.lead.LeadListParams;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The CSV routes: import (dry run or job), the job's state and its error rows, saved column mappings, and the export.
 * An import's body is the file itself ({@code text/csv}): the router's contract model cannot describe a CSV body, so
 * the router's copy of the contract leaves it out and this endpoint checks the media type.
 */
final class CsvEndpoint implements Endpoint {

  /** Media types a CSV upload arrives as (browsers on Windows label .csv files as Excel). */
  private static final Set<String> CSV_TYPES = Set.of(
      "text/csv",
      "text/plain",
      "application/csv",
      "application/vnd.ms-excel",
      "application/octet-stream");

  private final CsvImports imports;
  private final CsvExport export;
  private final ImportMappings mappings;
  private final LeadCatalogService catalog;
  private final Clock clock;

  CsvEndpoint(
      CsvImports imports,
      CsvExport export,
      ImportMappings mappings,
      LeadCatalogService catalog,
      Clock clock) {
    this.imports = imports;
    this.export = export;
    this.mappings = mappings;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    Function<JsonNode, List<FieldError>> schema = routes.bodyCheck("createLead");
    routes
        .secured("importLeadsCsv", Role.MANAGERS_AND_ADMINS, ctx -> importCsv(ctx, schema))
        .secured(
            "getLeadImportJob",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                imports
                    .job(Principal.of(ctx), ctx.pathParam("jobId"))
                    .map(ImportJobRecords.Stored::view)))
        .secured("getLeadImportJobErrors", Role.MANAGERS_AND_ADMINS, this::errors)
        .secured(
            "listLeadImportMappings",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                mappings.list(Principal.of(ctx).tenantId()).map(items -> Map.of("items", items))))
        .secured("putLeadImportMapping", Role.MANAGERS_AND_ADMINS, this::putMapping)
        .secured("exportLeadsCsv", Role.ANY, this::exportCsv);
  }

  private void importCsv(RoutingContext ctx, Function<JsonNode, List<FieldError>> schema) {
    Principal p = Principal.of(ctx);
    String type = ctx.request().getHeader("Content-Type");
    String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!CSV_TYPES.contains(base)) {
      throw new ProblemException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the file itself as the body with Content-Type text/csv, got "
              + (type == null ? "none" : "'" + type + "'"));
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ProblemException.invalidField(
          "body", "required", "the body is the CSV file, and it is empty");
    }
    byte[] bytes = body.getBytes();
    boolean dryRun = Boolean.TRUE.equals(QueryParams.bool(ctx, "dryRun"));
    String duplicates = QueryParams.string(ctx, "duplicates");
    LeadBatchImport.DuplicatePolicy policy = duplicates == null
        ? LeadBatchImport.DuplicatePolicy.SKIP
        : LeadBatchImport.DuplicatePolicy.fromWire(duplicates);
    String mappingId = QueryParams.string(ctx, "mappingId");
    Future<Map<String, String>> saved = mappingId == null
        ? Future.succeededFuture(null)
        : mappings
            .get(p.tenantId(), mappingId)
            .map(m -> m.map(ImportMappings.Mapping::columns)
                .orElseThrow(() -> ProblemException.invalidField(
                    "query.mappingId",
                    "unknown",
                    "no saved mapping " + mappingId + " in your tenant")));
    if (dryRun) {
      Responses.reply(ctx, 200, saved.compose(m -> imports.dryRun(p, bytes, m, policy, schema)));
      return;
    }
    Future<ImportJob.View> job = saved.compose(m -> imports.start(p, bytes, m, policy, schema));
    job.onSuccess(v -> ctx.response().putHeader("Location", "/v1/leads/import/jobs/" + v.id()));
    Responses.reply(ctx, 202, job);
  }

  private void errors(RoutingContext ctx) {
    imports
        .job(Principal.of(ctx), ctx.pathParam("jobId"))
        .compose(job -> imports.errors(job).map(rows -> errorsCsv(job, rows)))
        .onSuccess(csv -> ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader(
                "Content-Disposition",
                "attachment; filename=\"import-" + ctx.pathParam("jobId") + "-errors.csv\"")
            .end(csv))
        .onFailure(ctx::fail);
  }

  private static String errorsCsv(ImportJobRecords.Stored job, List<ImportJob.ErrorRow> errors) {
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("row", "errors"));
    header.addAll(job.headers());
    rows.add(header.toArray(String[]::new));
    for (ImportJob.ErrorRow e : errors) {
      List<String> line = new ArrayList<>();
      line.add(String.valueOf(e.row()));
      line.add(String.join(
          "; ",
          e.errors().stream()
              .map(x -> (x.column() != null ? x.column() : x.field()) + ": " + x.message())
              .toList()));
      e.cells().forEach(c -> line.add(CsvCells.escape(c == null ? "" : c)));
      rows.add(line.toArray(String[]::new));
    }
    return "\uFEFF" + CsvExport.lines(rows);
  }

  private void putMapping(RoutingContext ctx) {
    Principal p = Principal.of(ctx);
    JsonNode body = ctx.get(Validation.BODY_KEY);
    Map<String, String> columns = new LinkedHashMap<>();
    body.path("columns")
        .fields()
        .forEachRemaining(e -> columns.put(e.getKey(), e.getValue().asText()));
    ImportMappings.Mapping m = new ImportMappings.Mapping(
        ctx.pathParam("mappingId"), columns, clock.instant(), p.userId());
    Responses.reply(ctx, 200, mappings.put(p.tenantId(), m));
  }

  private void exportCsv(RoutingContext ctx) {
    Principal p = Principal.of(ctx);
    String segmentId = QueryParams.string(ctx, "segmentId");
    LeadQuery query = LeadListParams.query(ctx);
    String sort = QueryParams.string(ctx, "sort");
    if (segmentId == null) {
      export.stream(ctx, p, query, LeadQuery.Order.parse(sort));
      return;
    }
    if (!query.equals(LeadQuery.ALL)) {
      throw ProblemException.invalidField(
          "query.segmentId", "oneOf", "give segmentId or list filters, not both");
    }
    catalog.segment(p, segmentId).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      String order = sort != null ? sort : ar.result().sort();
      export.stream(ctx, p, ar.result().filter(), LeadQuery.Order.parse(order));
    });
  }
}
