package com.fieldlead.crm;

import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.outbox.Outbox;
import com.fieldlead.outbox.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's CRM pusher: every poll (and at once when the fan-out queued something), claims due pushes from the
 * CRM outbox ({@link Outbox#claim}: one at a time per connection and lead, in order), reads each lead as it is now,
 * pushes a connection's leads together in calls of up to its CRM's batch size ({@link CrmApi#pushAll}; one refused
 * record fails alone) with the connection's session (an access token refused once is refreshed once and those leads
 * pushed once more), writes the outcomes back in one bulk write and the lead's {@code crm} link (id and time after a success,
 * the error after a failure for good). A rejection (mapping or validation) fails at once; a rate limit, an outage or a
 * refused refresh is retried with backoff for 3 days, never before the CRM's {@code Retry-After}.
 */
final class CrmWorker {

  private static final Logger LOG = LoggerFactory.getLogger(CrmWorker.class);
  /** Pushes claimed per round, across connections; each connection's are sent in calls of its CRM's batch size. */
  static final int BATCH = 200;

  static final Duration LEASE = Duration.ofMinutes(2);
  static final String ERROR_FIELD = "errorField";
  static final String CRM_ID = "crmId";

  private final Vertx vertx;
  private final Outbox outbox;
  private final MongoConnections connections;
  private final Sessions sessions;
  private final Map<String, CrmApi> apis;
  private final LeadModule leads;
  private final RetryPolicy retries;
  private final Clock clock;
  private final String owner;
  private long timer = -1;
  private boolean running;
  private boolean again;
  private Future<Integer> current = Future.succeededFuture(0);
  private volatile boolean stopped;

  CrmWorker(
      Vertx vertx,
      Outbox outbox,
      MongoConnections connections,
      Sessions sessions,
      Map<String, CrmApi> apis,
      LeadModule leads,
      RetryPolicy retries,
      Clock clock,
      String owner) {
    this.vertx = vertx;
    this.outbox = outbox;
    this.connections = connections;
    this.sessions = sessions;
    this.apis = apis;
    this.leads = leads;
    this.retries = retries;
    this.clock = clock;
    this.owner = owner;
  }

  void start(Duration poll) {
    timer = vertx.setPeriodic(poll.toMillis(), id -> wake());
  }

  /** Runs rounds until one claims nothing (one round at a time on this instance). */
  void wake() {
    vertx.runOnContext(v -> pump());
  }

  private void pump() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    current = runOnce();
    current.onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("crm pushes failed to run: {}", ar.cause().toString());
      }
      if ((ar.succeeded() && ar.result() > 0) || again) {
        pump();
      }
    });
  }

  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return current.<Void>mapEmpty().otherwiseEmpty();
  }

  /** One round here, now: claim, push, record; the number claimed. */
  Future<Integer> runOnce() {
    return outbox
        .claim(owner, BATCH, LEASE, clock.instant())
        .compose(claimed -> claimed.isEmpty() ? Future.succeededFuture(0) : send(claimed));
  }

  private Future<Integer> send(List<Outbox.Claimed> claimed) {
    Map<String, List<Outbox.Claimed>> byConnection = new LinkedHashMap<>();
    claimed.forEach(
        c -> byConnection.computeIfAbsent(c.target(), k -> new ArrayList<>()).add(c));
    return connections.byIds(List.copyOf(byConnection.keySet())).compose(found -> {
      Map<String, Connection> byId = new HashMap<>();
      found.forEach(c -> byId.put(c.id(), c));
      List<Future<List<Outbox.Outcome>>> all = new ArrayList<>();
      byConnection.forEach((id, items) -> all.add(connection(byId.get(id), items)));
      return Future.all(all).compose(done -> {
        List<Outbox.Outcome> outcomes = new ArrayList<>();
        all.forEach(f -> outcomes.addAll(f.result()));
        return outbox.record(outcomes).map(v -> claimed.size());
      });
    });
  }

  /**
   * One connection's claimed pushes (at most one per lead: the outbox hands out a chain's head only): the leads read as
   * they are now, sent in calls of up to the CRM's batch size, one after the other.
   */
  private Future<List<Outbox.Outcome>> connection(Connection c, List<Outbox.Claimed> items) {
    if (c == null || !c.enabled() || !c.connected()) {
      String why = c == null
          ? "connection deleted"
          : !c.enabled() ? "connection disabled" : "connection not authorized";
      return Future.succeededFuture(items.stream()
          .map(item -> outcome(item, c, PushResult.rejected(0, why, null, null)))
          .toList());
    }
    List<Future<Optional<Lead>>> reads =
        items.stream().map(item -> leads.lead(c.tenantId(), item.leadId())).toList();
    return Future.join(reads).transform(x -> {
      List<Outbox.Outcome> outcomes = new ArrayList<>();
      List<Outbox.Claimed> live = new ArrayList<>();
      List<Lead> current = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Future<Optional<Lead>> read = reads.get(i);
        if (read.failed()) {
          outcomes.add(
              outcome(items.get(i), c, PushResult.retry(0, read.cause().toString(), null, null)));
        } else if (read.result().isEmpty() || read.result().get().deleted()) {
          outcomes.add(
              outcome(items.get(i), c, PushResult.rejected(0, "lead deleted", null, null)));
        } else {
          live.add(items.get(i));
          current.add(read.result().get());
        }
      }
      int size = Math.max(1, apis.get(c.system()).batchSize());
      Future<Void> chain = Future.succeededFuture();
      for (int from = 0; from < live.size(); from += size) {
        int to = Math.min(live.size(), from + size);
        List<Outbox.Claimed> part = live.subList(from, to);
        List<Lead> partLeads = current.subList(from, to);
        chain = chain.compose(v -> batch(c, part, partLeads).map(done -> {
          outcomes.addAll(done);
          return null;
        }));
      }
      return chain.map(v -> outcomes);
    });
  }

  /**
   * One call's worth of a connection's pushes with its session; the leads whose push was refused as unauthorized go
   * again once after a token refresh (one refresh per connection and round).
   */
  private Future<List<Outbox.Outcome>> batch(
      Connection c, List<Outbox.Claimed> items, List<Lead> batch) {
    CrmApi api = apis.get(c.system());
    long start = System.nanoTime();
    return sessions
        .current(c)
        .compose(s -> api.pushAll(s.accessToken(), s.instanceUrl(), c, batch))
        .compose(first -> {
          List<Integer> refused = new ArrayList<>();
          for (int i = 0; i < first.size(); i++) {
            if (first.get(i).kind() == PushResult.Kind.UNAUTHORIZED) {
              refused.add(i);
            }
          }
          if (refused.isEmpty()) {
            return Future.succeededFuture(first);
          }
          List<Lead> again = refused.stream().map(batch::get).toList();
          return sessions
              .refreshed(c)
              .compose(s -> api.pushAll(s.accessToken(), s.instanceUrl(), c, again))
              .map(second -> {
                List<PushResult> merged = new ArrayList<>(first);
                for (int k = 0; k < refused.size(); k++) {
                  PushResult r = second.get(k);
                  merged.set(
                      refused.get(k),
                      r.kind() == PushResult.Kind.UNAUTHORIZED
                          ? PushResult.retry(
                              r.status(),
                              "refused after a token refresh: " + r.error(),
                              null,
                              r.body())
                          : r);
                }
                return merged;
              });
        })
        .recover(t -> {
          PushResult failed = t instanceof OAuthClient.TokenException e
              ? PushResult.retry(
                  0,
                  e.getMessage()
                      + (e.retryable() ? "" : "; reconnect the CRM (POST .../authorize)"),
                  null,
                  null)
              : PushResult.retry(0, t.toString(), null, null);
          return Future.succeededFuture(batch.stream().map(l -> failed).toList());
        })
        .compose(results -> {
          long ms = (System.nanoTime() - start) / 1_000_000;
          List<Future<Outbox.Outcome>> each = new ArrayList<>();
          for (int i = 0; i < results.size(); i++) {
            Outbox.Claimed item = items.get(i);
            Lead lead = batch.get(i);
            PushResult r = results.get(i);
            each.add(writeBack(c, lead, item, r).map(v -> {
              LOG.info(
                  "crm push [tenant={}, connection={}, lead={}, result={}, status={}, batch={}, ms={}]",
                  c.tenantId(),
                  c.id(),
                  lead.id(),
                  r.kind(),
                  r.status(),
                  batch.size(),
                  ms);
              return outcome(item, c, r);
            }));
          }
          return Future.all(each).map(x -> each.stream().map(Future::result).toList());
        });
  }

  /** The lead's crm link after the push: its record after a success, the error after a failure for good. */
  private Future<Void> writeBack(Connection c, Lead lead, Outbox.Claimed item, PushResult r) {
    Instant now = clock.instant();
    Lead.CrmLink was = lead.bookkeeping().crm();
    Lead.CrmLink link;
    if (r.kind() == PushResult.Kind.PUSHED) {
      link = new Lead.CrmLink(c.system(), r.crmId(), now, null, null);
    } else if (r.kind() == PushResult.Kind.REJECTED || giveUp(item, r, now)) {
      link = new Lead.CrmLink(
          c.system(),
          was == null || !c.system().equals(was.system()) ? null : was.id(),
          was == null ? null : was.syncedAt(),
          r.error(),
          now);
    } else {
      return Future.succeededFuture();
    }
    return leads
        .updateServerFields(
            c.tenantId(),
            lead.id(),
            LeadModule.SYSTEM,
            "crm.push",
            l -> l.deleted()
                ? null
                : new LeadModule.ServerChange(l.toBuilder().crm(link).build(), List.of()))
        .<Void>mapEmpty()
        .recover(t -> {
          LOG.warn("crm link not written [lead={}]: {}", lead.id(), t.toString());
          return Future.succeededFuture();
        });
  }

  private boolean giveUp(Outbox.Claimed item, PushResult r, Instant now) {
    return next(item, r, now).isEmpty();
  }

  private Optional<Instant> next(Outbox.Claimed item, PushResult r, Instant now) {
    return retries.next(item.attempts(), now, item.windowStart(), r.retryAfter());
  }

  private Outbox.Outcome outcome(Outbox.Claimed item, Connection c, PushResult r) {
    Instant now = clock.instant();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(ERROR_FIELD, r.field());
    details.put(CRM_ID, r.crmId());
    if (r.kind() == PushResult.Kind.PUSHED) {
      return new Outbox.Outcome(
          item.id(),
          Outbox.DELIVERED,
          item.attempts(),
          now,
          null,
          r.status(),
          null,
          null,
          null,
          details);
    }
    Optional<Instant> next =
        r.kind() == PushResult.Kind.REJECTED ? Optional.empty() : next(item, r, now);
    String error = next.isPresent() || r.kind() == PushResult.Kind.REJECTED
        ? r.error()
        : r.error() + "; gave up after " + RetryPolicy.WINDOW.toDays() + " days";
    return new Outbox.Outcome(
        item.id(),
        next.isPresent() ? Outbox.PENDING : Outbox.FAILED,
        item.attempts(),
        now,
        next.orElse(null),
        r.status() == 0 ? null : r.status(),
        null,
        error,
        r.body(),
        details);
  }
}
