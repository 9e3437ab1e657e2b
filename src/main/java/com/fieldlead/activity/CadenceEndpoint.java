package com.fieldlead.activity;

import com.fieldlead.activity.model.ApplyCadenceInput;
import com.fieldlead.activity.model.CadenceInput;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code /v1/cadences} (definitions: managers and admins write) and {@code /v1/leads/{leadId}/cadences} (runs). */
final class CadenceEndpoint implements Endpoint {

  static final int DEFAULT_LIMIT = 100;

  private final CadenceService cadences;

  CadenceEndpoint(CadenceService cadences) {
    this.cadences = cadences;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured("createCadence", Role.MANAGERS_AND_ADMINS, this::create)
        .secured(
            "listCadences",
            TaskEndpoint.WORKERS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> cadences
                    .list(Principal.of(ctx), QueryParams.limit(ctx, DEFAULT_LIMIT))
                    .map(l -> Map.of("items", l)))))
        .secured(
            "getCadence",
            TaskEndpoint.WORKERS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(
                    () -> cadences.get(Principal.of(ctx), ctx.pathParam("cadenceId")))))
        .secured("applyCadence", TaskEndpoint.WORKERS, this::apply)
        .secured(
            "listLeadCadences",
            TaskEndpoint.WORKERS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> cadences
                    .progress(Principal.of(ctx), ctx.pathParam("leadId"))
                    .map(l -> Map.of("items", l)))));
  }

  private void create(RoutingContext ctx) {
    EntityResponses.saved(
        ctx,
        Responses.attempt(
            () -> cadences.define(Principal.of(ctx), Validation.body(ctx, CadenceInput.class))),
        c -> "/v1/cadences/" + c.id(),
        null);
  }

  private void apply(RoutingContext ctx) {
    String leadId = ctx.pathParam("leadId");
    EntityResponses.saved(
        ctx,
        Responses.attempt(() -> cadences.apply(
            Principal.of(ctx), leadId, Validation.body(ctx, ApplyCadenceInput.class))),
        r -> "/v1/leads/" + leadId + "/cadences",
        null);
  }
}
