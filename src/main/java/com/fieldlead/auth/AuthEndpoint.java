package com.fieldlead.auth;

import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/auth/*} and {@code /v1/me}. */
final class AuthEndpoint implements Endpoint {

  private final SessionService sessions;
  private final PeopleService people;

  AuthEndpoint(SessionService sessions, PeopleService people) {
    this.sessions = sessions;
    this.people = people;
  }

  @Override
  public void register(Routes routes) {
    routes
        .open(
            "login",
            ctx -> Responses.reply(
                ctx,
                200,
                Future.succeededFuture()
                    .compose(v -> sessions.login(
                        Validation.body(ctx, AuthApi.LoginRequest.class), clientAddress(ctx)))))
        .open(
            "refreshToken",
            ctx -> Responses.reply(
                ctx,
                200,
                Future.succeededFuture()
                    .compose(v -> sessions.refresh(
                        Validation.body(ctx, AuthApi.RefreshRequest.class).refreshToken()))))
        .secured(
            "logout",
            Role.ANY,
            ctx -> Responses.reply(ctx, 204, sessions.logout(Principal.of(ctx))))
        .secured("getMe", Role.ANY, ctx -> Responses.reply(ctx, 200, people.me(Principal.of(ctx))));
  }

  /** The peer address (proxies' forwarding headers are not trusted: a client could forge them). */
  static String clientAddress(RoutingContext ctx) {
    var address = ctx.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }
}
