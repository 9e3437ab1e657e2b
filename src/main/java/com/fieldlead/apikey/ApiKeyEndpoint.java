package com.fieldlead.apikey;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import java.util.Map;

/** {@code /v1/api-keys}: admins only (never a key itself). */
final class ApiKeyEndpoint implements Endpoint {

  private final ApiKeyService service;

  ApiKeyEndpoint(ApiKeyService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "listApiKeys",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx, 200, service.list(Principal.of(ctx)).map(items -> Map.of("items", items))))
        .secured(
            "createApiKey",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                201,
                Responses.attempt(() ->
                    service.create(Principal.of(ctx), Validation.body(ctx, ApiKey.Input.class)))))
        .secured(
            "getApiKey",
            Role.ADMINS,
            ctx ->
                Responses.reply(ctx, 200, service.get(Principal.of(ctx), ctx.pathParam("keyId"))))
        .secured(
            "revokeApiKey",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx, 200, service.revoke(Principal.of(ctx), ctx.pathParam("keyId"))));
  }
}
