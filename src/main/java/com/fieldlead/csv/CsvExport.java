package com.fieldlead.csv;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fieldlead.auth.Principal;
import com.fieldlead.lead.LeadService;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadQuery;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the leads a caller may see as CSV, page by page through the list's cursor: the next page is read while one
 * is formatted and sent, and the page after it only once the connection has taken that one (and drained), so memory
 * stays at two pages whatever the count, and only the exported fields are read from the store. Columns are {@link
 * LeadColumns#EXPORTED}, the names an import maps back without help. A UTF-8 byte order mark goes first so Excel
 * reads the accents.
 */
final class CsvExport {

  private static final Logger LOG = LoggerFactory.getLogger(CsvExport.class);

  /** Leads read per page. */
  static final int PAGE = 1000;

  private static final CsvMapper MAPPER = new CsvMapper();
  private static final ObjectWriter ROW =
      MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\r\n"));

  private final LeadService leads;

  CsvExport(LeadService leads) {
    this.leads = leads;
  }

  /** Answers the leads of {@code query} in {@code order}; a bad query fails the request before anything is sent. */
  void stream(RoutingContext ctx, Principal p, LeadQuery query, LeadQuery.Order order) {
    leads.list(p, query, order, null, PAGE, false, LeadColumns.EXPORTED).onComplete(first -> {
      if (first.failed()) {
        ctx.fail(first.cause());
        return;
      }
      HttpServerResponse res = ctx.response()
          .setChunked(true)
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"leads.csv\"");
      res.write(Buffer.buffer(
          "\uFEFF" + lines(List.<String[]>of(LeadColumns.EXPORTED.toArray(String[]::new)))));
      send(res, p, query, order, first.result(), 0);
    });
  }

  /**
   * Writes {@code page} and goes on with the next one, which is already being read: the store reads page n+1 while
   * page n is formatted and sent, and no further page is asked for until the connection has taken page n (memory
   * stays at two pages).
   */
  private void send(
      HttpServerResponse res,
      Principal p,
      LeadQuery query,
      LeadQuery.Order order,
      LeadService.LeadPage page,
      long sent) {
    if (res.closed()) {
      LOG.info("csv export stopped: the client went away [tenant={}, rows={}]", p.tenantId(), sent);
      return;
    }
    Future<LeadService.LeadPage> next = page.nextCursor() == null
        ? null
        : leads.list(p, query, order, page.nextCursor(), PAGE, false, LeadColumns.EXPORTED);
    res.write(Buffer.buffer(lines(page.items().stream().map(CsvExport::cells).toList())));
    long total = sent + page.items().size();
    if (next == null) {
      res.end();
      LOG.info("csv export done [tenant={}, user={}, rows={}]", p.tenantId(), p.userId(), total);
      return;
    }
    Runnable onward = () -> next.onComplete(ar -> {
      if (ar.failed()) {
        // the status line is gone: cut the connection so the client sees a broken download, not a
        // short file
        LOG.warn("csv export failed after {} rows [tenant={}]", total, p.tenantId(), ar.cause());
        res.reset();
        return;
      }
      send(res, p, query, order, ar.result(), total);
    });
    if (res.writeQueueFull()) {
      res.drainHandler(v -> onward.run());
    } else {
      onward.run();
    }
  }

  /** Rows as CSV lines (RFC 4180 quoting, CRLF). */
  static String lines(List<String[]> rows) {
    StringWriter out = new StringWriter();
    try (SequenceWriter seq = ROW.writeValues(out)) {
      for (String[] row : rows) {
        seq.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A lead's cells, in {@link LeadColumns#EXPORTED} order. */
  static String[] cells(Lead l) {
    List<String> columns = LeadColumns.EXPORTED;
    String[] out = new String[columns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = CsvCells.escape(value(l, columns.get(i)));
    }
    return out;
  }

  private static String value(Lead l, String column) {
    return switch (column) {
      case "id" -> l.id();
      case "firstName" -> text(l.contact().firstName());
      case "lastName" -> text(l.contact().lastName());
      case "email" -> text(l.contact().email());
      case "phone" -> text(l.contact().phone());
      case "company" -> text(l.organization().company());
      case "title" -> text(l.contact().title());
      case "website" -> text(l.organization().website());
      case "industry" -> text(l.organization().industry());
      case "companySize" -> text(l.organization().companySize());
      case "country" -> text(l.organization().country());
      case "region" -> text(l.organization().region());
      case "city" -> text(l.organization().city());
      case "source" -> text(l.capture().source());
      case "campaign" -> text(l.capture().campaign());
      case "eventId" -> text(l.capture().eventId());
      case "captureMethod" -> text(l.capture().captureMethod());
      case "capturedAt" -> time(l.capture().capturedAt());
      case "status" -> text(l.qualification().status());
      case "statusReason" -> text(l.qualification().statusReason());
      case "ownerId" -> text(l.routing().ownerId());
      case "teamId" -> text(l.routing().teamId());
      case "tags" ->
        l.qualification().tags() == null
            ? ""
            : String.join(LeadColumns.TAG_SEPARATOR, l.qualification().tags());
      case "score" -> l.scoring().score() == null ? "" : l.scoring().score().toString();
      case "temperature" -> text(l.scoring().temperature());
      case "createdAt" -> time(l.bookkeeping().createdAt());
      case "updatedAt" -> time(l.bookkeeping().updatedAt());
      default -> throw new IllegalArgumentException("no column " + column);
    };
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static String time(Instant t) {
    return t == null ? "" : t.toString();
  }
}
