package com.fieldlead.app;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.ApiRouter;
import com.fieldlead.http.Durability;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Routes;
import com.fieldlead.http.UndecodableRequests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One HTTP server instance (one per event loop). Stopping it is graceful: the server stops accepting and in-flight
 * requests get the configured grace period before connections are closed.
 */
final class ApiVerticle extends VerticleBase {

  private final FieldleadConfig.Http config;
  private final OpenAPIContract contract;
  private final Routes.Gate gate;
  private final Supplier<List<Endpoint>> endpoints;
  private final Durability durability;
  private final Handler<RoutingContext> limits;
  private HttpServer server;

  /** @param limits the request rate limits run after the gate on secured operations, or null for none */
  ApiVerticle(
      FieldleadConfig.Http config,
      OpenAPIContract contract,
      Routes.Gate gate,
      Supplier<List<Endpoint>> endpoints,
      Durability durability,
      Handler<RoutingContext> limits) {
    this.config = config;
    this.contract = contract;
    this.gate = gate;
    this.endpoints = endpoints;
    this.durability = durability;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    var router = ApiRouter.create(
        vertx, contract, config.bodyLimitBytes(), gate, endpoints.get(), durability, limits);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setCompressionSupported(true)
        .setCompressionContentSizeThreshold(1400)
        .setDecompressionSupported(true)
        // No h2c upgrade: Vert.x 5's HTTP/2 encoder, after one uncompressed answer on a connection,
        // labels later
        // answers gzip without compressing them (eclipse-vertx/vert.x#5896). Plain HTTP stays on
        // HTTP/1.1, where
        // compression is right; HTTP/2 and TLS belong to the load balancer in front.
        .setHttp2ClearTextEnabled(false);
    server = vertx
        .createHttpServer(options)
        .requestHandler(router)
        .invalidRequestHandler(UndecodableRequests.invalidRequestHandler());
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }
}
