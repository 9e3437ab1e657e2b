package com.fieldlead.sync;

import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.ResultKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutation claims one push holds and has not completed yet ({@code keys}), renewed every
 * {@link PushService#RENEW_EVERY} while the push runs, so that no other request takes them over while they are being
 * processed, however long that takes. Used on the request's context only (like every other use of {@code keys}).
 */
final class HeldClaims {

  private static final Logger LOG = LoggerFactory.getLogger(HeldClaims.class);

  final Set<String> keys = new HashSet<>();
  private final SyncStores stores;
  private final Clock clock;
  private Context context;
  private long timer = -1;

  HeldClaims(SyncStores stores, Clock clock) {
    this.stores = stores;
    this.clock = clock;
  }

  /** Starts renewing (on the current Vert.x context; outside one there is nothing to renew on). */
  void start() {
    context = Vertx.currentContext();
    if (context != null) {
      timer = context
          .owner()
          .setPeriodic(
              PushService.RENEW_EVERY.toMillis(), id -> context.runOnContext(v -> renew()));
    }
  }

  private void renew() {
    stores
        .renew(List.copyOf(keys), clock.instant())
        .onFailure(e -> LOG.warn(
            "sync claims not renewed [claims={}]: another request may take them over",
            keys.size(),
            e));
  }

  /** Stops renewing (the push has answered or failed). */
  void stop() {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
    }
  }

  /**
   * Another request holds the mutation's claim: nothing is known yet. Not final: the app keeps the mutation and pushes
   * it again after {@code retryAfter} seconds (by then its processor answered, or the claim can be taken over).
   */
  static MutationResult inProgress(Mutation m, Instant takeover, Instant now) {
    long seconds = Math.max(1, (Duration.between(now, takeover).toMillis() + 999) / 1000);
    return new MutationResult(
        m.clientMutationId(),
        m.entityType(),
        m.entityId(),
        ResultKind.IN_PROGRESS,
        null,
        null,
        null,
        null,
        null,
        null,
        (int) Math.min(seconds, PushService.CLAIM_LEASE.toSeconds()),
        null);
  }
}
