package com.fieldlead.store;

import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The trace of the code that runs a store command, writes a record or sends a push, when tracing is on. The process's
 * Vert.x tracer implements it (package {@code tracing}), so the store, the events and the notifications reach the
 * trace through the Vert.x context they run on without depending on OpenTelemetry; with tracing off Vert.x has no
 * tracer, {@link #current()} answers null and nothing else is done.
 */
public interface CallerTrace {

  /** The Reactor context key under which {@link MongoFutures} hands {@link #capture()} to the driver. */
  Object KEY = CallerTrace.class;

  /** The trace context current on the calling thread, opaque to the store (null: none). */
  Object capture();

  /** The current span as a W3C {@code traceparent} header value, or null when there is no sampled span. */
  String traceparent();

  /**
   * Runs {@code work} inside a client span named {@code name} that continues the trace of {@code traceparent} (a new
   * trace when it is null or malformed), ended when the work's future completes.
   */
  <T> Future<T> clientSpan(
      String traceparent, String name, Map<String, String> attributes, Supplier<Future<T>> work);

  /** The tracer of the calling thread's Vert.x context when tracing is on; null otherwise. */
  static CallerTrace current() {
    ContextInternal context = ContextInternal.current();
    return context != null && context.tracer() instanceof CallerTrace t ? t : null;
  }

  /** The calling code's {@link #traceparent()}, or null (tracing off, no span). */
  static String currentTraceparent() {
    CallerTrace t = current();
    return t == null ? null : t.traceparent();
  }
}
