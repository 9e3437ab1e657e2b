package com.fieldlead.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTP router from {@code api-spec/openapi.yaml}: the contract decides which paths and methods exist,
 * endpoints only attach handlers. Root handlers give every request an id, an access-log line and a bounded body.
 */
public final class ApiRouter {

  /**
   * The contract's path: in the source tree, and on the classpath (inside the fat jar), which is where the server
   * reads it ({@link #contractBytes}).
   */
  public static final String CONTRACT_PATH = "api-spec/openapi.yaml";

  private static final Logger ACCESS = LoggerFactory.getLogger("fieldlead.access");

  private ApiRouter() {}

  /**
   * Loads and resolves the contract once per process; routers for each verticle are built from it. The Vert.x
   * contract model refuses response media types other than JSON, text/plain, octet-stream and multipart, while our
   * contract truthfully says that {@code /docs} is HTML and {@code /openapi.yaml} is YAML. Responses are not
   * validated, so those response media types (and application/problem+json) are dropped from the in-memory copy the router is built from; the
   * served file stays as written.
   */
  public static Future<OpenAPIContract> loadContract(Vertx vertx) {
    // checked against the OpenAPI meta-schema by the build (OpenApiInternalsTest), not at every
    // start
    return unresolvedContract(vertx).compose(json -> OpenApiInternals.trustedContract(vertx, json));
  }

  /**
   * The contract as {@link #loadContract} reads it, before resolution, in the form {@link OpenAPIContract#from} takes
   * (for the build's meta-schema check).
   */
  public static Future<JsonObject> unresolvedContract(Vertx vertx) {
    // parsing 180 KB of YAML takes a cold JVM most of a second: on a worker, not on the event loop
    return contractBytes(vertx)
        .compose(buffer -> vertx.executeBlocking(
            () -> {
              try {
                JsonObject json = new JsonObject(YAML.readValue(buffer.getBytes(), Map.class));
                stripUnsupportedResponseTypes(json);
                return json;
              } catch (IOException e) {
                throw new IllegalStateException("cannot parse " + CONTRACT_PATH, e);
              }
            },
            false));
  }

  /**
   * The contract as built into this server (its classpath copy), never a file of the same name in the working
   * directory: Vert.x's file system looks there first, so a jar started from an older or newer checkout would route
   * by that checkout's contract (and refuse to start when it names an operation the jar lacks).
   */
  public static Future<Buffer> contractBytes(Vertx vertx) {
    return vertx.executeBlocking(
        () -> {
          try (InputStream in =
              ApiRouter.class.getClassLoader().getResourceAsStream(CONTRACT_PATH)) {
            if (in == null) {
              throw new IllegalStateException(CONTRACT_PATH + " is not on the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
          }
        },
        false);
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static void stripUnsupportedResponseTypes(JsonObject contract) {
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        Object op = item.getValue(method);
        if (!(op instanceof JsonObject operation)) {
          continue;
        }
        stripResponses(operation.getJsonObject("responses", new JsonObject()));
        stripRequestBody(operation);
      }
    }
    JsonObject components = contract.getJsonObject("components", new JsonObject());
    stripResponses(components.getJsonObject("responses", new JsonObject()));
  }

  /**
   * A request body the Vert.x model cannot hold is left out of the in-memory copy, media type by media type: an
   * {@code application/x-www-form-urlencoded} plain HTML form post (such operations are attached with
   * {@link Routes#openForm}, whose validation decodes the form into JSON and checks it against the operation's JSON
   * schema); and a body of raw media types only (a {@code text/csv} file, an attachment's {@code image/jpeg} or
   * {@code audio/mp4} bytes): when no media type is left, the body goes from the copy, the router neither drops nor
   * checks the bytes the global body handler has buffered (up to the body limit), and the handler checks their type
   * itself. The served contract still says what each body is.
   */
  private static void stripRequestBody(JsonObject operation) {
    if (operation.getValue("requestBody") instanceof JsonObject body
        && body.getValue("content") instanceof JsonObject content) {
      content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
      if (content.isEmpty()) {
        // only raw media types (an attachment's image/jpeg bytes): the operation reads the buffered
        // body itself
        operation.remove("requestBody");
      }
    }
  }

  private static void stripResponses(JsonObject responses) {
    for (String status : responses.fieldNames()) {
      Object response = responses.getValue(status);
      if (response instanceof JsonObject r && r.getValue("content") instanceof JsonObject content) {
        content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
      }
    }
  }

  public static Router create(
      Vertx vertx,
      OpenAPIContract contract,
      long bodyLimit,
      Routes.Gate gate,
      List<Endpoint> endpoints) {
    return create(vertx, contract, bodyLimit, gate, endpoints, Durability.NONE);
  }

  /** The router; every successful answer waits for {@code durability} (what it acknowledges is on disk). */
  public static Router create(
      Vertx vertx,
      OpenAPIContract contract,
      long bodyLimit,
      Routes.Gate gate,
      List<Endpoint> endpoints,
      Durability durability) {
    return create(vertx, contract, bodyLimit, gate, endpoints, durability, null);
  }

  /**
   * The router, with {@code limits} (or null) run on every secured operation right after the caller is known: the
   * request rate limits.
   */
  public static Router create(
      Vertx vertx,
      OpenAPIContract contract,
      long bodyLimit,
      Routes.Gate gate,
      List<Endpoint> endpoints,
      Durability durability,
      Handler<RoutingContext> limits) {
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(RequestIds.handler());
    builder.rootHandler(UndecodableRequests.percentEscapes());
    builder.rootHandler((PlatformHandler) ctx -> {
      ctx.put(Responses.DURABILITY, durability);
      ctx.next();
    });
    builder.rootHandler((PlatformHandler) ctx -> {
      long start = System.nanoTime();
      ctx.addEndHandler(v -> ACCESS.info(
          "{} {} {} {}ms",
          ctx.request().method(),
          ctx.request().path(),
          ctx.response().getStatusCode(),
          (System.nanoTime() - start) / 1_000_000));
      ctx.next();
    });
    builder.rootHandler(BodyLimits.of(contract, bodyLimit));
    Routes routes = new Routes(builder, new ContractValidator(vertx, contract), gate, limits);
    endpoints.forEach(e -> e.register(routes));
    routes.checkComplete(contract);
    Router router = builder.createRouter();
    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 404, 405, 406, 413, 415, 500}) {
      router.errorHandler(status, failures);
    }
    LoggerFactory.getLogger(ApiRouter.class)
        .debug("router built [operations={}]", contract.operations().size());
    return router;
  }
}
