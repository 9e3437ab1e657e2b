package com.fieldlead.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/privacy/exports} and {@code POST /v1/privacy/erasures}: admins (or a key with privacy:manage). */
final class PrivacyEndpoint implements Endpoint {

  private final PrivacyService service;

  PrivacyEndpoint(PrivacyService service) {
    this.service = service;
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
            ctx -> Responses.reply(ctx, 200, service.erase(Principal.of(ctx), request(ctx))));
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
