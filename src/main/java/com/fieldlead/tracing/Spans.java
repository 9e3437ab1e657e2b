package com.fieldlead.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The OpenTelemetry side of {@link TracedVertx}: the current context (which Vert.x keeps on the request's context),
 * its W3C {@code traceparent}, and client spans that continue a stored {@code traceparent}.
 */
final class Spans {

  private static final String TRACEPARENT = "traceparent";
  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final Tracer tracer;

  Spans(OpenTelemetry otel) {
    this.tracer = otel.getTracer("com.fieldlead");
  }

  /** The current context when it holds a span; null otherwise (a store command without a traced caller). */
  Object capture() {
    Context current = Context.current();
    return Span.fromContext(current).getSpanContext().isValid() ? current : null;
  }

  /** The current span as a traceparent header value; null when there is none or it is not sampled. */
  String traceparent() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid() || !span.isSampled()) {
      return null;
    }
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
        + span.getTraceFlags().asHex();
  }

  /** {@code work} in a client span, a child of {@code traceparent} (a new trace when it is null or malformed). */
  <T> Future<T> clientSpan(
      String traceparent, String name, Map<String, String> attributes, Supplier<Future<T>> work) {
    Context parent = traceparent == null
        ? Context.root()
        : W3CTraceContextPropagator.getInstance()
            .extract(Context.root(), Map.of(TRACEPARENT, traceparent), GETTER);
    SpanBuilder builder = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CLIENT);
    attributes.forEach(builder::setAttribute);
    Span span = builder.startSpan();
    Future<T> result;
    try (Scope scope = parent.with(span).makeCurrent()) {
      result = work.get();
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName()).end();
      throw e;
    }
    return result.andThen(ar -> {
      if (ar.failed()) {
        span.setStatus(StatusCode.ERROR, ar.cause().getClass().getSimpleName());
      }
      span.end();
    });
  }
}
