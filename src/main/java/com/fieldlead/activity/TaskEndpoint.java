package com.fieldlead.activity;

import com.fieldlead.activity.model.Cursor;
import com.fieldlead.activity.model.LocalSchedule;
import com.fieldlead.activity.model.SnoozeInput;
import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskInput;
import com.fieldlead.activity.model.TaskPatch;
import com.fieldlead.activity.model.TaskStatus;
import com.fieldlead.auth.Principal;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/** {@code /v1/tasks}: create, list, my views, read, update and delete (If-Match), snooze. */
final class TaskEndpoint implements Endpoint {

  /** Booth staff capture leads; they have no follow-up work. */
  static final Set<String> WORKERS = Set.of("admin", "manager", "rep");

  static final int DEFAULT_LIMIT = 50;

  private final TaskService tasks;

  TaskEndpoint(TaskService tasks) {
    this.tasks = tasks;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured("createTask", WORKERS, this::create)
        .secured("listTasks", WORKERS, this::list)
        .secured("listMyTasks", WORKERS, this::mine)
        .secured(
            "getTask",
            WORKERS,
            ctx -> EntityResponses.task(
                ctx,
                Responses.attempt(() -> tasks.get(Principal.of(ctx), ctx.pathParam("taskId")))))
        .secured("updateTask", WORKERS, this::update)
        .secured("deleteTask", WORKERS, this::delete)
        .secured("snoozeTask", WORKERS, this::snooze);
  }

  private void create(RoutingContext ctx) {
    EntityResponses.saved(
        ctx,
        Responses.attempt(
            () -> tasks.create(Principal.of(ctx), Validation.body(ctx, TaskInput.class))),
        t -> "/v1/tasks/" + t.id(),
        Task::version);
  }

  private void list(RoutingContext ctx) {
    Responses.reply(ctx, 200, Responses.attempt(() -> {
      String cursor = QueryParams.string(ctx, "cursor");
      Cursor after = cursor == null
          ? null
          : Cursor.decode(cursor)
              .orElseThrow(() -> ProblemException.invalidField(
                  "query.cursor", "cursor", "is not a cursor from a previous page"));
      String status = QueryParams.string(ctx, "status");
      TaskService.TaskFilter filter = new TaskService.TaskFilter(
          QueryParams.string(ctx, "assigneeId"),
          QueryParams.string(ctx, "leadId"),
          status == null ? null : TaskStatus.of(status),
          QueryParams.dateTime(ctx, "dueFrom"),
          QueryParams.dateTime(ctx, "dueTo"),
          after);
      return tasks.list(Principal.of(ctx), filter, QueryParams.limit(ctx, DEFAULT_LIMIT));
    }));
  }

  private void mine(RoutingContext ctx) {
    Responses.reply(ctx, 200, Responses.attempt(() -> {
      String view = QueryParams.string(ctx, "view");
      LocalSchedule.View v = view == null
          ? LocalSchedule.View.TODAY
          : LocalSchedule.View.valueOf(view.toUpperCase(Locale.ROOT));
      return tasks.mine(
          Principal.of(ctx),
          v,
          QueryParams.string(ctx, "zone"),
          QueryParams.limit(ctx, DEFAULT_LIMIT));
    }));
  }

  private void update(RoutingContext ctx) {
    EntityResponses.task(ctx, Responses.attempt(() -> {
      long version = ETags.required(ctx.request().getHeader("If-Match"));
      return tasks.update(
          Principal.of(ctx),
          ctx.pathParam("taskId"),
          version,
          Validation.body(ctx, TaskPatch.class));
    }));
  }

  private void snooze(RoutingContext ctx) {
    EntityResponses.task(
        ctx,
        Responses.attempt(() -> tasks.snooze(
            Principal.of(ctx),
            ctx.pathParam("taskId"),
            ETags.optional(ctx.request().getHeader("If-Match")),
            Validation.body(ctx, SnoozeInput.class))));
  }

  private void delete(RoutingContext ctx) {
    Responses.reply(
        ctx,
        204,
        Responses.attempt(() -> tasks.delete(
            Principal.of(ctx),
            ctx.pathParam("taskId"),
            ETags.required(ctx.request().getHeader("If-Match")))));
  }
}
