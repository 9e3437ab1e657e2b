package com.fieldlead.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A local stand-in for FCM's HTTP v1 endpoint ({@code POST /v1/projects/{project}/messages:send}), answering like
 * the real one (research/spike.md section 3). Scriptable per token: success, UNREGISTERED, INVALID_ARGUMENT, 429 with
 * Retry-After, 503, or a slow success. Records every request.
 */
public final class FakeFcm implements AutoCloseable {

  /** How the fake answers one token. */
  public enum Behaviour {
    OK,
    UNREGISTERED,
    INVALID_ARGUMENT,
    QUOTA,
    UNAVAILABLE,
    SLOW
  }

  /** One request as received. */
  public record Received(
      String project, String token, JsonNode message, String authorization, long atNanos) {
    public String data(String key) {
      JsonNode v = message.path("data").get(key);
      return v == null ? null : v.asText();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Vertx vertx;
  private final HttpServer server;
  private final Map<String, Behaviour> script = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicLong seq = new AtomicLong();
  private volatile int retryAfterSeconds = 120;
  private volatile long slowMillis = 2000;

  private FakeFcm(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static FakeFcm start() {
    Vertx vertx = Vertx.vertx();
    FakeFcm[] self = new FakeFcm[1];
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.postWithRegex("/v1/projects/([^/]+)/messages:send").handler(ctx -> self[0].handle(ctx));
    try {
      HttpServer server = vertx
          .createHttpServer()
          .requestHandler(router)
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      self[0] = new FakeFcm(vertx, server);
      return self[0];
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("fake FCM did not start", e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public FakeFcm script(String token, Behaviour b) {
    script.put(token, b);
    return this;
  }

  public FakeFcm retryAfterSeconds(int s) {
    retryAfterSeconds = s;
    return this;
  }

  public FakeFcm slowMillis(long ms) {
    slowMillis = ms;
    return this;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public List<Received> receivedFor(String token) {
    return received.stream().filter(r -> token.equals(r.token())).toList();
  }

  public void reset() {
    received.clear();
    script.clear();
  }

  private void handle(RoutingContext ctx) {
    String project = ctx.pathParam("param0");
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body().asString());
    } catch (Exception e) {
      error(ctx, 400, "INVALID_ARGUMENT", null, "bad json");
      return;
    }
    JsonNode message = body.path("message");
    String token = message.path("token").asText(null);
    received.add(new Received(
        project, token, message, ctx.request().getHeader("Authorization"), System.nanoTime()));
    switch (script.getOrDefault(token == null ? "" : token, Behaviour.OK)) {
      case OK -> ok(ctx, project);
      case SLOW -> vertx.setTimer(slowMillis, t -> ok(ctx, project));
      case UNREGISTERED ->
        error(ctx, 404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
      case INVALID_ARGUMENT ->
        error(
            ctx,
            400,
            "INVALID_ARGUMENT",
            "INVALID_ARGUMENT",
            "The registration token is not a valid FCM registration token");
      case QUOTA -> {
        ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        error(ctx, 429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.");
      }
      case UNAVAILABLE ->
        error(ctx, 503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");
    }
  }

  private void ok(RoutingContext ctx, String project) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end("{\"name\":\"projects/" + project + "/messages/" + seq.incrementAndGet() + "\"}");
  }

  private static void error(
      RoutingContext ctx, int status, String grpcStatus, String fcmCode, String message) {
    String details = fcmCode == null
        ? "[]"
        : "[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
            + "\"errorCode\":\"" + fcmCode + "\"}]";
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end("{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\""
            + grpcStatus + "\",\"details\":" + details + "}}");
  }

  /** Waits (bounded) until {@code condition} holds; false on timeout. Polls without sleeping a Vert.x thread. */
  public static boolean await(BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() {
    vertx.close();
  }
}
