package com.fieldlead.privacy;

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

/**
 * {@code POST /v1/privacy/exports}, {@code POST /v1/privacy/erasures}, {@code POST /v1/privacy/suppressions/lift} and
 * {@code GET /v1/privacy/consents}: admins (or a key with privacy:manage).
 */
final class PrivacyEndpoint implements Endpoint {

  private final PrivacyService service;
  private final ConsentLog consents;

  PrivacyEndpoint(PrivacyService service, ConsentLog consents) {
    this.service = service;
    this.consents = consents;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "exportPerson",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 200, service.export(Principal.of(ctx), request(ctx))))
        .secured(
            "erasePerson",
            Role.ADMINS,
            ctx -> Responses.reply(ctx, 200, service.erase(Principal.of(ctx), request(ctx))))
        .secured("liftSuppression", Role.ADMINS, ctx -> {
          JsonNode body = ctx.get(Validation.BODY_KEY);
          Responses.reply(
              ctx, 200, service.lift(Principal.of(ctx), text(body, "email"), text(body, "reason")));
        })
        .secured(
            "listConsents",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                consents
                    .query(
                        Principal.of(ctx).tenantId(),
                        new ConsentLog.Query(
                            QueryParams.string(ctx, "leadId"),
                            QueryParams.string(ctx, "email"),
                            QueryParams.string(ctx, "purpose"),
                            QueryParams.bool(ctx, "granted"),
                            QueryParams.dateTime(ctx, "since"),
                            QueryParams.dateTime(ctx, "until"),
                            QueryParams.limit(ctx, 100)))
                    .map(items -> Map.of("items", items))));
  }

  private static Subjects.Request request(RoutingContext ctx) {
    JsonNode body = ctx.get(Validation.BODY_KEY);
    return new Subjects.Request(text(body, "leadId"), text(body, "email"));
  }

  private static String text(JsonNode body, String name) {
    JsonNode v = body == null ? null : body.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
