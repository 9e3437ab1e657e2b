package com.fieldlead.webhook;

import com.fieldlead.crypto.SecretBox;
import com.fieldlead.outbox.Outbox;
import com.fieldlead.outbox.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's webhook sender: every poll (and at once when the fan-out queued something here), claims due
 * deliveries ({@link Outbox#claim}), signs and sends them side by side, writes every outcome back in one bulk
 * write, and keeps each subscription's health: a success clears {@code failingSince}, a failure starts it, and a
 * subscription failing for longer than {@code disableAfter} is disabled (logged at WARN and shown on the
 * subscription). Every instance runs one; the claims keep them apart.
 */
final class DeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  static final int BATCH = 500;
  static final Duration LEASE = Duration.ofSeconds(90);

  private final Vertx vertx;
  private final Outbox deliveries;
  private final MongoWebhooks subscriptions;
  private final WebhookSender sender;
  private final SecretBox secrets;
  private final RetryPolicy retries;
  private final Clock clock;
  private final Duration disableAfter;
  private final String owner;
  static final int IN_FLIGHT = 2;
  private final Set<Future<Integer>> running = new HashSet<>();
  private long timer = -1;
  private boolean claiming;
  private int inFlight;
  private boolean again;
  private volatile boolean stopped;

  DeliveryWorker(
      Vertx vertx,
      Outbox deliveries,
      MongoWebhooks subscriptions,
      WebhookSender sender,
      SecretBox secrets,
      RetryPolicy retries,
      Clock clock,
      Duration disableAfter,
      String owner) {
    this.vertx = vertx;
    this.deliveries = deliveries;
    this.subscriptions = subscriptions;
    this.sender = sender;
    this.secrets = secrets;
    this.retries = retries;
    this.clock = clock;
    this.disableAfter = disableAfter;
    this.owner = owner;
  }

  /** Starts polling every {@code poll}; call from a Vert.x context. */
  void start(Duration poll) {
    timer = vertx.setPeriodic(poll.toMillis(), id -> wake());
  }

  /**
   * Claims and sends until a claim finds nothing, with up to {@value #IN_FLIGHT} claimed batches being sent at once: the
   * next claim starts as soon as the previous one has answered, while its batch is still being sent (the claims keep
   * the batches apart; a chain's later deliveries wait behind its head, which a batch in flight holds).
   */
  void wake() {
    vertx.runOnContext(v -> pump());
  }

  private void pump() {
    if (stopped) {
      return;
    }
    if (claiming || inFlight >= IN_FLIGHT) {
      again = true;
      return;
    }
    claiming = true;
    again = false;
    Future<Integer> claimedNow = claimAndSend();
    claimedNow.onComplete(ar -> {
      claiming = false;
      if (ar.failed()) {
        LOG.warn("webhook deliveries failed to run: {}", ar.cause().toString());
      }
      if ((ar.succeeded() && ar.result() > 0) || again) {
        pump();
      }
    });
  }

  /** Claims a batch and starts sending it; answers once claimed (the number), the sends go on. */
  private Future<Integer> claimAndSend() {
    return deliveries.claim(owner, BATCH, LEASE, clock.instant()).map(claimed -> {
      if (claimed.isEmpty()) {
        return 0;
      }
      inFlight++;
      Future<Integer> sent = send(claimed);
      running.add(sent);
      sent.onComplete(ar -> {
        running.remove(sent);
        inFlight--;
        if (ar.failed()) {
          LOG.warn("webhook batch failed: {}", ar.cause().toString());
        }
        pump();
      });
      return claimed.size();
    });
  }

  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.join(new ArrayList<>(running)).<Void>mapEmpty().otherwiseEmpty();
  }

  /** One round here, now: claim, send, record; the number claimed (tests drive instances with it). */
  Future<Integer> runOnce() {
    return deliveries
        .claim(owner, BATCH, LEASE, clock.instant())
        .compose(claimed -> claimed.isEmpty() ? Future.succeededFuture(0) : send(claimed));
  }

  /** Sends a claimed batch side by side and records the outcomes; the number sent. */
  private Future<Integer> send(List<Outbox.Claimed> claimed) {
    List<String> subIds =
        claimed.stream().map(Outbox.Claimed::target).distinct().toList();
    return subscriptions.byIds(subIds).compose(subs -> {
      Map<String, Subscription> byId = new HashMap<>();
      subs.forEach(s -> byId.put(s.id(), s));
      List<Future<Outbox.Outcome>> sends = new ArrayList<>();
      for (Outbox.Claimed c : claimed) {
        sends.add(attempt(c, byId.get(c.target())));
      }
      return Future.all(sends).compose(all -> {
        List<Outbox.Outcome> outcomes = all.list();
        return deliveries
            .record(outcomes)
            .compose(v -> health(claimed, outcomes, byId))
            .map(v -> claimed.size());
      });
    });
  }

  private Future<Outbox.Outcome> attempt(Outbox.Claimed c, Subscription sub) {
    Instant now = clock.instant();
    if (sub == null || !sub.enabled()) {
      String why = sub == null ? "subscription deleted" : "subscription disabled";
      return Future.succeededFuture(new Outbox.Outcome(
          c.id(), Outbox.FAILED, c.attempts(), now, null, null, null, why, null));
    }
    byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
    List<String> keys = new ArrayList<>();
    try {
      for (String sealed : sub.sealedSecretsAt(now)) {
        keys.add(secrets.open(sub.id(), sealed));
      }
    } catch (IllegalStateException e) {
      // this instance cannot read the secret (FIELDLEAD_WEBHOOK_SECRET_KEY unset or different):
      // retried
      // like a failed send, so an instance configured right can deliver it, and given up after 3
      // days
      LOG.error("webhook secret unreadable [subscription={}]: {}", sub.id(), e.getMessage());
      return Future.succeededFuture(
          outcome(c, new WebhookSender.Result(0, null, null, e.getMessage(), 0)));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(Signatures.HEADER, Signatures.header(now.getEpochSecond(), body, keys));
    headers.put("Fieldlead-Event-Id", c.eventId());
    headers.put("Fieldlead-Event-Type", c.eventType());
    headers.put("Fieldlead-Delivery-Id", c.id());
    headers.put("Fieldlead-Delivery-Attempt", Integer.toString(c.attempts()));
    return sender.send(sub.url(), body, headers).map(r -> outcome(c, r));
  }

  private Outbox.Outcome outcome(Outbox.Claimed c, WebhookSender.Result r) {
    Instant now = clock.instant();
    Integer status = r.error() == null ? r.status() : null;
    if (r.delivered()) {
      return new Outbox.Outcome(
          c.id(), Outbox.DELIVERED, c.attempts(), now, null, status, r.latencyMs(), null, r.body());
    }
    String error = r.error() != null ? r.error() : "HTTP " + r.status();
    Optional<Instant> next = retries.next(
        c.attempts(), now, c.windowStart(), RetryPolicy.retryAfter(r.retryAfter(), now));
    LOG.debug(
        "webhook delivery failed [delivery={}, attempt={}, error={}]", c.id(), c.attempts(), error);
    return new Outbox.Outcome(
        c.id(),
        next.isPresent() ? Outbox.PENDING : Outbox.FAILED,
        c.attempts(),
        now,
        next.orElse(null),
        status,
        r.latencyMs(),
        next.isPresent()
            ? error
            : error + "; gave up after " + RetryPolicy.WINDOW.toDays() + " days",
        r.body());
  }

  /** Per subscription in this round: healthy on any success, else failing, and disabled after too long. */
  private Future<Void> health(
      List<Outbox.Claimed> claimed, List<Outbox.Outcome> outcomes, Map<String, Subscription> subs) {
    Map<String, Boolean> anySuccess = new LinkedHashMap<>();
    for (int i = 0; i < claimed.size(); i++) {
      Subscription s = subs.get(claimed.get(i).target());
      if (s == null || !s.enabled()) {
        continue;
      }
      boolean ok = Outbox.DELIVERED.equals(outcomes.get(i).status());
      anySuccess.merge(s.id(), ok, Boolean::logicalOr);
    }
    Instant now = clock.instant();
    List<Future<?>> writes = new ArrayList<>();
    anySuccess.forEach((id, ok) -> {
      Subscription s = subs.get(id);
      if (ok) {
        if (s.failingSince() != null) {
          writes.add(subscriptions.healthy(id));
        }
      } else if (s.failingSince() == null) {
        writes.add(subscriptions.failing(id, now));
      } else if (!s.failingSince().plus(disableAfter).isAfter(now)) {
        String reason = "every delivery failed since " + s.failingSince();
        writes.add(subscriptions.disable(id, reason, now).onSuccess(done -> {
          if (done) {
            LOG.warn(
                "webhook subscription disabled [tenant={}, subscription={}, url={}, reason={}]",
                s.tenantId(),
                id,
                s.url(),
                reason);
          }
        }));
      }
    });
    return Future.all(writes).mapEmpty();
  }
}
