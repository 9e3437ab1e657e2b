package com.fieldlead.http;

import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single failure handler: every failed request ends here and leaves as problem+json. 4xx are logged in one line
 * without a stack; 5xx with the stack and the request id, and the client sees a generic detail only.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ProblemException problem = toProblem(ctx);
    if (problem.code().status() >= 500 && ctx.failure() == null) {
      // failed with a bare status inside the router (ctx.fail(500)): there is no stack to show, so
      // say so
      LOG.error(
          "request failed without an exception [method={}, path={}, status={}]",
          ctx.request().method(),
          ctx.request().path(),
          ctx.statusCode());
    } else if (problem.code().status() >= 500) {
      LOG.error(
          "request failed [method={}, path={}]",
          ctx.request().method(),
          ctx.request().path(),
          ctx.failure());
    } else {
      LOG.info(
          "request rejected [method={}, path={}, status={}, code={}, detail={}]",
          ctx.request().method(),
          ctx.request().path(),
          problem.code().status(),
          problem.code(),
          problem.getMessage());
    }
    write(ctx, problem);
  }

  /** Writes {@code problem} as the response, with its headers. */
  public static void write(RoutingContext ctx, ProblemException problem) {
    write(ctx.response(), ctx.request().path(), RequestIds.of(ctx), problem);
  }

  /** Writes {@code problem} as {@code response} (for answers given outside a router), with its headers. */
  static Future<Void> write(
      HttpServerResponse response, String instance, String requestId, ProblemException problem) {
    ErrorCode code = problem.code();
    problem.headers().forEach(response::putHeader);
    Problem body = new Problem(
        code.type(),
        code.title(),
        code.status(),
        problem.getMessage(),
        instance,
        code.name(),
        requestId,
        problem.errors(),
        problem.extensions());
    return response
        .setStatusCode(code.status())
        .putHeader("Content-Type", Responses.PROBLEM_JSON)
        .end(Json.encode(body));
  }

  private static ProblemException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException p) {
      return p;
    }
    if (failure instanceof HttpException http && http.getCause() instanceof ValidatorException v) {
      return Validation.toProblem(v);
    }
    if (failure instanceof ValidatorException v) {
      return Validation.toProblem(v);
    }
    if (failure instanceof MongoTimeoutException) {
      return new ProblemException(
          ErrorCode.UNAVAILABLE,
          "The database is not reachable; retry later.",
          List.of(),
          Map.of("Retry-After", "5"));
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    return switch (status) {
      case 400 -> new ProblemException(ErrorCode.BAD_REQUEST, "The request cannot be understood.");
      case 401 ->
        new ProblemException(ErrorCode.UNAUTHENTICATED, "A valid bearer token is required.");
      case 403 -> new ProblemException(ErrorCode.FORBIDDEN, "Your role does not allow this.");
      case 404 ->
        new ProblemException(
            ErrorCode.ROUTE_NOT_FOUND, "No endpoint at " + ctx.request().path());
      case 405 ->
        new ProblemException(
            ErrorCode.METHOD_NOT_ALLOWED,
            ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 406 -> new ProblemException(ErrorCode.NOT_ACCEPTABLE, "No acceptable media type.");
      case 413 ->
        new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.");
      case 415 ->
        new ProblemException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
      default -> {
        if (failure instanceof MongoException) {
          yield new ProblemException(
              ErrorCode.UNAVAILABLE,
              "The database failed to answer; retry later.",
              List.of(),
              Map.of("Retry-After", "5"));
        }
        yield new ProblemException(
            ErrorCode.INTERNAL, "Internal error; quote the request id when reporting it.");
      }
    };
  }
}
