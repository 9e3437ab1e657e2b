package com.fieldlead.capture.scan;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** The scan routes: parse a payload, an event's badge format, the badge presets. */
final class ScanEndpoint implements Endpoint {

  private final ScanService service;

  ScanEndpoint(ScanService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "parseCapture",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.parse(
                    Principal.of(ctx), Validation.body(ctx, ScanService.ParseRequest.class)))))
        .secured(
            "getBadgeFormat",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, service.badgeFormat(Principal.of(ctx), ctx.pathParam("eventId"))))
        .secured(
            "putBadgeFormat",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Responses.attempt(() -> service.putBadgeFormat(
                    Principal.of(ctx),
                    ctx.pathParam("eventId"),
                    Validation.body(ctx, BadgeLayout.Input.class)))))
        .secured(
            "listBadgePresets",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Future.succeededFuture(
                    Map.of("items", List.of(BadgeLayout.CARET_12, BadgeLayout.PIPE_KEYS)))));
  }
}
