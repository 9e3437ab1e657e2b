package com.fieldlead.store;

import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * A subscriber of the bridge that carries its caller's trace to the driver: captured when it is made (on the caller's
 * thread, the request's Vert.x context), answered as its Reactor context, which the driver passes along its operators
 * to the context provider of the command listener (package {@code tracing}). Nothing is captured with tracing off.
 */
abstract class TraceCarryingSubscriber<T> implements CoreSubscriber<T> {

  private final Object trace;

  TraceCarryingSubscriber() {
    CallerTrace tracer = CallerTrace.current();
    this.trace = tracer == null ? null : tracer.capture();
  }

  @Override
  public final Context currentContext() {
    return trace == null ? Context.empty() : Context.of(CallerTrace.KEY, trace);
  }
}
