package com.fieldlead.webhook;

import com.fieldlead.auth.Principal;
import com.fieldlead.crypto.SecretBox;
import com.fieldlead.outbox.Outbox;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.conversions.Bson;

/**
 * The admin side of webhooks: subscriptions of the caller's tenant (create with a secret shown once, read, change,
 * delete, rotate the secret with an overlap), their delivery log and redelivery. A URL is checked when it is set (its
 * scheme, and every address its host resolves to) and again at every delivery.
 */
final class WebhookService {

  /** The event types a subscription may name (the durable domain events the server records). */
  static final List<String> EVENT_TYPES = List.of("lead.hot", "lead.assigned", "sla.breached");

  static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

  private final MongoWebhooks subscriptions;
  private final Outbox deliveries;
  private final UrlPolicy policy;
  private final WebhookSender sender;
  private final SecretBox secrets;
  private final Clock clock;
  private final Runnable wake;

  WebhookService(
      MongoWebhooks subscriptions,
      Outbox deliveries,
      UrlPolicy policy,
      WebhookSender sender,
      SecretBox secrets,
      Clock clock,
      Runnable wake) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    this.policy = policy;
    this.sender = sender;
    this.secrets = secrets;
    this.clock = clock;
    this.wake = wake;
  }

  /** A new subscription and its secret (the only time the secret is answered). */
  Future<Map<String, Object>> create(Principal p, WebhookInput in) {
    List<String> events = events(in.events());
    return checkedUrl(in.url()).compose(url -> {
      Instant now = clock.instant();
      String id = UUID.randomUUID().toString();
      String secret = Signatures.newSecret();
      Subscription s = new Subscription(
          id,
          p.tenantId(),
          url,
          events,
          in.enabled() == null || in.enabled(),
          in.description(),
          secrets.seal(id, secret),
          null,
          null,
          now,
          p.userId(),
          now,
          null,
          null,
          null);
      return subscriptions.insert(s).map(v -> Subscription.withSecret(s.view(now), secret));
    });
  }

  Future<List<Subscription.View>> list(Principal p) {
    Instant now = clock.instant();
    return subscriptions
        .list(p.tenantId())
        .map(all -> all.stream().map(s -> s.view(now)).toList());
  }

  Future<Subscription.View> get(Principal p, String id) {
    return found(p, id).map(s -> s.view(clock.instant()));
  }

  /**
   * Changes what the body names; turning a subscription on clears why it was disabled and its failure clock
   * (deliveries that failed meanwhile can be redelivered).
   */
  Future<Subscription.View> update(Principal p, String id, WebhookInput in) {
    Future<String> url = in.url() == null ? Future.succeededFuture(null) : checkedUrl(in.url());
    List<String> events = in.events() == null ? null : events(in.events());
    return url.compose(u -> {
      Instant now = clock.instant();
      List<Bson> sets = new ArrayList<>();
      sets.add(Updates.set(MongoWebhooks.UPDATED_AT, Date.from(now)));
      if (u != null) {
        sets.add(Updates.set(MongoWebhooks.URL, u));
      }
      if (events != null) {
        sets.add(Updates.set(MongoWebhooks.EVENTS, events));
      }
      if (in.description() != null) {
        sets.add(Updates.set(MongoWebhooks.DESCRIPTION, in.description()));
      }
      if (in.enabled() != null) {
        sets.add(Updates.set(MongoWebhooks.ENABLED, in.enabled()));
        if (in.enabled()) {
          sets.add(Updates.unset(MongoWebhooks.DISABLED_AT));
          sets.add(Updates.unset(MongoWebhooks.DISABLED_REASON));
          sets.add(Updates.unset(MongoWebhooks.FAILING_SINCE));
        }
      }
      return subscriptions
          .update(p.tenantId(), id, Updates.combine(sets))
          .map(s ->
              s.orElseThrow(() -> ProblemException.notFound("webhook " + id)).view(now));
    });
  }

  Future<Void> delete(Principal p, String id) {
    return subscriptions.delete(p.tenantId(), id).map(deleted -> {
      if (!deleted) {
        throw ProblemException.notFound("webhook " + id);
      }
      return null;
    });
  }

  /**
   * A new secret, answered once; the current one goes on signing beside it (a second {@code v1}) for
   * {@code overlapSeconds} (default 24 h, 0 ends it at once), so receivers can switch without missing a delivery.
   */
  Future<Map<String, Object>> rotate(Principal p, String id, Integer overlapSeconds) {
    Duration overlap =
        overlapSeconds == null ? DEFAULT_OVERLAP : Duration.ofSeconds(overlapSeconds);
    return found(p, id).compose(s -> {
      Instant now = clock.instant();
      String secret = Signatures.newSecret();
      Bson update = Updates.combine(
          Updates.set(MongoWebhooks.SECRET, secrets.seal(id, secret)),
          Updates.set(MongoWebhooks.PREVIOUS_SECRET, s.sealedSecret()),
          Updates.set(MongoWebhooks.PREVIOUS_SECRET_UNTIL, Date.from(now.plus(overlap))),
          Updates.set(MongoWebhooks.UPDATED_AT, Date.from(now)));
      return subscriptions
          .update(p.tenantId(), id, update)
          .map(after -> Subscription.withSecret(
              after
                  .orElseThrow(() -> ProblemException.notFound("webhook " + id))
                  .view(now),
              secret));
    });
  }

  Future<List<Delivery>> deliveries(Principal p, String id, String status, int limit) {
    return found(p, id)
        .compose(s -> deliveries.list(p.tenantId(), id, status, limit))
        .map(docs -> docs.stream().map(Delivery::of).toList());
  }

  /** Sends a delivery again (a 409 while a worker is sending it). */
  Future<Delivery> redeliver(Principal p, String id, String deliveryId) {
    return found(p, id)
        .compose(s -> deliveries.find(p.tenantId(), id, deliveryId))
        .compose(d -> {
          if (d.isEmpty()) {
            throw ProblemException.notFound("delivery " + deliveryId);
          }
          return deliveries.reserve(1);
        })
        .compose(seq -> deliveries.redeliver(p.tenantId(), id, deliveryId, seq, clock.instant()))
        .map(d -> {
          wake.run();
          return d.map(Delivery::of)
              .orElseThrow(() -> new ProblemException(
                  ErrorCode.CONFLICT, "the delivery is being sent right now; try again shortly"));
        });
  }

  private Future<Subscription> found(Principal p, String id) {
    return subscriptions
        .find(p.tenantId(), id)
        .map(s -> s.orElseThrow(() -> ProblemException.notFound("webhook " + id)));
  }

  private static List<String> events(List<String> types) {
    for (int i = 0; i < types.size(); i++) {
      if (!EVENT_TYPES.contains(types.get(i))) {
        throw ProblemException.invalidField(
            "/events/" + i, "enum", "must be one of " + String.join(", ", EVENT_TYPES));
      }
    }
    return List.copyOf(new LinkedHashSet<>(types));
  }

  /** The URL when its scheme and every address its host resolves to are allowed; otherwise a 400 naming /url. */
  private Future<String> checkedUrl(String url) {
    UrlPolicy.Target target = policy.parse(url);
    return sender.resolve(target.host()).map(a -> url).recover(t -> {
      if (t instanceof ProblemException) {
        return Future.failedFuture(t);
      }
      if (t instanceof UnknownHostException) {
        return Future.failedFuture(
            UrlPolicy.invalid("host " + target.host() + " does not resolve"));
      }
      return Future.failedFuture(t);
    });
  }
}
