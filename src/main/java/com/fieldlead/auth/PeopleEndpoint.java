package com.fieldlead.auth;

import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;

/** {@code /v1/users} and {@code /v1/teams}: admins write, managers and admins read. */
final class PeopleEndpoint implements Endpoint {

  static final int DEFAULT_LIMIT = 100;

  private final PeopleService people;

  PeopleEndpoint(PeopleService people) {
    this.people = people;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "listUsers",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                people.listUsers(
                    Principal.of(ctx),
                    QueryParams.string(ctx, "role"),
                    QueryParams.string(ctx, "teamId"),
                    QueryParams.string(ctx, "after"),
                    QueryParams.limit(ctx, DEFAULT_LIMIT))))
        .secured(
            "createUser",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                201,
                Future.succeededFuture()
                    .compose(v -> people.createUser(
                        Principal.of(ctx), Validation.body(ctx, AuthApi.CreateUser.class)))))
        .secured(
            "getUser",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx, 200, people.getUser(Principal.of(ctx), ctx.pathParam("userId"))))
        .secured(
            "updateUser",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Future.succeededFuture()
                    .compose(v -> people.updateUser(
                        Principal.of(ctx),
                        ctx.pathParam("userId"),
                        Validation.body(ctx, AuthApi.UpdateUser.class)))))
        .secured(
            "listTeams",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                people.listTeams(Principal.of(ctx)).map(items -> new AuthApi.Page<>(items, null))))
        .secured(
            "createTeam",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                201,
                Future.succeededFuture()
                    .compose(v -> people.createTeam(
                        Principal.of(ctx), Validation.body(ctx, AuthApi.CreateTeam.class)))))
        .secured(
            "getTeam",
            Role.MANAGERS_AND_ADMINS,
            ctx -> Responses.reply(
                ctx, 200, people.getTeam(Principal.of(ctx), ctx.pathParam("teamId"))))
        .secured(
            "updateTeam",
            Role.ADMINS,
            ctx -> Responses.reply(
                ctx,
                200,
                Future.succeededFuture()
                    .compose(v -> people.updateTeam(
                        Principal.of(ctx),
                        ctx.pathParam("teamId"),
                        Validation.body(ctx, AuthApi.UpdateTeam.class)))));
  }
}
