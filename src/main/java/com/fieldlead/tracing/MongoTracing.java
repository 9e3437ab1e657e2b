package com.fieldlead.tracing;

import com.fieldlead.store.CallerTrace;
import com.mongodb.RequestContext;
import com.mongodb.ServerAddress;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import com.mongodb.reactivestreams.client.ReactiveContextProvider;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.reactivestreams.Subscriber;
import reactor.core.CoreSubscriber;

/**
 * MongoDB commands as client spans. The context provider reads the caller's trace that the store's Publisher bridge
 * put in its subscriber's Reactor context (captured on the request's Vert.x context) into the driver's request
 * context; the command listener starts a span per command under it and ends it with the reply. A command without a
 * traced caller (background polling) gets no span. Attributes name the system, database, operation and collection;
 * never a command's documents, filters or values, nor an error's message (a duplicate key error quotes the key).
 */
final class MongoTracing implements CommandListener, ReactiveContextProvider {

  private static final String PARENT = "otel.parent";

  private final Tracer tracer;
  /** Open spans by request id (the driver numbers requests process-wide). */
  private final Map<Integer, Span> open = new ConcurrentHashMap<>();

  MongoTracing(OpenTelemetry otel) {
    this.tracer = otel.getTracer("com.fieldlead.store");
  }

  @Override
  public RequestContext getContext(Subscriber<?> subscriber) {
    if (subscriber instanceof CoreSubscriber<?> core
        && core.currentContext().getOrDefault(CallerTrace.KEY, null) instanceof Context parent) {
      return new Parent(parent);
    }
    return null;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    RequestContext request = event.getRequestContext();
    Context parent = request == null ? null : request.getOrDefault(PARENT, null);
    if (parent == null) {
      return;
    }
    String operation = event.getCommandName();
    String collection = collection(event.getCommand(), operation);
    SpanBuilder span = tracer
        .spanBuilder(collection == null ? operation : operation + " " + collection)
        .setParent(parent)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("db.system", "mongodb")
        .setAttribute("db.system.name", "mongodb")
        .setAttribute("db.namespace", event.getDatabaseName())
        .setAttribute("db.operation.name", operation);
    if (collection != null) {
      span.setAttribute("db.collection.name", collection);
    }
    if (event.getConnectionDescription() != null) {
      ServerAddress server = event.getConnectionDescription().getServerAddress();
      span.setAttribute("server.address", server.getHost())
          .setAttribute("server.port", (long) server.getPort());
    }
    open.put(event.getRequestId(), span.startSpan());
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
    Span span = open.remove(event.getRequestId());
    if (span != null) {
      span.end();
    }
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
    Span span = open.remove(event.getRequestId());
    if (span != null) {
      span.setAttribute("error.type", event.getThrowable().getClass().getSimpleName())
          .setStatus(StatusCode.ERROR)
          .end();
    }
  }

  /** The collection a command names: the value of its first key (find, insert, ...) or getMore's collection. */
  static String collection(BsonDocument command, String operation) {
    if (command == null) {
      return null;
    }
    BsonValue value = command.get("getMore".equals(operation) ? "collection" : operation);
    return value != null && value.isString() ? value.asString().getValue() : null;
  }

  /** The driver's request context of one traced command: its parent span's context. */
  private static final class Parent implements RequestContext {
    private final Map<Object, Object> values = new ConcurrentHashMap<>();

    Parent(Context parent) {
      values.put(PARENT, parent);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key) {
      return (T) values.get(key);
    }

    @Override
    public boolean hasKey(Object key) {
      return values.containsKey(key);
    }

    @Override
    public boolean isEmpty() {
      return values.isEmpty();
    }

    @Override
    public void put(Object key, Object value) {
      values.put(key, value);
    }

    @Override
    public void delete(Object key) {
      values.remove(key);
    }

    @Override
    public int size() {
      return values.size();
    }

    @Override
    public Stream<Map.Entry<Object, Object>> stream() {
      return values.entrySet().stream();
    }
  }
}
