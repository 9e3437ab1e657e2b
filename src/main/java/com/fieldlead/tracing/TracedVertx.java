package com.fieldlead.tracing;

import com.fieldlead.store.CallerTrace;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The process's Vert.x tracer: Vert.x's own OpenTelemetry tracer (HTTP server spans, an incoming {@code traceparent}
 * honoured, outgoing HTTP client requests carrying it), given request tags without query strings; and the
 * {@link CallerTrace} that the store, the events and the push outbox reach through the Vert.x context.
 */
final class TracedVertx implements VertxTracer<Object, Object>, CallerTrace {

  private final VertxTracer<Object, Object> vertx;
  private final Spans spans;

  @SuppressWarnings("unchecked")
  TracedVertx(OpenTelemetry otel) {
    this.vertx = (VertxTracer<Object, Object>)
        new OpenTelemetryTracingFactory(otel).tracer(new OpenTelemetryOptions());
    this.spans = new Spans(otel);
  }

  @Override
  public <R> Object receiveRequest(
      Context context,
      SpanKind kind,
      TracingPolicy policy,
      R request,
      String operation,
      Iterable<Map.Entry<String, String>> headers,
      TagExtractor<R> tags) {
    if (request instanceof HttpServerRequest http && isProbe(http.path())) {
      return null; // health probes and Prometheus scrapes every few seconds: noise, no trace
    }
    return vertx.receiveRequest(
        context, kind, policy, request, operation, headers, PrivateTags.of(tags));
  }

  static boolean isProbe(String path) {
    return path != null && (path.startsWith("/health/") || path.equals("/metrics"));
  }

  @Override
  public <R> void sendResponse(
      Context context, R response, Object payload, Throwable failure, TagExtractor<R> tags) {
    if (payload != null) {
      vertx.sendResponse(context, response, payload, failure, tags);
    }
  }

  @Override
  public <R> Object sendRequest(
      Context context,
      SpanKind kind,
      TracingPolicy policy,
      R request,
      String operation,
      BiConsumer<String, String> headers,
      TagExtractor<R> tags) {
    return vertx.sendRequest(
        context, kind, policy, request, operation, headers, PrivateTags.of(tags));
  }

  @Override
  public <R> void receiveResponse(
      Context context, R response, Object payload, Throwable failure, TagExtractor<R> tags) {
    vertx.receiveResponse(context, response, payload, failure, tags);
  }

  @Override
  public void close() {
    vertx.close();
  }

  @Override
  public Object capture() {
    return spans.capture();
  }

  @Override
  public String traceparent() {
    return spans.traceparent();
  }

  @Override
  public <T> Future<T> clientSpan(
      String traceparent, String name, Map<String, String> attributes, Supplier<Future<T>> work) {
    return spans.clientSpan(traceparent, name, attributes, work);
  }
}
