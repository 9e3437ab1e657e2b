package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.MutationApplier.Outcome;
import com.fieldlead.sync.PushPlan.Batch;
import com.fieldlead.sync.PushPlan.Kind;
import com.fieldlead.sync.PushPlan.Member;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.ProtocolDialect;
import com.fieldlead.sync.protocol.PushResponse;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sync/push} (sync invariants 1, 4, 5, 6): wires a push's plan, claims, writes and answer together.
 * The decisions are pure: {@link PushPlan} (which mutations go together, the order per entity, the in-flight window),
 * {@link ClaimVerdict} (a replay, a mutation in progress elsewhere, a claim to take over) and {@link PushResults} (the
 * results besides the features' own). {@link MutationApplier} applies a batch through the features, {@link
 * HeldClaims} claims, renews, completes and releases, {@link Inbox} keeps rejections and conflicts for review.
 *
 * <p>Lead creates and updates that no other mutation of the push touches go first, in batches of {@link #BATCH} (one
 * claim insert, for updates one read and the field merge each, one insert or bulk write, one history insert, one
 * result write), {@link #BATCHES_IN_FLIGHT} at a time; every other mutation is a batch of one. Mutations that touch
 * the same entity (or an activity or task and its lead) are processed one after another in the order sent, others side
 * by side, up to {@link #IN_FLIGHT} at a time; the results answer in the order sent. A replay answers {@code
 * duplicate} with the first result and applies nothing twice; a mutation whose claim a live request holds answers
 * {@code in_progress}; a claim not renewed for {@link #CLAIM_LEASE} (its processor died) is taken over and processed
 * again. A rejected mutation is kept for review and never stops the ones after it; only an unexpected failure (the
 * database) fails the request, after releasing its claims, and nothing starts after it, so the retry resumes in order.
 */
final class PushService {

  /** A pending claim not renewed for this long belongs to a push that is gone (its instance died): taken over. */
  static final Duration CLAIM_LEASE = Duration.ofSeconds(20);
  /** How often a push renews the claims it holds (well below {@link #CLAIM_LEASE}). */
  static final Duration RENEW_EVERY = Duration.ofSeconds(5);
  /** Mutations of one push processed one by one side by side (when they touch different entities). */
  static final int IN_FLIGHT = 8;
  /** How many lead creates or updates one batch holds (one insert or bulk write each). */
  static final int BATCH = 100;
  /** How many batches of several of one push are in flight at a time. */
  static final int BATCHES_IN_FLIGHT = 2;

  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

  private final SyncStores stores;
  private final MutationApplier applier;
  private final Inbox inbox;
  private final DeviceStates devices;
  private final Clock clock;
  private final List<Consumer<List<MutationResult>>> resultListeners = new CopyOnWriteArrayList<>();

  PushService(
      SyncStores stores, MutationApplier applier, Inbox inbox, DeviceStates devices, Clock clock) {
    this.stores = stores;
    this.applier = applier;
    this.inbox = inbox;
    this.devices = devices;
    this.clock = clock;
  }

  Future<PushResponse> push(
      Principal p,
      String deviceId,
      int protocolVersion,
      String appVersion,
      List<JsonNode> mutations) {
    Push push = new Push(
        p,
        deviceId,
        new HeldClaims(stores, clock, p, deviceId),
        new PushRun(PushPlan.of(mutations, IN_FLIGHT, BATCH), BATCHES_IN_FLIGHT));
    push.claims().start();
    return push.run()
        .run(batch -> apply(push, batch))
        .onComplete(x -> push.claims().stop())
        .map(results -> {
          // the managers' view of the device: recorded beside the answer, which does not wait for
          // it
          // (as a pull's)
          devices.pushed(p, deviceId, protocolVersion, appVersion, clock.instant());
          resultListeners.forEach(l -> l.accept(results));
          return ProtocolDialect.push(protocolVersion, results);
        });
  }

  /** Tells {@code listener} the results of every push answered (metrics); it must not block nor fail. */
  void onResults(Consumer<List<MutationResult>> listener) {
    resultListeners.add(listener);
  }

  /** Creates and updates pass the API's own body validation ({@link MutationApplier#checkChangesWith}). */
  void checkChangesWith(Map<ChangeChecks.Kind, Function<JsonNode, List<FieldError>>> checks) {
    applier.checkChangesWith(checks);
  }

  /** One push in progress: who pushes from which device, its claims, its run in the plan's order. */
  private record Push(Principal p, String deviceId, HeldClaims claims, PushRun run) {}

  /**
   * Applies one batch: reads its mutations, claims them ({@link HeldClaims#claim}), answers those claimed before (a
   * replay, a mutation a live push holds), finishes what a dead push's first attempt left of those taken over, and
   * applies the rest together. Each mutation answered gets its result in its {@link PushRun}.
   */
  private Future<Void> apply(Push push, Batch batch) {
    return read(push, batch)
        .compose(members -> push.claims()
            .claim(mutations(members))
            .compose(verdicts -> toApply(push, members, verdicts)))
        .compose(mine -> mine.isEmpty()
            ? Future.<Void>succeededFuture()
            : applyClaimed(push, batch.kind(), mine));
  }

  /**
   * A batch's members with their mutations. A batch of several holds mutations the plan has read; a batch of one reads
   * its own ({@link PushResults#read}) and rejects a body that is not a mutation or has no usable client mutation id
   * (nothing to claim: none).
   */
  private Future<List<Member>> read(Push push, Batch batch) {
    if (batch.kind() != Kind.ONE) {
      return Future.succeededFuture(batch.members());
    }
    Member one = batch.members().get(0);
    PushResults.Read read = PushResults.read(one.index(), one.raw());
    if (read.refused() == null) {
      return Future.succeededFuture(List.of(new Member(one.index(), one.raw(), read.mutation())));
    }
    return inbox
        .reject(push.p(), push.deviceId(), one.raw(), read.mutation(), read.refused())
        .map(r -> {
          push.run().answer(one.index(), r);
          return List.of();
        });
  }

  /**
   * Of {@code members}, those to apply now: claimed by this push, or taken over from a push that died, once what its
   * first attempt stored but did not finish is finished (listeners, history). The others are answered by their
   * verdict.
   */
  private Future<List<Member>> toApply(
      Push push, List<Member> members, List<ClaimVerdict> verdicts) {
    List<Future<Boolean>> apply = new ArrayList<>();
    for (int k = 0; k < members.size(); k++) {
      Member member = members.get(k);
      ClaimVerdict verdict = verdicts.get(k);
      if (verdict instanceof ClaimVerdict.Answered answered) {
        push.run().answer(member.index(), answered.result());
        apply.add(Future.succeededFuture(false));
      } else if (verdict instanceof ClaimVerdict.Claimed claimed && claimed.takenOver()) {
        apply.add(applier
            .settle(push.p(), push.deviceId(), member.m())
            .map(true)
            .recover(e ->
                push.claims().release(List.of(member.m())).transform(x -> Future.failedFuture(e))));
      } else {
        apply.add(Future.succeededFuture(true));
      }
    }
    return joined(apply).map(v -> {
      List<Member> mine = new ArrayList<>();
      for (int k = 0; k < members.size(); k++) {
        if (apply.get(k).result()) {
          mine.add(members.get(k));
        }
      }
      return mine;
    });
  }

  /**
   * Applies claimed mutations of one batch ({@link MutationApplier#apply}) and answers each: a result with its
   * conflicts kept, a refusal rejected and kept, then the results stored with one write (their claims are done). An
   * unexpected failure releases their claims and fails, so that a retry processes them again.
   */
  private Future<Void> applyClaimed(Push push, Kind kind, List<Member> mine) {
    List<Mutation> ms = mutations(mine);
    return applier
        .apply(push.p(), push.deviceId(), kind, ms)
        .compose(outcomes -> {
          List<MutationResult> applied = new ArrayList<>();
          List<Future<MutationResult>> results = new ArrayList<>();
          for (int k = 0; k < outcomes.size(); k++) {
            Outcome outcome = outcomes.get(k);
            if (outcome.refused() == null) {
              applied.add(outcome.result());
              results.add(Future.succeededFuture(outcome.result()));
            } else {
              results.add(inbox.reject(
                  push.p(), push.deviceId(), mine.get(k).raw(), ms.get(k), outcome.refused()));
            }
          }
          return inbox
              .keepConflicts(push.p(), push.deviceId(), applied)
              .compose(v -> Future.all(results))
              .map(all -> all.<MutationResult>list());
        })
        .compose(results -> push.claims().complete(ms, results).map(results))
        .<Void>map(results -> {
          for (int k = 0; k < mine.size(); k++) {
            push.run().answer(mine.get(k).index(), results.get(k));
          }
          return null;
        })
        .recover(e -> {
          LOG.error(
              "sync mutations failed [tenant={}, user={}, device={}, mutations={}, first={}]",
              push.p().tenantId(),
              push.p().userId(),
              push.deviceId(),
              ms.size(),
              ms.get(0).clientMutationId(),
              e);
          return push.claims().release(ms).transform(x -> Future.failedFuture(e));
        });
  }

  private static List<Mutation> mutations(List<Member> members) {
    return members.stream().map(Member::m).toList();
  }

  /** Completes when every step has; fails with the first failure once they all have ended. */
  private static <T> Future<Void> joined(List<Future<T>> steps) {
    return Future.join(steps)
        .transform(x -> steps.stream()
            .filter(Future::failed)
            .findFirst()
            .<Future<Void>>map(f -> Future.failedFuture(f.cause()))
            .orElse(Future.succeededFuture()));
  }
}
