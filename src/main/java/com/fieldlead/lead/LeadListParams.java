package com.fieldlead.lead;

import com.fieldlead.http.QueryParams;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The filters of {@code GET /v1/leads} read from a request's query parameters: one reading for every operation that
 * takes them (the list, the CSV export).
 */
public final class LeadListParams {

  private LeadListParams() {}

  /** The list filters of the request; a 400 naming {@code query.<name>} for an instant that is not ISO-8601. */
  public static LeadQuery query(RoutingContext ctx) {
    return new LeadQuery(
        commaList(QueryParams.string(ctx, "status")),
        QueryParams.string(ctx, "ownerId"),
        QueryParams.string(ctx, "teamId"),
        QueryParams.string(ctx, "source"),
        QueryParams.string(ctx, "campaign"),
        QueryParams.string(ctx, "eventId"),
        QueryParams.string(ctx, "temperature"),
        commaList(QueryParams.string(ctx, "tag")),
        time(ctx, "createdFrom"),
        time(ctx, "createdTo"),
        time(ctx, "updatedFrom"),
        time(ctx, "updatedTo"),
        time(ctx, "capturedFrom"),
        time(ctx, "capturedTo"),
        QueryParams.string(ctx, "q"),
        QueryParams.bool(ctx, "marketable"),
        QueryParams.bool(ctx, "unassigned"),
        QueryParams.string(ctx, "externalId"));
  }

  /** An instant (ISO-8601, {@link Instant#parse}); a 400 naming {@code query.<name>} when it is not one. */
  private static Instant time(RoutingContext ctx, String name) {
    String s = QueryParams.string(ctx, name);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(
          "query." + name, "format", name + " must be an ISO-8601 instant");
    }
  }

  private static List<String> commaList(String s) {
    return s == null
        ? null
        : Arrays.stream(s.split(","))
            .map(String::strip)
            .filter(x -> !x.isEmpty())
            .toList();
  }
}
