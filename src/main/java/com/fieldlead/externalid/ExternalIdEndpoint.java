package com.fieldlead.externalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.EntityTags;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** {@code /v1/leads/by-external-id/{system}/{externalId}}: read and upsert a lead by another system's id. */
final class ExternalIdEndpoint implements Endpoint {

  private final ExternalIdUpserts upserts;

  ExternalIdEndpoint(ExternalIdUpserts upserts) {
    this.upserts = upserts;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured("upsertLeadByExternalId", Role.ANY, this::upsert)
        .secured(
            "getLeadByExternalId",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                upserts
                    .find(Principal.of(ctx), system(ctx), ctx.pathParam("externalId"))
                    .map(found -> found.orElseThrow(() -> ProblemException.notFound(
                        "lead with " + system(ctx) + " id " + ctx.pathParam("externalId"))))));
  }

  private void upsert(RoutingContext ctx) {
    JsonNode body = ctx.get(Validation.BODY_KEY);
    Responses.attempt(() -> upserts.upsert(
            Principal.of(ctx),
            system(ctx),
            ctx.pathParam("externalId"),
            Optional.ofNullable(body)
                .filter(JsonNode::isObject)
                .map(b -> (ObjectNode) b)
                .orElseThrow(
                    () -> ProblemException.invalidField("body", "type", "must be a JSON object"))))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          ExternalIdUpserts.Upserted u = ar.result();
          ctx.response().putHeader("ETag", EntityTags.of(u.lead().version()));
          if (u.created()) {
            ctx.response().putHeader("Location", "/v1/leads/" + u.lead().id());
          }
          Responses.json(ctx, u.created() ? 201 : 200, u);
        });
  }

  private static String system(RoutingContext ctx) {
    return ctx.pathParam("system");
  }
}
