package com.fieldlead.webhook;

import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.EventLog;
import com.fieldlead.json.Json;
import com.fieldlead.outbox.Outbox;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies domain events into the webhook outbox: for each event the log marks as not yet fanned out (in the order the
 * events reached the log), one delivery per enabled subscription of its tenant that wants its type, with the body it
 * will be sent with and the next sequence numbers; then clears the events' mark. A crash in between repeats the
 * copy, which adds nothing (delivery ids derive from subscription and event). Runs as a leased job, so one instance
 * at a time; safe concurrently anyway.
 */
final class FanOut {

  private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
  static final String JOB = "webhooks.fanout";
  static final int BATCH = 500;
  /** The version of the delivery body's shape, sent as {@code version} in every body. */
  static final int BODY_VERSION = 1;

  private final EventLog log;
  private final MongoWebhooks subscriptions;
  private final Outbox deliveries;
  private final Clock clock;
  private final Runnable wake;

  FanOut(EventLog log, MongoWebhooks subscriptions, Outbox deliveries, Clock clock, Runnable wake) {
    this.log = log;
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.clock = clock;
    this.wake = wake;
  }

  /** Fans out batches until none is left; answers how many deliveries were added. */
  Future<Integer> runOnce() {
    return batch()
        .compose(r -> r.events() == BATCH
            ? runOnce().map(more -> more + r.added())
            : Future.succeededFuture(r.added()));
  }

  private record BatchResult(int events, int added) {}

  private Future<BatchResult> batch() {
    return log.fanoutDue(BATCH).compose(events -> {
      if (events.isEmpty()) {
        return Future.succeededFuture(new BatchResult(0, 0));
      }
      List<String> tenants =
          events.stream().map(DomainEvent::tenantId).distinct().toList();
      return subscriptions.ofTenants(tenants).compose(subs -> {
        List<DomainEvent> wanted = new ArrayList<>();
        List<Subscription> to = new ArrayList<>();
        for (DomainEvent e : events) {
          for (Subscription s : subs) {
            if (s.tenantId().equals(e.tenantId()) && s.wants(e.type())) {
              wanted.add(e);
              to.add(s);
            }
          }
        }
        List<String> ids = events.stream().map(DomainEvent::id).toList();
        if (wanted.isEmpty()) {
          return log.fanoutDone(ids).map(v -> new BatchResult(events.size(), 0));
        }
        Instant now = clock.instant();
        return deliveries
            .reserve(wanted.size())
            .compose(first -> {
              List<Document> docs = new ArrayList<>();
              for (int i = 0; i < wanted.size(); i++) {
                DomainEvent e = wanted.get(i);
                docs.add(deliveries.newItem(
                    e.tenantId(),
                    to.get(i).id(),
                    e.id(),
                    e.type(),
                    e.leadId(),
                    first + i,
                    body(e),
                    now));
              }
              return deliveries.insertAll(docs);
            })
            .compose(added -> log.fanoutDone(ids).map(v -> {
              LOG.debug("webhook deliveries queued [events={}, deliveries={}]", ids.size(), added);
              if (added > 0) {
                wake.run();
              }
              return new BatchResult(events.size(), added);
            }));
      });
    });
  }

  /** The delivery body: the event id (receivers de-duplicate by it), type, body version, time, lead and data. */
  static String body(DomainEvent e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", e.id());
    body.put("type", e.type());
    body.put("version", BODY_VERSION);
    body.put("occurredAt", e.occurredAt().toString());
    body.put("tenantId", e.tenantId());
    if (e.leadId() != null) {
      body.put("leadId", e.leadId());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    e.data().forEach((k, v) -> data.put(k, v instanceof Instant i ? i.toString() : v));
    body.put("data", data);
    return Json.encode(body).toString();
  }
}
