package com.fieldlead.http;

import com.fieldlead.json.Json;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Writing JSON answers, and the one place where a handler's future meets the failure handler. A successful answer
 * acknowledges what the request wrote, so it waits for the store's {@link Durability} first (a failure there answers
 * 503: the phone retries, and its retry is idempotent).
 */
public final class Responses {

  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";
  /** Where the router keeps the {@link Durability} for this request. */
  static final String DURABILITY = "fieldlead.durability";
  /** Where a JSON answer's body is kept for whoever looks after the answer (the audit of admin actions). */
  public static final String REPLY = "fieldlead.reply";

  private Responses() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    Buffer json = Json.encode(body);
    ctx.put(REPLY, body);
    durable(
        ctx,
        () ->
            ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(json));
  }

  /**
   * Completes once what this request wrote is durable (fails when it could not be made so): for answers not written
   * here (a redirect after a plain HTML form post), which must not acknowledge what a crash could still lose.
   */
  public static Future<Void> durable(RoutingContext ctx) {
    Durability durability = ctx.get(DURABILITY);
    return durability == null ? Future.succeededFuture() : durability.barrier();
  }

  /** Runs {@code answer} once what the request wrote is durable; fails the request (503) when it could not be. */
  private static void durable(RoutingContext ctx, Runnable answer) {
    Durability durability = ctx.get(DURABILITY);
    Future<Void> ready = durability == null ? Future.succeededFuture() : durability.barrier();
    if (ready.succeeded()) {
      answer.run();
      return;
    }
    ready.onComplete(ar -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        return;
      }
      if (ar.succeeded()) {
        answer.run();
      } else {
        ctx.fail(
            ProblemException.unavailable("the store could not make the change durable; retry"));
      }
    });
  }

  /**
   * Runs {@code action} and returns its future; whatever it throws fails the returned future instead, so a handler's
   * failures all reach the failure handler one way. A checked exception (Jackson binding a tree) becomes a 400 naming
   * the body.
   */
  public static <T> Future<T> attempt(Action<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    } catch (Exception e) {
      return Future.failedFuture(ProblemException.invalidField("body", "invalid", e.getMessage()));
    }
  }

  /** A step of a handler that may throw, checked exceptions included. */
  @FunctionalInterface
  public interface Action<T> {
    T get() throws Exception;
  }

  /** Answers {@code status} with the future's value, or routes its failure to the failure handler. */
  public static <T> void reply(RoutingContext ctx, int status, Future<T> result) {
    result.onComplete(ar -> {
      if (ctx.response().ended()) {
        return;
      }
      if (ar.succeeded()) {
        if (ar.result() == null) {
          durable(
              ctx,
              () -> ctx.response().setStatusCode(status == 200 ? 204 : status).end());
        } else {
          json(ctx, status, ar.result());
        }
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
