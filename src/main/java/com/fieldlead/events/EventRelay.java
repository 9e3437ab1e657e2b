package com.fieldlead.events;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves domain events from the documents they were written with ({@link PendingEventSource}, e.g. a lead's
 * {@code pendingEvents}) to the {@link EventLog}: copy first (insert with {@code _id} = event id; a duplicate key
 * means "copied before"), then remove from the source. A crash between the two steps leaves the event in both places;
 * the next run copies nothing and removes it, so every event reaches the log exactly once. Runs on every instance
 * as a lease-claimed job (see {@code store.LeasedJobs}); safe to run concurrently anyway.
 */
public final class EventRelay {

  private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);
  public static final String JOB = "events.relay";
  public static final int BATCH = 200;

  private final EventLog log;
  private final List<PendingEventSource> sources;
  private final Clock clock;

  public EventRelay(EventLog log, List<PendingEventSource> sources, Clock clock) {
    this.log = log;
    this.sources = List.copyOf(sources);
    this.clock = clock;
  }

  /** One pass over every source (at most {@link #BATCH} holders each); the number of events newly copied. */
  public Future<Integer> relayOnce() {
    AtomicInteger copied = new AtomicInteger();
    Future<Void> chain = Future.succeededFuture();
    for (PendingEventSource source : sources) {
      chain = chain
          .compose(v -> source.pending(BATCH))
          .compose(events -> relay(source, events, copied));
    }
    return chain.map(v -> {
      if (copied.get() > 0) {
        LOG.info("domain events relayed [count={}]", copied.get());
      }
      return copied.get();
    });
  }

  /**
   * Copies the events in one insert (those copied before are skipped), then removes them from their source at once:
   * a crash in between leaves them in both places, and the next run copies nothing and removes them.
   */
  private Future<Void> relay(
      PendingEventSource source, List<DomainEvent> events, AtomicInteger copied) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return log.appendAll(events, clock.instant()).compose(fresh -> {
      copied.addAndGet(fresh);
      if (fresh < events.size()) {
        LOG.debug(
            "domain events copied before [source={}, count={}]",
            source.name(),
            events.size() - fresh);
      }
      return source.relayedAll(events);
    });
  }
}
