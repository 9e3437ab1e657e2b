package com.fieldlead.capture.forms;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for a captcha provider's siteverify API (Turnstile, hCaptcha and reCAPTCHA speak the same): a form
 * post of secret, response and remoteip, answered {@code {"success": ...}}. {@code /siteverify} passes the response
 * {@value #PASS} under the secret {@value #SECRET}; {@code /broken} answers 500 like a provider having a bad day.
 */
final class FakeCaptchaVerifier implements AutoCloseable {

  static final String SECRET = "0x4AAA-test-secret";
  static final String PASS = "XXXX.DUMMY.TOKEN.PASS";

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

  private FakeCaptchaVerifier(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static FakeCaptchaVerifier start() {
    Vertx vertx = Vertx.vertx();
    FakeCaptchaVerifier[] self = new FakeCaptchaVerifier[1];
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.post("/siteverify").handler(ctx -> {
      MultiMap form = ctx.request().formAttributes();
      self[0].received.add(Map.of(
          "secret", String.valueOf(form.get("secret")),
          "response", String.valueOf(form.get("response")),
          "remoteip", String.valueOf(form.get("remoteip"))));
      boolean ok = SECRET.equals(form.get("secret")) && PASS.equals(form.get("response"));
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .end(
              ok
                  ? "{\"success\":true,\"hostname\":\"www.example.com\"}"
                  : "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}");
    });
    router.post("/broken").handler(ctx -> ctx.response().setStatusCode(500).end("oops"));
    try {
      HttpServer server = vertx
          .createHttpServer()
          .requestHandler(router)
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      self[0] = new FakeCaptchaVerifier(vertx, server);
      return self[0];
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("fake captcha verifier did not start", e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Map<String, String>> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    vertx.close();
  }
}
