package com.fieldlead.auth;

import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;

/** {@code /v1/devices}: anyone registers their phone; owners, their managers and admins read and revoke. */
final class DeviceEndpoint implements Endpoint {

  private final DeviceService devices;

  DeviceEndpoint(DeviceService devices) {
    this.devices = devices;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "registerDevice",
            Role.ANY,
            ctx -> Future.succeededFuture()
                .compose(v -> devices.register(
                    Principal.of(ctx), Validation.body(ctx, AuthApi.RegisterDevice.class)))
                .onSuccess(r -> Responses.json(ctx, r.created() ? 201 : 200, r.device()))
                .onFailure(ctx::fail))
        .secured(
            "listDevices",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                devices.list(
                    Principal.of(ctx),
                    QueryParams.string(ctx, "userId"),
                    QueryParams.string(ctx, "after"),
                    QueryParams.limit(ctx, PeopleEndpoint.DEFAULT_LIMIT))))
        .secured(
            "getDevice",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, devices.get(Principal.of(ctx), ctx.pathParam("deviceId"))))
        .secured(
            "revokeDevice",
            Role.ANY,
            ctx -> Responses.reply(
                ctx, 200, devices.revoke(Principal.of(ctx), ctx.pathParam("deviceId"))));
  }
}
