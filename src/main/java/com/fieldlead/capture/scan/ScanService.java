package com.fieldlead.capture.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.lead.CaptureScanReader;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadComponents;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Scans: parse a payload into proposed lead fields, fill a capture's empty fields from the payload it carries (what
 * the rep typed wins; the reading is kept on the lead as {@link Lead.Scan}), and the badge layouts of events.
 */
public final class ScanService implements CaptureScanReader {

  /** A parse request: the payload, its format (null: detected) and the event whose badge layout applies. */
  public record ParseRequest(String format, String raw, String eventId) {}

  /** A parse answer: the format read, the badge layout used, the proposed fields, extras, and what was not read. */
  public record ParseAnswer(
      String format,
      String layout,
      Map<String, String> fields,
      Map<String, String> extras,
      List<String> unparsed) {
    static ParseAnswer of(ParsedScan p) {
      return new ParseAnswer(p.format().wire(), p.layout(), p.fields(), p.extras(), p.unparsed());
    }
  }

  private final LeadModule leads;
  private final BadgeFormatRepository formats;
  private final Clock clock;

  ScanService(LeadModule leads, BadgeFormatRepository formats, Clock clock) {
    this.leads = leads;
    this.formats = formats;
    this.clock = clock;
  }

  /** What {@code req}'s payload proposes; 400 naming the problem, 404 for an event not in the caller's tenant. */
  public Future<ParseAnswer> parse(Principal p, ParseRequest req) {
    if (req.raw() == null) {
      throw ProblemException.invalidField("/raw", "required", "raw is the scanned text");
    }
    ScanFormat format = req.format() == null ? null : ScanFormat.named(req.format(), "/format");
    return layoutFor(p, format, req.raw(), req.eventId(), true)
        .map(layout -> ParseAnswer.of(ScanParser.parse(format, req.raw(), layout, "")));
  }

  @Override
  public Future<Lead> fill(Principal p, Lead typed, JsonNode scan) {
    try {
      return read(p, typed, scan);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Lead> read(Principal p, Lead typed, JsonNode scan) {
    if (!scan.isObject()) {
      throw ProblemException.invalidField(
          "/" + LeadFields.SCAN, "type", "scan is an object {raw, format}");
    }
    JsonNode rawNode = scan.get("raw");
    JsonNode formatNode = scan.get("format");
    if (rawNode == null || !rawNode.isTextual()) {
      throw ProblemException.invalidField("/scan/raw", "required", "scan.raw is the scanned text");
    }
    if (formatNode != null && !formatNode.isNull() && !formatNode.isTextual()) {
      throw ProblemException.invalidField("/scan/format", "type", "scan.format is a string");
    }
    for (Iterator<String> it = scan.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("raw") && !f.equals("format")) {
        throw ProblemException.invalidField(
            "/scan/" + f, "unknown", "unknown field '" + f + "' in scan");
      }
    }
    ScanFormat format = formatNode == null || formatNode.isNull()
        ? null
        : ScanFormat.named(formatNode.asText(), "/scan/format");
    String raw = rawNode.asText();
    String eventId =
        typed.capture().eventId() == null || typed.capture().eventId().isBlank()
            ? null
            : typed.capture().eventId().strip();
    // the lead's own validation says when its event is unknown; here only the layout is looked up
    return layoutFor(p, format, raw, eventId, false)
        .map(layout ->
            filled(typed, ScanParser.parse(format, raw, layout, "/scan"), raw, clock.instant()));
  }

  /** Reads and sets an event's badge layout. */
  public Future<BadgeFormat> badgeFormat(Principal p, String eventId) {
    return event(p, eventId)
        .compose(v -> formats.find(p.tenantId(), eventId))
        .map(found ->
            found.orElseThrow(() -> ProblemException.notFound("badge format of event " + eventId)));
  }

  /** Sets (or replaces) an event's badge layout: a preset or the admin's own; 404 for an event not in the tenant. */
  public Future<BadgeFormat> putBadgeFormat(Principal p, String eventId, BadgeLayout.Input input) {
    BadgeLayout layout = BadgeLayout.of(input);
    BadgeFormat format = new BadgeFormat(eventId, layout, clock.instant(), p.userId());
    return event(p, eventId).compose(v -> formats.put(p.tenantId(), format)).map(v -> format);
  }

  private Future<Void> event(Principal p, String eventId) {
    return leads.event(p.tenantId(), eventId).map(found -> {
      if (found.isEmpty()) {
        throw ProblemException.notFound("event " + eventId);
      }
      return null;
    });
  }

  /**
   * The badge layout a payload is read with: only looked up for a badge, or a payload of no plain format, with an
   * event. With {@code checkEvent}, an event not in the caller's tenant is a 404.
   */
  private Future<BadgeLayout> layoutFor(
      Principal p, ScanFormat format, String raw, String eventId, boolean checkEvent) {
    boolean badge = format == ScanFormat.BADGE
        || (format == null && raw != null && ScanFormat.detect(raw) == null);
    if (!badge || eventId == null) {
      return Future.succeededFuture(null);
    }
    Future<Void> known = checkEvent ? event(p, eventId) : Future.succeededFuture();
    return known
        .compose(v -> formats.find(p.tenantId(), eventId))
        .map(found -> found.map(BadgeFormat::layout).orElse(null));
  }

  /** {@code typed} with its empty fields filled from {@code parsed}, and the audit record. */
  static Lead filled(Lead typed, ParsedScan parsed, String raw, Instant now) {
    Lead.Builder b = typed.toBuilder();
    List<String> filled = new ArrayList<>();
    parsed.fields().forEach((field, value) -> {
      Object had = LeadComponents.value(typed, field);
      if (had == null || (had instanceof String s && s.isBlank())) {
        set(b, field, value);
        filled.add(field);
      }
    });
    if (parsed.format() == ScanFormat.BADGE && typed.capture().captureMethod() == null) {
      b.captureMethod("badge_scan");
      filled.add(LeadFields.CAPTURE_METHOD);
    }
    List<String> order = new ArrayList<>(ScanFields.FILLABLE);
    order.add(LeadFields.CAPTURE_METHOD);
    filled.sort((x, y) -> Integer.compare(order.indexOf(x), order.indexOf(y)));
    return b.scan(new Lead.Scan(
            parsed.format().wire(),
            raw,
            now,
            parsed.layout(),
            parsed.fields(),
            parsed.extras(),
            filled,
            parsed.unparsed()))
        .build();
  }

  private static void set(Lead.Builder b, String field, String value) {
    switch (field) {
      case LeadFields.FIRST_NAME -> b.firstName(value);
      case LeadFields.LAST_NAME -> b.lastName(value);
      case LeadFields.EMAIL -> b.email(value);
      case LeadFields.PHONE -> b.phone(value);
      case LeadFields.COMPANY -> b.company(value);
      case LeadFields.TITLE -> b.title(value);
      case LeadFields.WEBSITE -> b.website(value);
      case LeadFields.CITY -> b.city(value);
      case LeadFields.REGION -> b.region(value);
      case LeadFields.COUNTRY -> b.country(value);
      default -> throw new IllegalArgumentException("not a fillable lead field: " + field);
    }
  }
}
