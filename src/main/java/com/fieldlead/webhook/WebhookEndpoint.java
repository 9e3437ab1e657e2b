package com.fieldlead.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code /v1/webhooks}: admins only. */
final class WebhookEndpoint implements Endpoint {

  private final WebhookService service;

  WebhookEndpoint(WebhookService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "listWebhooks",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx, 200, service.list(Principal.of(ctx)).map(items -> Map.of("items", items))))
        .secured(
            "createWebhook",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                201,
                Responses.attempt(() ->
                    service.create(Principal.of(ctx), Validation.body(ctx, WebhookInput.class)))))
        .secured(
            "getWebhook",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 200, service.get(Principal.of(ctx), id(ctx))))
        .secured(
            "updateWebhook",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.update(
                    Principal.of(ctx), id(ctx), Validation.body(ctx, WebhookInput.class)))))
        .secured(
            "deleteWebhook",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 204, service.delete(Principal.of(ctx), id(ctx))))
        .secured(
            "rotateWebhookSecret",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(
                    () -> service.rotate(Principal.of(ctx), id(ctx), overlapSeconds(ctx)))))
        .secured(
            "listWebhookDeliveries",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.deliveries(
                        Principal.of(ctx),
                        id(ctx),
                        QueryParams.string(ctx, "status"),
                        QueryParams.limit(ctx, 50)))
                    .map(items -> Map.of("items", items))))
        .secured(
            "redeliverWebhook",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                202,
                Responses.attempt(() ->
                    service.redeliver(Principal.of(ctx), id(ctx), ctx.pathParam("deliveryId")))));
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("webhookId");
  }

  private static Integer overlapSeconds(RoutingContext ctx) {
    JsonNode body = ctx.get(Validation.BODY_KEY);
    JsonNode overlap = body == null ? null : body.get("overlapSeconds");
    return overlap == null || overlap.isNull() ? null : overlap.asInt();
  }
}
