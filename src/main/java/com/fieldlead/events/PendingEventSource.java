package com.fieldlead.events;

import io.vertx.core.Future;
import java.util.List;

/**
 * Documents that carry domain events written with their change (a lead's {@code pendingEvents}), as the
 * {@link EventRelay} sees them: read some, and remove each once it is safely in the {@link EventLog}.
 */
public interface PendingEventSource {

  /** A name for logs. */
  String name();

  /** Up to {@code limit} pending events (any tenant), in no particular order. */
  Future<List<DomainEvent>> pending(int limit);

  /** Removes {@code event} from the document that holds it (idempotent). */
  Future<Void> relayed(DomainEvent event);

  /** Removes every one of {@code events} from the documents that hold them (idempotent; a source may do it at once). */
  default Future<Void> relayedAll(List<DomainEvent> events) {
    Future<Void> chain = Future.succeededFuture();
    for (DomainEvent e : events) {
      chain = chain.compose(v -> relayed(e));
    }
    return chain;
  }
}
