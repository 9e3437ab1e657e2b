package com.fieldlead.notify;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;

/** {@code /v1/notifications} (the caller's inbox) and {@code /v1/me/notification-preferences}. */
final class NotifyEndpoint implements Endpoint {

  static final int DEFAULT_LIMIT = 50;
  private final NotificationService service;

  NotifyEndpoint(NotificationService service) {
    this.service = service;
  }

  @Override
  public void register(Routes routes) {
    routes.secured("listNotifications", Role.ANY, ctx -> Responses.reply(ctx, 200,
            Future.succeededFuture().compose(v -> service.inbox(Principal.of(ctx), query(ctx, "after"),
                queryInt(ctx, "limit", DEFAULT_LIMIT)))))
        .secured("markNotificationRead", Role.ANY, ctx -> Responses.reply(ctx, 200,
            service.markRead(Principal.of(ctx), ctx.pathParam("notificationId"))))
        .secured("getNotificationPreferences", Role.ANY,
            ctx -> Responses.reply(ctx, 200, service.preferences(Principal.of(ctx))))
        .secured("putNotificationPreferences", Role.ANY, ctx -> Responses.reply(ctx, 200,
            Future.succeededFuture().compose(v -> service.putPreferences(Principal.of(ctx),
                Validation.body(ctx, NotificationPreferences.class)))));
  }

  private static String query(RoutingContext ctx, String name) {
    RequestParameter p = Validation.validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? null : String.valueOf(p.get());
  }

  private static int queryInt(RoutingContext ctx, String name, int fallback) {
    RequestParameter p = Validation.validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? fallback : p.getInteger(fallback);
  }
}
