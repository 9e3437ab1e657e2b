package com.fieldlead.capture.forms;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.EntityTags;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.OptionalLong;

/** The admin routes of web-to-lead forms ({@code /v1/forms}): admins define them, managers may read them. */
final class FormEndpoint implements Endpoint {

  private final FormService service;

  FormEndpoint(FormService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "listForms",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                service
                    .list(Principal.of(ctx))
                    .map(items ->
                        Map.of("items", items.stream().map(WebForm::view).toList()))))
        .secured(
            "createForm",
            Role.ADMINS,
            ctx -> tagged(
                ctx,
                201,
                Responses.attempt(() ->
                    service.create(Principal.of(ctx), Validation.body(ctx, FormInput.class)))))
        .secured(
            "getForm",
            Role.MANAGERS_AND_ADMINS,
            ctx -> tagged(ctx, 200, service.get(Principal.of(ctx), ctx.pathParam("formId"))))
        .secured(
            "replaceForm",
            Role.ADMINS,
            ctx -> tagged(
                ctx,
                200,
                Responses.attempt(() -> service.replace(
                    Principal.of(ctx),
                    ctx.pathParam("formId"),
                    ifMatch(ctx.request().getHeader("If-Match")),
                    Validation.body(ctx, FormInput.class)))))
        .secured(
            "listFormReceipts",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.receipts(
                        Principal.of(ctx), ctx.pathParam("formId"), QueryParams.limit(ctx, 100)))
                    .map(items -> Map.of("items", items))))
        .secured(
            "deleteForm",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx, 204, service.delete(Principal.of(ctx), ctx.pathParam("formId"))));
  }

  private static void tagged(RoutingContext ctx, int status, Future<WebForm> form) {
    Responses.reply(ctx, status, form.map(f -> {
      ctx.response().putHeader("ETag", EntityTags.of(f.version()));
      return f.view();
    }));
  }

  private static Long ifMatch(String header) {
    if (EntityTags.absent(header)) {
      return null;
    }
    OptionalLong version = EntityTags.version(header);
    if (version.isEmpty()) {
      throw new ProblemException(
          ErrorCode.PRECONDITION_FAILED, "If-Match names no version of this form");
    }
    return version.getAsLong();
  }
}
