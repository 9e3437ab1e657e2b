package com.fieldlead.crm;

import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.EventLog;
import com.fieldlead.lead.model.LeadStatus;
import com.fieldlead.outbox.Outbox;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Copies the status changes that trigger a push into the CRM outbox: for each event the log marks for the CRM
 * ({@value #MARK}), in the order the events reached the log, one push per active connection of its tenant whose
 * trigger it meets (a conversion meets both triggers; reaching the connection's qualified status meets
 * {@code qualified}); then clears the events' mark. A crash in between repeats the copy, which adds nothing (push ids
 * derive from connection and event). Runs as a leased job.
 */
final class CrmFanOut {

  static final String JOB = "crm.fanout";
  static final String MARK = "crmFanout";
  static final int BATCH = 500;
  static final String KIND = "kind";

  private final EventLog log;
  private final MongoConnections connections;
  private final Outbox outbox;
  private final Clock clock;
  private final Runnable wake;

  CrmFanOut(EventLog log, MongoConnections connections, Outbox outbox, Clock clock, Runnable wake) {
    this.log = log;
    this.connections = connections;
    this.outbox = outbox;
    this.clock = clock;
    this.wake = wake;
  }

  /** Fans out batches until none is left; answers how many pushes were added. */
  Future<Integer> runOnce() {
    return log.markedDue(MARK, BATCH).compose(events -> {
      if (events.isEmpty()) {
        return Future.succeededFuture(0);
      }
      List<String> ids = events.stream().map(DomainEvent::id).toList();
      List<DomainEvent> changes = events.stream()
          .filter(e -> DomainEvent.LEAD_STATUS_CHANGED.equals(e.type()) && e.leadId() != null)
          .toList();
      Future<Integer> added = changes.isEmpty()
          ? Future.succeededFuture(0)
          : connections
              .activeOf(changes.stream().map(DomainEvent::tenantId).distinct().toList())
              .compose(active -> queue(changes, active));
      return added.compose(n -> log.markDone(MARK, ids).map(n)).compose(n -> {
        if (n > 0) {
          wake.run();
        }
        return events.size() == BATCH ? runOnce().map(more -> more + n) : Future.succeededFuture(n);
      });
    });
  }

  private Future<Integer> queue(List<DomainEvent> changes, List<Connection> active) {
    List<DomainEvent> wanted = new ArrayList<>();
    List<Connection> to = new ArrayList<>();
    for (DomainEvent e : changes) {
      for (Connection c : active) {
        if (c.tenantId().equals(e.tenantId()) && triggers(c, e)) {
          wanted.add(e);
          to.add(c);
        }
      }
    }
    if (wanted.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Instant now = clock.instant();
    return outbox.reserve(wanted.size()).compose(first -> {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < wanted.size(); i++) {
        DomainEvent e = wanted.get(i);
        docs.add(outbox.newItem(
            e.tenantId(),
            to.get(i).id(),
            e.id(),
            e.type(),
            e.leadId(),
            first + i,
            new Document(KIND, String.valueOf(e.data().get("meaning"))).toJson(),
            now));
      }
      return outbox.insertAll(docs);
    });
  }

  /** Whether the status change {@code e} is one {@code c} pushes. */
  static boolean triggers(Connection c, DomainEvent e) {
    if (LeadStatus.CONVERTED.equals(e.data().get("meaning"))) {
      return true;
    }
    return Connection.TRIGGER_QUALIFIED.equals(c.trigger())
        && c.qualifiedStatus() != null
        && c.qualifiedStatus().equals(e.data().get("to"));
  }
}
