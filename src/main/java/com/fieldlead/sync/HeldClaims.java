package com.fieldlead.sync;

import com.fieldlead.auth.Principal;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.SyncJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutation claims of one push (idempotency, sync invariant 4): claimed before they are applied ({@link #claim},
 * the verdict on each by {@link ClaimVerdict}), completed with their results ({@link #complete}) or released when
 * their processing failed ({@link #release}). The claims held and not completed yet are renewed every {@link
 * PushService#RENEW_EVERY} while the push runs, so that no other request takes them over while they are being
 * processed, however long that takes. Used on the request's context only: no locking.
 */
final class HeldClaims {

  private static final Logger LOG = LoggerFactory.getLogger(HeldClaims.class);

  private final Set<String> keys = new HashSet<>();
  private final SyncStores stores;
  private final Clock clock;
  private final Principal p;
  private final String deviceId;
  private Context context;
  private long timer = -1;

  HeldClaims(SyncStores stores, Clock clock, Principal p, String deviceId) {
    this.stores = stores;
    this.clock = clock;
    this.p = p;
    this.deviceId = deviceId;
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
   * Claims {@code ms} with one insert, and answers the verdict on each, in order: claimed now, answered (a replay, a
   * mutation a live push holds), or taken over from a push that stopped renewing its claim (then what its first attempt
   * stored but did not finish has to be finished before it is applied again).
   */
  Future<List<ClaimVerdict>> claim(List<Mutation> ms) {
    if (ms.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Instant now = clock.instant();
    List<String> cmids = ms.stream().map(Mutation::clientMutationId).toList();
    return stores.claim(p.tenantId(), p.userId(), deviceId, cmids, now).compose(before -> {
      List<Future<ClaimVerdict>> verdicts = new ArrayList<>();
      for (Mutation m : ms) {
        String key = key(m);
        ClaimVerdict.Stored prior = before.get(key);
        if (prior == null) {
          keys.add(key);
          verdicts.add(Future.succeededFuture(ClaimVerdict.CLAIMED));
          continue;
        }
        ClaimVerdict verdict = ClaimVerdict.of(m, prior, now, PushService.CLAIM_LEASE);
        verdicts.add(
            verdict instanceof ClaimVerdict.Stale stale
                ? takeOver(m, stale.claimedAt(), now)
                : Future.succeededFuture(verdict));
      }
      return Future.all(verdicts).map(all -> all.<ClaimVerdict>list());
    });
  }

  /** Takes over the stale claim of {@code m}: claimed, or in progress when another retry took it over just now. */
  private Future<ClaimVerdict> takeOver(Mutation m, Instant claimedAt, Instant now) {
    String key = key(m);
    return stores.reclaim(key, claimedAt, now).map(taken -> {
      if (!taken) {
        return new ClaimVerdict.Answered(PushResults.inProgress(
            m, now.plus(PushService.CLAIM_LEASE), now, PushService.CLAIM_LEASE));
      }
      LOG.info(
          "sync mutation taken over [tenant={}, user={}, device={}, mutation={}, claimedAt={}]",
          p.tenantId(),
          p.userId(),
          deviceId,
          m.clientMutationId(),
          claimedAt);
      keys.add(key);
      return new ClaimVerdict.Claimed(true);
    });
  }

  /** Stores the results of claimed mutations with one write: their claims are done (no longer held). */
  Future<Void> complete(List<Mutation> ms, List<MutationResult> results) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (int k = 0; k < ms.size(); k++) {
      byKey.put(key(ms.get(k)), SyncJson.write(results.get(k)));
    }
    return stores.complete(byKey).onSuccess(v -> keys.removeAll(byKey.keySet()));
  }

  /** Drops the claims of mutations whose processing failed unexpectedly, so a retry processes them again. */
  Future<Void> release(List<Mutation> ms) {
    List<String> released = ms.stream().map(this::key).toList();
    released.forEach(keys::remove);
    return stores.release(released);
  }

  private String key(Mutation m) {
    return SyncStores.mutationKey(p.tenantId(), p.userId(), deviceId, m.clientMutationId());
  }
}
