package com.fieldlead.http;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids: taken from a sane incoming {@code X-Request-Id} or generated, echoed on every response, and kept in
 * the request's Vert.x context so that every log line written while serving it carries the id (log pattern
 * {@code %rid}), including lines written after MongoDB calls, because the driver bridge completes on that context.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  static final String LOCAL_KEY = "fieldlead.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

  private RequestIds() {}

  /** Root handler: assigns the id before anything else runs (a platform handler, so it precedes body handling). */
  public static Handler<RoutingContext> handler() {
    return (PlatformHandler) ctx -> {
      String incoming = ctx.request().getHeader(HEADER);
      String id = incoming != null && SANE.matcher(incoming).matches()
          ? incoming
          : UUID.randomUUID().toString();
      ctx.put(LOCAL_KEY, id);
      Context context = Vertx.currentContext();
      if (context instanceof ContextInternal internal && internal.isDuplicate()) {
        internal.localContextData().put(LOCAL_KEY, id);
      }
      ctx.response().putHeader(HEADER, id);
      ctx.next();
    };
  }

  /** The id of the request being served on the current context, or {@code null} outside a request. */
  public static String current() {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      Object id = internal.localContextData().get(LOCAL_KEY);
      return id == null ? null : id.toString();
    }
    return null;
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(LOCAL_KEY);
    return id == null ? "-" : id;
  }

  /** Logback converter behind {@code %rid}: the current request id or {@code -}. */
  public static final class Converter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
      String id = current();
      return id == null ? "-" : id;
    }
  }
}
