package com.fieldlead.http;

import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the router cannot take apart still leave as problem+json: those Netty could not decode at all (a request
 * line or headers over its limits, a malformed header), which never reach the router, and request targets with a
 * broken percent escape, which Vert.x Web would fail with a bare 500 when it decodes a path parameter or the query.
 */
public final class UndecodableRequests {

  private static final Logger LOG = LoggerFactory.getLogger(UndecodableRequests.class);
  /** How much of an undecodable target the log line and {@code instance} keep. */
  private static final int SHOWN = 200;

  private UndecodableRequests() {}

  /**
   * For {@code HttpServer.invalidRequestHandler}: the answer to a request Netty could not decode, after which the
   * connection is closed (what follows on it cannot be framed).
   */
  public static Handler<HttpServerRequest> invalidRequestHandler() {
    return req -> {
      ProblemException problem = problemOf(req.decoderResult().cause());
      String id = UUID.randomUUID().toString();
      String instance = shown(req.path());
      LOG.info(
          "request rejected [method={}, path={}, status={}, code={}, detail={}]",
          req.method(),
          instance,
          problem.code().status(),
          problem.code(),
          problem.getMessage());
      FailureHandler.write(
              req.response().putHeader(RequestIds.HEADER, id).putHeader("Connection", "close"),
              instance,
              id,
              problem)
          .onComplete(done -> req.connection().close());
    };
  }

  static ProblemException problemOf(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new ProblemException(
          ErrorCode.URI_TOO_LONG,
          "The request line is longer than the server reads (4 KB); send long filters in a request body.");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new ProblemException(
          ErrorCode.HEADERS_TOO_LARGE,
          "The request headers are larger than the server reads (8 KB).");
    }
    return new ProblemException(ErrorCode.BAD_REQUEST, "The request cannot be parsed as HTTP/1.1.");
  }

  /**
   * Root handler: a request target (path or query) with a {@code %} not followed by two hex digits is answered
   * 400 before any route decodes it.
   */
  public static Handler<RoutingContext> percentEscapes() {
    return (PlatformHandler) ctx -> {
      int bad = brokenEscape(ctx.request().uri());
      if (bad >= 0) {
        ctx.fail(new ProblemException(
            ErrorCode.BAD_REQUEST,
            "The request target has a malformed percent escape at " + "character " + bad
                + "; encode '%' as %25."));
      } else {
        ctx.next();
      }
    };
  }

  /** The index of the first {@code %} in {@code target} that is not followed by two hex digits, or -1. */
  static int brokenEscape(String target) {
    if (target == null) {
      return -1;
    }
    for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
      if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String shown(String path) {
    if (path == null) {
      return "-";
    }
    return path.length() <= SHOWN ? path : path.substring(0, SHOWN) + "...";
  }
}
