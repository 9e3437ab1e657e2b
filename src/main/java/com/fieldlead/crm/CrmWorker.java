package com.fieldlead.crm;

import com.fieldlead.lead.Lead;
import com.fieldlead.lead.LeadModule;
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
 * pushes it with the connection's session (an access token refused once is refreshed once and the push tried once
 * more), writes the outcomes back in one bulk write and the lead's {@code crm} link (id and time after a success,
 * the error after a failure for good). A rejection (mapping or validation) fails at once; a rate limit, an outage or a
 * refused refresh is retried with backoff for 3 days, never before the CRM's {@code Retry-After}.
 */
final class CrmWorker {

  private static final Logger LOG = LoggerFactory.getLogger(CrmWorker.class);
  static final int BATCH = 50;
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
    List<String> ids = claimed.stream().map(Outbox.Claimed::target).distinct().toList();
    return connections.byIds(ids).compose(found -> {
      Map<String, Connection> byId = new HashMap<>();
      found.forEach(c -> byId.put(c.id(), c));
      Map<String, Future<Sessions.Session>> refreshed = new HashMap<>();
      List<Future<Outbox.Outcome>> all = new ArrayList<>();
      for (Outbox.Claimed c : claimed) {
        all.add(attempt(c, byId.get(c.target()), refreshed)
            .recover(t -> Future.succeededFuture(
                outcome(c, null, PushResult.retry(0, t.toString(), null, null)))));
      }
      return Future.all(all).compose(done -> outbox.record(done.list()).map(v -> claimed.size()));
    });
  }

  private Future<Outbox.Outcome> attempt(
      Outbox.Claimed item, Connection c, Map<String, Future<Sessions.Session>> refreshed) {
    if (c == null || !c.enabled() || !c.connected()) {
      String why = c == null
          ? "connection deleted"
          : !c.enabled() ? "connection disabled" : "connection not authorized";
      return Future.succeededFuture(outcome(item, c, PushResult.rejected(0, why, null, null)));
    }
    return leads.lead(c.tenantId(), item.leadId()).compose(found -> {
      if (found.isEmpty() || found.get().deleted()) {
        return Future.succeededFuture(
            outcome(item, c, PushResult.rejected(0, "lead deleted", null, null)));
      }
      Lead lead = found.get();
      CrmApi api = apis.get(c.system());
      long start = System.nanoTime();
      return sessions
          .current(c)
          .compose(s -> api.push(s.accessToken(), s.instanceUrl(), c, lead))
          .compose(r -> r.kind() != PushResult.Kind.UNAUTHORIZED
              ? Future.succeededFuture(r)
              : refreshed
                  .computeIfAbsent(c.id(), k -> sessions.refreshed(c))
                  .compose(s -> api.push(s.accessToken(), s.instanceUrl(), c, lead))
                  .map(again -> again.kind() == PushResult.Kind.UNAUTHORIZED
                      ? PushResult.retry(
                          again.status(),
                          "refused after a token refresh: " + again.error(),
                          null,
                          again.body())
                      : again))
          .recover(t -> Future.succeededFuture(
              t instanceof OAuthClient.TokenException e
                  ? PushResult.retry(
                      0,
                      e.getMessage()
                          + (e.retryable() ? "" : "; reconnect the CRM (POST .../authorize)"),
                      null,
                      null)
                  : PushResult.retry(0, t.toString(), null, null)))
          .compose(r -> writeBack(c, lead, item, r).map(v -> {
            LOG.info(
                "crm push [tenant={}, connection={}, lead={}, result={}, status={}, ms={}]",
                c.tenantId(),
                c.id(),
                lead.id(),
                r.kind(),
                r.status(),
                (System.nanoTime() - start) / 1_000_000);
            return outcome(item, c, r);
          }));
    });
  }

  /** The lead's crm link after the push: its record after a success, the error after a failure for good. */
  private Future<Void> writeBack(Connection c, Lead lead, Outbox.Claimed item, PushResult r) {
    Instant now = clock.instant();
    Lead.CrmLink was = lead.crm();
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
