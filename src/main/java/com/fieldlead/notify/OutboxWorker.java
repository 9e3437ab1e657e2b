package com.fieldlead.notify;

import com.fieldlead.auth.DeviceTokens;
import com.fieldlead.auth.DeviceTokens.PushToken;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.notify.model.Backoff;
import com.fieldlead.notify.model.Notification;
import com.fieldlead.notify.model.NotificationStatus;
import com.fieldlead.notify.model.PushMessage;
import com.fieldlead.notify.store.MongoNotifications;
import com.fieldlead.store.CallerTrace;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox. Every instance runs one: it claims due notifications with a lease (a conditional update, so two
 * instances never hold the same one), sends each to its user's current device tokens, forgets tokens FCM calls dead,
 * and writes the outcome while it still holds the lease: sent, retry later (exponential backoff with jitter,
 * Retry-After honoured), or dead after the last attempt. A crash between send and acknowledgement leaves the lease
 * to expire and another worker sends again: at most one repeat, which the collapse key folds on the phone.
 */
final class OutboxWorker {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
  static final int BATCH = 200;

  private final Vertx vertx;
  private final MongoNotifications store;
  private final DeviceTokens tokens;
  private final PushSender sender;
  private final SendGuard guard;
  private final Backoff backoff;
  private final Clock clock;
  private final FieldleadConfig.Push config;
  private final String id = "worker-" + UUID.randomUUID().toString().substring(0, 8);
  private Context context;
  private long timer = -1;
  private boolean running;
  private boolean again;
  private volatile Future<Integer> round;
  private volatile boolean stopped;

  OutboxWorker(
      Vertx vertx,
      MongoNotifications store,
      DeviceTokens tokens,
      PushSender sender,
      SendGuard guard,
      Backoff backoff,
      Clock clock,
      FieldleadConfig.Push config) {
    this.vertx = vertx;
    this.store = store;
    this.tokens = tokens;
    this.sender = sender;
    this.guard = guard;
    this.backoff = backoff;
    this.clock = clock;
    this.config = config;
  }

