package com.fieldlead.http;

import com.fieldlead.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Typed reads of a request's query parameters, as the contract validated them: a parameter that is absent or null
 * reads as {@code null} (or the fallback given). The contract has checked each one's type already, so these only
 * convert; a value the contract cannot express (a date-time) fails with a 400 naming {@code query.<name>}.
 */
public final class QueryParams {

  private QueryParams() {}

  /** A string parameter; null when absent. */
  public static String string(RoutingContext ctx, String name) {
    RequestParameter p = parameter(ctx, name);
    return p == null || p.isNull() ? null : p.getString();
  }

  /** An integer parameter; {@code fallback} when absent. */
  public static int integer(RoutingContext ctx, String name, int fallback) {
    RequestParameter p = parameter(ctx, name);
    return p == null || p.isNull() ? fallback : p.getInteger(fallback);
  }

  /** The {@code limit} parameter of a list; {@code fallback} when absent. */
  public static int limit(RoutingContext ctx, int fallback) {
    return integer(ctx, "limit", fallback);
  }

  /** An integer parameter read as a long; null when absent. */
  public static Long longValue(RoutingContext ctx, String name) {
    RequestParameter p = parameter(ctx, name);
    return p == null || p.isNull() ? null : p.getLong();
  }

  /** A boolean parameter; null when absent. */
  public static Boolean bool(RoutingContext ctx, String name) {
    RequestParameter p = parameter(ctx, name);
    return p == null || p.isNull() ? null : p.getBoolean();
  }

  /**
   * A date-time parameter (ISO-8601 with an offset, as in {@code 2025-03-30T00:00:00Z}); null when absent, a 400
   * naming {@code query.<name>} when it is not one.
   */
  public static Instant dateTime(RoutingContext ctx, String name) {
    String text = string(ctx, name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(
          "query." + name,
          "format",
          "must be an ISO-8601 date-time with offset, e.g. 2025-03-30T00:00:00Z");
    }
  }

  private static RequestParameter parameter(RoutingContext ctx, String name) {
    return Validation.validated(ctx).getQuery().get(name);
  }
}
