package com.fieldlead.activity;

import com.fieldlead.activity.model.Saved;
import com.fieldlead.activity.model.Task;
import com.fieldlead.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * How this package's endpoints answer with a saved entity: 201 with Location for a create, 200 for a replay or a
 * read, the entity's version as ETag.
 */
final class EntityResponses {

  private EntityResponses() {}

  /** 201 (with Location when given) for a create, 200 for a replay; with the version as ETag when {@code version} is given. */
  static <T> void saved(
      RoutingContext ctx,
      Future<Saved<T>> result,
      Function<T, String> location,
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