  /** Starts polling on the current (or a new) event-loop context. */
  void start() {
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> timer = vertx.setPeriodic(config.poll().toMillis(), t -> tick()));
  }

  /** No new round starts; answers once the round in progress (if any) is done. */
  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Future<Integer> current = round;
    return current == null
        ? Future.succeededFuture()
        : current.<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** Looks for due work now (a notification was just created). */
  void kick() {
    if (context != null && !stopped) {
      context.runOnContext(v -> tick());
    }
  }

  /** One round: claim and send until nothing due is left. Never two rounds at once on one worker. */
  private void tick() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    Future<Integer> current = runOnce();
    round = current;
    current.onComplete(ar -> {
      running = false;
      round = null;
      if (ar.failed()) {
        LOG.warn("outbox round failed [worker={}]", id, ar.cause());
      } else if (ar.result() >= BATCH || again) {
        tick();
      }
    });
  }

  /** Claims one batch and sends it; answers how many were claimed. */
  Future<Integer> runOnce() {
    Instant now = clock.instant();
    return store.claim(id, now, config.lease(), BATCH).compose(claimed -> {
      if (claimed.isEmpty()) {
        return Future.succeededFuture(0);
      }
      // a phone must never be told about a change a power loss could still undo
      return store.durable().compose(d -> tokensOf(claimed)).compose(byUser -> {
        List<Future<MongoNotifications.Finish>> sends = new ArrayList<>();
        for (Notification n : claimed) {
          sends.add(process(n, byUser.getOrDefault(n.tenantId() + "/" + n.userId(), List.of()))
              .recover(t -> {
                LOG.warn("push attempt failed [notification={}, worker={}]", n.id(), id, t);
                return Future.succeededFuture(
                    null); // the lease runs out and another attempt follows
              }));
        }
        // every outcome of the batch in one bulk write
        return Future.join(sends).compose(x -> {
          List<MongoNotifications.Finish> outcomes =
              sends.stream().map(Future::result).filter(Objects::nonNull).toList();
          return store.finishAll(outcomes).map(written -> {
            if (written < outcomes.size()) {
              LOG.warn(
                  "push outcomes not recorded, lease lost [count={}, worker={}]",
                  outcomes.size() - written,
                  id);
            }
            return claimed.size();
          });
        });
      });
    });
  }

  /** Device tokens of every claimed notification's user: one query per tenant. */
  private Future<Map<String, List<PushToken>>> tokensOf(List<Notification> claimed) {
    Map<String, Set<String>> usersByTenant = new LinkedHashMap<>();
    claimed.forEach(n ->
        usersByTenant.computeIfAbsent(n.tenantId(), k -> new LinkedHashSet<>()).add(n.userId()));
    List<Future<Map<String, List<PushToken>>>> lookups = new ArrayList<>();
    usersByTenant.forEach((tenant, users) -> lookups.add(tokens
        .tokens(tenant, users)
        .map(
            list -> list.stream().collect(Collectors.groupingBy(t -> tenant + "/" + t.userId())))));
    return Future.all(lookups).map(all -> {
      Map<String, List<PushToken>> out = new HashMap<>();
      for (int i = 0; i < all.size(); i++) {
        out.putAll(all.<Map<String, List<PushToken>>>resultAt(i));
      }
      return out;
    });
  }

  private Future<MongoNotifications.Finish> process(Notification n, List<PushToken> userTokens) {
    return guard.stillWanted(n).compose(wanted -> {
      Instant now = clock.instant();
      if (!wanted) {
        return finish(
            n, NotificationStatus.SKIPPED, null, null, null, n.deliveredDevices(), null, null);
      }
      List<PushToken> targets = TokenSelection.select(
          userTokens, new HashSet<>(n.deliveredDevices()), now, config.tokenStaleAfter());
      if (targets.isEmpty()) {
        NotificationStatus s =
            n.deliveredDevices().isEmpty() ? NotificationStatus.NO_DEVICE : NotificationStatus.SENT;
        return finish(n, s, null, null, null, n.deliveredDevices(), null, null);
      }
      PushMessage message = PushPayloads.fit(n.push());
      List<String> raw = targets.stream().map(PushToken::token).toList();
      return send(n, message, raw)
          .recover(t -> Future.succeededFuture(raw.stream()
              .map(x -> new PushSender.Result(PushSender.Outcome.RETRY, String.valueOf(t), null))
              .toList()))
          .compose(results -> settle(n, message, targets, results));
    });
  }

  /**
   * The send, in a client span that continues the trace of the request that caused the notification when tracing is
   * on (README, Tracing): a child of that request's span, though it starts after the request answered.
   */
  private Future<List<PushSender.Result>> send(
      Notification n, PushMessage message, List<String> raw) {
    CallerTrace trace = CallerTrace.current();
    if (trace == null) {
      return sender.send(message, raw);
    }
    return trace.clientSpan(
        n.traceparent(),
        sender.name() + " send",
        Map.of(
            "messaging.system", sender.name(),
            "messaging.operation.name", "send",
            "messaging.batch.message_count", String.valueOf(raw.size()),
            "fieldlead.notification.kind", n.kind().wire(),
            "fieldlead.notification.attempt", String.valueOf(n.attempts())),
        () -> sender.send(message, raw));
  }

  private Future<MongoNotifications.Finish> settle(
      Notification n,
      PushMessage message,
      List<PushToken> targets,
      List<PushSender.Result> results) {
    Instant now = clock.instant();
    List<String> delivered = new ArrayList<>(n.deliveredDevices());
    List<Future<Boolean>> removals = new ArrayList<>();
    boolean retry = false;
    Duration retryAfter = null;
    String lastError = null;
    for (int i = 0; i < targets.size(); i++) {
      PushToken t = targets.get(i);
      PushSender.Result r = i < results.size()
          ? results.get(i)
          : new PushSender.Result(PushSender.Outcome.RETRY, "no result", null);
      switch (r.outcome()) {
        case DELIVERED -> delivered.add(t.deviceId());
        case TOKEN_INVALID -> {
          LOG.info(
              "push token removed [device={}, user={}, reason={}]",
              t.deviceId(),
              n.userId(),
              r.detail());
          removals.add(tokens.removeToken(n.tenantId(), t.deviceId(), t.token()));
        }
        case RETRY -> {
          retry = true;
          lastError = r.detail();
          if (r.retryAfter() != null
              && (retryAfter == null || r.retryAfter().compareTo(retryAfter) > 0)) {
            retryAfter = r.retryAfter();
          }
        }
        case FAILED -> lastError = r.detail();
      }
    }
    Map<String, Object> logged = "log".equals(sender.name()) ? loggedPayload(message) : null;
    NotificationStatus status;
    Instant next = null;
    if (retry && !backoff.exhausted(n.attempts())) {
      status = NotificationStatus.PENDING;
      next = now.plus(backoff.delay(n.attempts(), retryAfter));
    } else if (!delivered.isEmpty()) {
      status = NotificationStatus.SENT;
    } else if (retry || lastError != null) {
      status = NotificationStatus.DEAD;
      LOG.warn(
          "push dead-lettered [notification={}, attempts={}, error={}]",
          n.id(),
          n.attempts(),
          lastError);
    } else {
      status = NotificationStatus.NO_DEVICE; // every token was dead
    }
    Instant sentAt = delivered.size() > n.deliveredDevices().size() ? now : null;
    NotificationStatus fin = status;
    Instant nextAt = next;
    String error = lastError;
    return Future.join(removals)
        .transform(x -> finish(n, fin, nextAt, sentAt, sender.name(), delivered, error, logged));
  }

  private Future<MongoNotifications.Finish> finish(
      Notification n,
      NotificationStatus status,
      Instant next,
      Instant sentAt,
      String by,
      List<String> delivered,
      String error,
      Map<String, Object> logged) {
    LOG.debug(
        "push {} [notification={}, kind={}, user={}, attempt={}, devices={}]",
        status.wire(),
        n.id(),
        n.kind().wire(),
        n.userId(),
        n.attempts(),
        delivered.size());
    return Future.succeededFuture(
        new MongoNotifications.Finish(n, status, next, sentAt, by, delivered, error, logged));
  }

  private static Map<String, Object> loggedPayload(PushMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("title", m.title());
    out.put("body", m.body());
    out.put("data", new LinkedHashMap<>(m.data()));
    out.put("collapseKey", m.collapseKey());
    return out;
  }

  String id() {
    return id;
  }
}
