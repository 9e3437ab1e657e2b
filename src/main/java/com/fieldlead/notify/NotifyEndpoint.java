package com.fieldlead.notify;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.notify.model.NotificationPreferences;
import io.vertx.core.Future;

/** {@code /v1/notifications} (the caller's inbox) and {@code /v1/me/notification-preferences}. */
final class NotifyEndpoint implements Endpoint {

  static final int DEFAULT_LIMIT = 50;
  private final NotificationService service;

  NotifyEndpoint(NotificationService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "listNotifications",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Future.succeededFuture()
                    .compose(v -> service.inbox(
                        Principal.of(ctx),
                        QueryParams.string(ctx, "after"),
                        QueryParams.limit(ctx, DEFAULT_LIMIT)))))
        .secured(
            "markNotificationRead",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, service.markRead(Principal.of(ctx), ctx.pathParam("notificationId"))))
        .secured(
            "getNotificationPreferences",
            Role.ANY,
            ctx -> Responses.reply(ctx, 200, service.preferences(Principal.of(ctx))))
        .secured(
            "putNotificationPreferences",
            Role.ANY,
            ctx -> Responses.reply(
                ctx,
                200,
                Future.succeededFuture()
                    .compose(v -> service.putPreferences(
                        Principal.of(ctx), Validation.body(ctx, NotificationPreferences.class)))));
  }
}
