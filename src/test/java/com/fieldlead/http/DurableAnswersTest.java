package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An answer acknowledges what its request wrote, so it goes out only once the store says that is durable: held back
 * while the group commit runs, a 503 with Retry-After when it fails (the phone retries; its retry is idempotent).
 */
class DurableAnswersTest {

  private Vertx vertx;
  private HttpServer server;
  private HttpClient client;
  private volatile Promise<Void> commit;
  private final CompletableFuture<Void> asked = new CompletableFuture<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Durability durability = () -> {
      commit = Promise.promise();
      asked.complete(null);
      return commit.future();
    };
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.put(Responses.DURABILITY, durability);
      ctx.next();
    });
    router.post("/json").handler(ctx -> Responses.json(ctx, 201, Map.of("saved", true)));
    router.post("/empty").handler(ctx -> Responses.reply(ctx, 204, Future.succeededFuture(null)));
    router.route().failureHandler(new FailureHandler());
    server = vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpClientResponse> post(String path) {
    return client
        .request(HttpMethod.POST, server.actualPort(), "127.0.0.1", path)
        .compose(r -> r.send())
        .toCompletionStage()
        .toCompletableFuture();
  }

  @Test
  void anAnswerWaitsForTheGroupCommitAndThenGoesOut() throws Exception {
    CompletableFuture<HttpClientResponse> answer = post("/json");
    asked.get(10, TimeUnit.SECONDS);
    assertFalse(answer.isDone(), "the answer went out before the write was durable");
    commit.complete();
    assertEquals(201, answer.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void anEmptyAnswerWaitsToo() throws Exception {
    CompletableFuture<HttpClientResponse> answer = post("/empty");
    asked.get(10, TimeUnit.SECONDS);
    assertFalse(answer.isDone(), "the answer went out before the write was durable");
    commit.complete();
    assertEquals(204, answer.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void aFailedGroupCommitAnswers503WithRetryAfterInsteadOfAnAcknowledgement() throws Exception {
    CompletableFuture<HttpClientResponse> answer = post("/json");
    asked.get(10, TimeUnit.SECONDS);
    commit.fail(new IllegalStateException("fsync failed"));
    HttpClientResponse r = answer.get(10, TimeUnit.SECONDS);
    assertEquals(503, r.statusCode());
    assertEquals("1", r.getHeader("Retry-After"));
    assertEquals(Responses.PROBLEM_JSON, r.getHeader("Content-Type"));
  }
}
