package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A 5xx without an exception (a bare status from inside the router) still leaves a log line that says so. */
class FailureHandlerTest {

  @Test
  void aBareStatus500IsProblemJsonAndLoggedAsFailedWithoutAnException() throws Exception {
    Vertx vertx = Vertx.vertx();
    Logger logger = (Logger) LoggerFactory.getLogger(FailureHandler.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try {
      Router router = Router.router(vertx);
      router.get("/broken/:id").handler(ctx -> ctx.fail(500));
      router.route().failureHandler(new FailureHandler());
      HttpServer server = vertx
          .createHttpServer()
          .requestHandler(router)
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      HttpResponse<String> r = HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.actualPort() + "/broken/7"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(500, r.statusCode());
      assertEquals(
          "application/problem+json", r.headers().firstValue("content-type").orElse(""));
      assertTrue(r.body().contains("\"code\":\"INTERNAL\""), r.body());
    } finally {
      logger.detachAppender(seen);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    List<String> errors = seen.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
    assertEquals(1, errors.size(), errors::toString);
    assertTrue(
        errors.get(0).contains("without an exception")
            && errors.get(0).contains("status=500")
            && errors.get(0).contains("/broken/7"),
        errors.get(0));
  }
}
