package com.fieldlead.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What both fake CRMs share: a Vert.x HTTP server on a free local port with its own Vert.x, the OAuth token endpoint
 * (authorization code and refresh grants, as the providers document them), the set of access tokens still valid
 * ({@link #expireAccessTokens} makes the next call answer the provider's expired-session error), and a log of calls.
 */
abstract class FakeProvider implements AutoCloseable {

  static final String CLIENT_ID = "fake-client";
  static final String CLIENT_SECRET = "fake-secret";
  static final String GOOD_CODE = "good-code";

  /** One API call as received. */
  record Call(String method, String path, String authorization, JsonNode body) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  final AtomicInteger refreshes = new AtomicInteger();
  final AtomicInteger issued = new AtomicInteger();
  final String refreshToken;

  FakeProvider(String tokenPath, String refreshToken) {
    this.refreshToken = refreshToken;
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post(tokenPath).handler(this::token);
    routes(router);
    try {
      this.server = vertx
          .createHttpServer()
          .requestHandler(router)
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  abstract void routes(Router router);

  /** The token answer's provider-specific members (Salesforce's instance_url, HubSpot's expires_in). */
  abstract void tokenExtras(ObjectNode answer, boolean firstGrant);

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Every access token handed out so far stops working (the session expired). */
  void expireAccessTokens() {
    validTokens.clear();
  }

  private void token(RoutingContext ctx) {
    HttpServerRequest r = ctx.request();
    String grant = r.getFormAttribute("grant_type");
    if (!CLIENT_ID.equals(r.getFormAttribute("client_id"))
        || !CLIENT_SECRET.equals(r.getFormAttribute("client_secret"))) {
      json(
          ctx,
          400,
          Map.of("error", "invalid_client", "error_description", "invalid client credentials"));
      return;
    }
    boolean first;
    if ("authorization_code".equals(grant) && GOOD_CODE.equals(r.getFormAttribute("code"))) {
      first = true;
    } else if ("refresh_token".equals(grant)
        && refreshToken.equals(r.getFormAttribute("refresh_token"))) {
      refreshes.incrementAndGet();
      first = false;
    } else {
      json(
          ctx,
          400,
          Map.of("error", "invalid_grant", "error_description", "expired access/refresh token"));
      return;
    }
    String access = "access-" + issued.incrementAndGet();
    validTokens.add(access);
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("access_token", access);
    if (first) {
      answer.put("refresh_token", refreshToken);
    }
    tokenExtras(answer, first);
    json(ctx, 200, answer);
  }

  /** Whether the call carries a valid bearer token (records the call either way). */
  boolean authorized(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    JsonNode body = null;
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text != null && !text.isBlank()) {
      try {
        body = Json.MAPPER.readTree(text);
      } catch (Exception e) {
        body = null;
      }
    }
    calls.add(new Call(ctx.request().method().name(), ctx.request().path(), auth, body));
    return auth != null && auth.startsWith("Bearer ") && validTokens.contains(auth.substring(7));
  }

  List<Call> callsTo(String pathPart) {
    return calls.stream().filter(c -> c.path().contains(pathPart)).toList();
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json;charset=UTF-8")
        .end(Json.encode(body));
  }

  @Override
  public void close() {
    vertx.close();
  }
}
