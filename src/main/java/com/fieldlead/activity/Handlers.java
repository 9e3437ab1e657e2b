package com.fieldlead.activity;

import com.fieldlead.http.Responses;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Small helpers this package's endpoints share: typed parameters, ETag answers, sync failures into the chain. */
final class Handlers {

  private Handlers() {}

  /** Runs {@code action}; anything it throws (a 400 while binding the body...) fails the returned future. */
  static <T> Future<T> attempt(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  static String path(RoutingContext ctx, String name) {
    return ctx.pathParam(name);
  }

  static String query(RoutingContext ctx, String name) {
    RequestParameter p = Validation.validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  static int limit(RoutingContext ctx, int defaultLimit) {
    RequestParameter p = Validation.validated(ctx).getQuery().get("limit");
    return p == null || p.isNull() ? defaultLimit : p.getInteger();
  }

  /** An instant query parameter (ISO-8601 with offset); 400 naming {@code query.<name>} when unparseable. */
  static Instant instant(RoutingContext ctx, String name) {
    String text = query(ctx, name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw com.fieldlead.problem.ProblemException.invalidField("query." + name, "format",
          "must be an ISO-8601 date-time with offset, e.g. 2025-03-30T00:00:00Z");
    }
  }

  /** 201 (with Location when given) for a create, 200 for a replay; with the version as ETag when {@code version} is given. */
  static <T> void saved(RoutingContext ctx, Future<Saved<T>> result, Function<T, String> location,
      Function<T, Long> version) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Saved<T> saved = ar.result();
      if (version != null) {
        ctx.response().putHeader("ETag", ETags.of(version.apply(saved.value())));
      }
      if (saved.created() && location != null) {
        ctx.response().putHeader("Location", location.apply(saved.value()));
      }
      Responses.json(ctx, saved.created() ? 201 : 200, saved.value());
    });
  }

  /** 200 with the task and its ETag. */
  static void task(RoutingContext ctx, Future<Task> result) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().putHeader("ETag", ETags.of(ar.result().version()));
      Responses.json(ctx, 200, ar.result());
    });
  }
}
