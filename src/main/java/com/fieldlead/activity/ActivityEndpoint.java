package com.fieldlead.activity;

import com.fieldlead.activity.model.ActivityInput;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/leads/{leadId}/activities}: record (any role; booth staff notes only) and list, newest first. */
final class ActivityEndpoint implements Endpoint {

  static final int DEFAULT_LIMIT = 50;

  private final ActivityService activities;

  ActivityEndpoint(ActivityService activities) {
    this.activities = activities;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured("recordActivity", Role.ANY, this::record)
        .secured("listActivities", Role.ANY, this::list);
  }

  private void record(RoutingContext ctx) {
    String leadId = ctx.pathParam("leadId");
    EntityResponses.saved(
        ctx,
        Responses.attempt(() -> activities.record(
            Principal.of(ctx), leadId, Validation.body(ctx, ActivityInput.class))),
        null,
        null);
  }

  private void list(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        Responses.attempt(() -> activities.list(
            Principal.of(ctx),
            ctx.pathParam("leadId"),
            QueryParams.string(ctx, "cursor"),
            QueryParams.limit(ctx, DEFAULT_LIMIT))));
  }
}
