package com.fieldlead.crm;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code /v1/crm}: admins only, but the OAuth callback (the provider sends the admin's browser there). */
final class CrmEndpoint implements Endpoint {

  private final CrmService service;

  CrmEndpoint(CrmService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "listCrmConnections",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx, 200, service.list(Principal.of(ctx)).map(items -> Map.of("items", items))))
        .secured(
            "createCrmConnection",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                201,
                Responses.attempt(() -> service.create(
                    Principal.of(ctx), Validation.body(ctx, CrmInputs.ConnectionInput.class)))))
        .secured(
            "getCrmConnection",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 200, service.get(Principal.of(ctx), id(ctx))))
        .secured(
            "updateCrmConnection",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.update(
                    Principal.of(ctx),
                    id(ctx),
                    Validation.body(ctx, CrmInputs.ConnectionInput.class)))))
        .secured(
            "deleteCrmConnection",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 204, service.delete(Principal.of(ctx), id(ctx))))
        .secured(
            "authorizeCrmConnection",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx, 200, Responses.attempt(() -> service.authorize(Principal.of(ctx), id(ctx)))))
        .secured(
            "getCrmMapping",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 200, service.mapping(Principal.of(ctx), id(ctx))))
        .secured(
            "putCrmMapping",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.putMapping(
                    Principal.of(ctx),
                    id(ctx),
                    Validation.body(ctx, CrmInputs.MappingInput.class)))))
        .secured(
            "listCrmPresets",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 200, Future.succeededFuture(service.presets())))
        .secured(
            "listCrmFailures",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                service
                    .failures(Principal.of(ctx), id(ctx), QueryParams.limit(ctx, 50))
                    .map(items -> Map.of("items", items))))
        .secured(
            "pushCrmLead",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                202,
                Responses.attempt(
                    () -> service.push(Principal.of(ctx), id(ctx), ctx.pathParam("leadId")))))
        .open(
            "crmOauthCallback",
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.callback(
                    QueryParams.string(ctx, "code"),
                    QueryParams.string(ctx, "state"),
                    QueryParams.string(ctx, "error")))));
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("connectionId");
  }
}
