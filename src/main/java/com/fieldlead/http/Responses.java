package com.fieldlead.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers, and the one place where a handler's future meets the failure handler. */
public final class Responses {

  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  private Responses() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(Json.encode(body));
  }

  /** Answers {@code status} with the future's value, or routes its failure to the failure handler. */
  public static <T> void reply(RoutingContext ctx, int status, Future<T> result) {
    result.onComplete(ar -> {
      if (ctx.response().ended()) {
        return;
      }
      if (ar.succeeded()) {
        if (ar.result() == null) {
          ctx.response().setStatusCode(status == 200 ? 204 : status).end();
        } else {
          json(ctx, status, ar.result());
        }
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
