package com.fieldlead.app;

import com.fieldlead.http.ApiRouter;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Routes;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.MongoStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Operational routes, all in the contract like any other: liveness, readiness (MongoDB answers and indexes exist),
 * Prometheus metrics, the contract itself and its browsable docs (Swagger UI served from the webjar, no CDN).
 */
final class SystemEndpoint implements Endpoint {

  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,80}");
  private static final String SWAGGER_ROOT =
      "META-INF/resources/webjars/swagger-ui/" + swaggerVersion() + "/";

  private final Vertx vertx;
  private final HealthCheckHandler live;
  private final HealthCheckHandler ready;
  private final PrometheusMeterRegistry registry;

  SystemEndpoint(Vertx vertx, MongoStore store, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    this.live = HealthCheckHandler.createWithHealthChecks(
        HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK())));
    HealthChecks readiness = HealthChecks.create(vertx)
        .register(
            "mongodb",
            2000,
            p -> store
                .ping()
                .onComplete(ar -> p.complete(
                    ar.succeeded()
                        ? Status.OK()
                        : Status.KO(new JsonObject().put("error", "MongoDB does not answer")))))
        .register(
            "indexes",
            p -> p.complete(
                store.indexesReady()
                    ? Status.OK()
                    : Status.KO(new JsonObject().put("error", "indexes not yet created"))));
    this.ready = HealthCheckHandler.createWithHealthChecks(readiness);
  }

  @Override
  public void register(Routes routes) {
    routes
        .open("liveness", live)
        .open("readiness", ready)
        .open("metrics", this::metrics)
        .open("getOpenApi", this::contract)
        .open("getDocs", ctx -> sendFile(ctx, "docs/index.html", "text/html; charset=utf-8"))
        .open("getDocsAsset", this::asset);
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }

  private void asset(RoutingContext ctx) {
    String name = ctx.pathParam("asset");
    if (name == null || !ASSET.matcher(name).matches() || name.contains("..")) {
      ctx.fail(ProblemException.notFound("asset"));
      return;
    }
    sendFile(ctx, SWAGGER_ROOT + name, contentType(name));
  }

  /** The contract this server routes by (its own copy, see {@link ApiRouter#contractBytes}). */
  private void contract(RoutingContext ctx) {
    ApiRouter.contractBytes(vertx).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "application/yaml")
          .putHeader("Cache-Control", "public, max-age=300")
          .end(ar.result());
    });
  }

  private void sendFile(RoutingContext ctx, String path, String type) {
    vertx.fileSystem().readFile(path).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(new ProblemException(
            ErrorCode.NOT_FOUND, "No such file: " + ctx.request().path()));
        return;
      }
      Buffer body = ar.result();
      ctx.response()
          .putHeader("Content-Type", type)
          .putHeader("Cache-Control", "public, max-age=300")
          .end(body);
    });
  }

  private static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".png")) {
      return "image/png";
    }
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static String swaggerVersion() {
    try (InputStream in = SystemEndpoint.class
        .getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("swagger-ui webjar not on the classpath", e));
    }
  }
}
