package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.MutationApplier.Rejection;
import com.fieldlead.sync.PushPlan.Batch;
import com.fieldlead.sync.PushPlan.Kind;
import com.fieldlead.sync.PushPlan.Member;
import com.fieldlead.sync.protocol.ConflictRecord;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.ProtocolDialect;
import com.fieldlead.sync.protocol.PushResponse;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncCode;
import com.fieldlead.sync.protocol.SyncJson;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sync/push} (sync invariants 1, 4, 5, 6). Every mutation is applied in a batch ({@link PushPlan}):
 * lead creates and updates that no other mutation of the push touches go first, in batches of {@link #BATCH} (one
 * claim insert, for updates one read and the field merge each, one insert or bulk write, one history insert, one
 * result write), {@link #BATCHES_IN_FLIGHT} at a time, each mutation answered as a batch of one would answer it; every
 * other mutation, and one such a batch took over from a push that died, is a batch of one (the latter under the claim
 * already taken). The mutations of a push that touch the same entity (or an activity or task and
 * its lead) are processed one after another, in the order sent; mutations of different entities run side by side, up
 * to {@link #IN_FLIGHT} at a time, and the results answer in the order sent. Each mutation is claimed under (tenant,
 * user, device, client mutation id) before it is applied and its result stored after, so a replay answers {@code
 * duplicate} with the first result and applies nothing twice. While a push processes, it renews its claims every
 * {@link #RENEW_EVERY}; a mutation whose claim another request holds answers {@code in_progress} with the seconds
 * until it can be taken over, and a claim not renewed for {@link #CLAIM_LEASE} (its processor died) is taken over
 * and processed again. A rejected mutation is stored for review and never stops the mutations after it; only an
 * unexpected failure (the database) fails the request, after releasing its claim.
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
  private final List<Consumer<List<MutationResult>>> resultListeners = new CopyOnWriteArrayList<>();
  private final MutationApplier applier;
  private final DeviceStates devices;
  private final Clock clock;

  PushService(SyncStores stores, MutationApplier applier, DeviceStates devices, Clock clock) {
    this.stores = stores;
    this.applier = applier;
    this.devices = devices;
    this.clock = clock;
  }

  Future<PushResponse> push(
      Principal p,
      String deviceId,
      int protocolVersion,
      String appVersion,
      List<JsonNode> mutations) {
    Run run = new Run(p, deviceId, mutations);
    run.held.start();
    return inLanes(run, run.plan.leadCreates())
        .compose(v -> inLanes(run, run.plan.leadUpdates()))
        .compose(v -> oneByOne(run))
        .onComplete(x -> run.held.stop())
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

  /**
   * One push in progress (used on the request's context only: no locking): its plan, the results answered so far, the
   * mutations a batch of several took over and left to a batch of one, and the claims it holds.
   */
  private final class Run {
    final Principal p;
    final String deviceId;
    final List<JsonNode> mutations;
    final PushPlan plan;
    final HeldClaims held = new HeldClaims(stores, clock);
    /** The result of each mutation answered so far, by index. */
    final MutationResult[] answered;
    /** Mutations a batch of several took over and left to a batch of one (applied under that claim), by index. */
    final Set<Integer> claimed = new HashSet<>();
    /** The first unexpected failure: nothing starts after it, so the retry resumes in order. */
    Throwable broken;

    Run(Principal p, String deviceId, List<JsonNode> mutations) {
      this.p = p;
      this.deviceId = deviceId;
      this.mutations = mutations;
      this.plan = PushPlan.of(mutations, IN_FLIGHT, BATCH);
      this.answered = new MutationResult[mutations.size()];
    }

    /** A read, well-formed mutation of this push with its claim's key. */
    Item item(int index, JsonNode raw, Mutation m) {
      return new Item(
          index,
          raw,
          m,
          SyncStores.mutationKey(p.tenantId(), p.userId(), deviceId, m.clientMutationId()));
    }

    void answer(int index, MutationResult result) {
      answered[index] = result;
    }
  }

  /** A mutation of a batch, read and well formed, with its claim's key. */
  private record Item(int index, JsonNode raw, Mutation m, String key) {}

  /**
   * Applies {@code batches} in order, {@link #BATCHES_IN_FLIGHT} side by side (they touch different leads: while one
   * batch's leads are merged here, the store writes another's). After an unexpected failure no further batch starts;
   * the call fails once the batches in flight are done.
   */
  private Future<Void> inLanes(Run run, List<Batch> batches) {
    Iterator<Batch> next = batches.iterator();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < Math.min(BATCHES_IN_FLIGHT, batches.size()); lane++) {
      lanes.add(lane(run, next));
    }
    return joined(lanes);
  }

  /** The next batch, then the one after, until none is left or the push has failed. */
  private Future<Void> lane(Run run, Iterator<Batch> next) {
    if (run.broken != null || !next.hasNext()) {
      return Future.succeededFuture();
    }
    return apply(run, next.next()).compose(v -> lane(run, next));
  }

  /** Every mutation not answered yet, each a batch of one in the plan's order; results in the order sent. */
  private Future<List<MutationResult>> oneByOne(Run run) {
    List<Future<MutationResult>> results = new ArrayList<>(run.mutations.size());
    for (int i = 0; i < run.mutations.size(); i++) {
      if (run.answered[i] != null) {
        results.add(Future.succeededFuture(run.answered[i]));
        continue;
      }
      int index = i;
      List<Future<MutationResult>> entity =
          run.plan.sameEntityBefore(i).stream().map(results::get).toList();
      List<Future<MutationResult>> waits = new ArrayList<>(entity);
      int window = run.plan.windowBefore(i);
      if (window >= 0) {
        waits.add(results.get(window)); // at most IN_FLIGHT mutations of one push at a time
      }
      Future<MutationResult> result = Future.join(waits).transform(x -> {
        Throwable failed = run.broken != null
            ? run.broken
            : entity.stream()
                .filter(Future::failed)
                .map(Future::cause)
                .findFirst()
                .orElse(null);
        if (failed != null) {
          return Future.<MutationResult>failedFuture(failed);
        }
        return apply(run, run.plan.alone(index)).map(v -> run.answered[index]);
      });
      results.add(result);
    }
    return Future.all(results).map(all -> all.<MutationResult>list());
  }

  /**
   * Applies one batch: reads its mutations (a batch of one rejects a body that is not a well-formed mutation), claims
   * those not claimed yet, answers those claimed before (a duplicate, a mutation in progress elsewhere, one taken
   * over), and applies the rest. Each mutation answered gets its result in {@code run.answered}; a batch of several
   * leaves a mutation it took over to a batch of one ({@code run.claimed}).
   */
  private Future<Void> apply(Run run, Batch batch) {
    Future<Void> done;
    try {
      done = read(run, batch)
          .compose(items -> claim(run, items).compose(before -> {
            List<Future<Void>> steps = new ArrayList<>();
            List<Item> mine = new ArrayList<>();
            for (Item item : items) {
              Document prior = before.get(item.key());
              if (prior == null) {
                mine.add(item);
              } else {
                steps.add(claimedBefore(run, batch.kind(), item, prior));
              }
            }
            if (!mine.isEmpty()) {
              steps.add(
                  batch.kind() == Kind.ONE
                      ? applyOne(run, mine.get(0))
                      : applyTogether(run, batch.kind(), mine));
            }
            return joined(steps);
          }));
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.onFailure(e -> run.broken = run.broken == null ? e : run.broken);
  }

  /**
   * The mutations of a batch as items. A batch of several holds mutations the plan has read; a batch of one reads its
   * own and, when the body is not a mutation or has no usable client mutation id, answers it rejected (nothing to
   * claim: none).
   */
  private Future<List<Item>> read(Run run, Batch batch) {
    if (batch.kind() != Kind.ONE) {
      return Future.succeededFuture(
          batch.members().stream().map(x -> run.item(x.index(), x.raw(), x.m())).toList());
    }
    Member one = batch.members().get(0);
    JsonNode raw = one.raw();
    Mutation m;
    try {
      m = SyncJson.read(raw.toString(), Mutation.class);
    } catch (Exception e) {
      return reject(
              run.p,
              run.deviceId,
              raw,
              null,
              new Rejection(
                  SyncCode.VALIDATION_FAILED,
                  List.of(new FieldError(
                      "/mutations/" + one.index(),
                      SyncCode.VALIDATION_FAILED.name(),
                      "not a mutation: " + firstLine(e)))))
          .map(r -> {
            run.answer(one.index(), r);
            return List.of();
          });
    }
    if (!PushPlan.validClientMutationId(m.clientMutationId())) {
      return reject(
              run.p,
              run.deviceId,
              raw,
              m,
              MutationApplier.rejection(
                  SyncCode.VALIDATION_FAILED,
                  "/clientMutationId",
                  "clientMutationId is required, 1.." + PushPlan.MAX_CLIENT_MUTATION_ID
                      + " characters"))
          .map(r -> {
            run.answer(one.index(), r);
            return List.of();
          });
    }
    return Future.succeededFuture(List.of(run.item(one.index(), raw, m)));
  }

  /**
   * Claims the items not claimed yet (a mutation a batch of several took over is claimed already), with
   * one insert: answers the claims stored before, by key. Every other item's claim is now held by this push.
   */
  private Future<Map<String, Document>> claim(Run run, List<Item> items) {
    List<Item> unclaimed =
        items.stream().filter(i -> !run.claimed.remove(i.index())).toList();
    if (unclaimed.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return stores
        .claim(
            unclaimed.stream().map(Item::key).toList(),
            unclaimed.stream()
                .map(i -> claimOwner(run.p, run.deviceId, i.m().clientMutationId()))
                .toList(),
            clock.instant())
        .onSuccess(before -> unclaimed.stream()
            .map(Item::key)
            .filter(key -> !before.containsKey(key))
            .forEach(run.held.keys::add));
  }

  /**
   * A mutation claimed before this batch claimed it: done (answered {@code duplicate} with its first result), pending
   * under a live push ({@code in_progress}), or pending under a push that has not renewed its claim for a lease (its
   * instance died mid-push): then taken over, and what its first attempt stored but did not finish is finished first
   * (listeners, history) before it is applied again, alone.
   */
  private Future<Void> claimedBefore(Run run, Kind kind, Item item, Document prior) {
    Mutation m = item.m();
    Instant now = clock.instant();
    if (SyncStores.DONE.equals(prior.getString(SyncStores.STATUS))) {
      run.answer(item.index(), duplicate(m, SyncStores.resultJson(prior)));
      return Future.succeededFuture();
    }
    Date claimedAt = prior.getDate(SyncStores.AT);
    Instant takeover = claimedAt == null ? now : claimedAt.toInstant().plus(CLAIM_LEASE);
    if (takeover.isAfter(now)) {
      // a live push is processing it right now
      run.answer(item.index(), HeldClaims.inProgress(m, takeover, now));
      return Future.succeededFuture();
    }
    return stores.reclaim(item.key(), claimedAt, now).compose(taken -> {
      if (!taken) { // another retry took it over just now
        run.answer(item.index(), HeldClaims.inProgress(m, now.plus(CLAIM_LEASE), now));
        return Future.succeededFuture();
      }
      LOG.info(
          "sync mutation taken over [tenant={}, user={}, device={}, mutation={}, claimedAt={}]",
          run.p.tenantId(),
          run.p.userId(),
          run.deviceId,
          m.clientMutationId(),
          claimedAt.toInstant());
      run.held.keys.add(item.key());
      return applier
          .settle(run.p, run.deviceId, m)
          .compose(
              v -> {
                if (kind == Kind.ONE) {
                  return applyOne(run, item);
                }
                run.claimed.add(item.index()); // applied again alone, under the claim taken over
                return Future.<Void>succeededFuture();
              },
              e -> release(run, List.of(item)).transform(x -> Future.failedFuture(e)));
    });
  }

  /**
   * Lead creates or updates of different leads applied together ({@link MutationApplier#createLeads},
   * {@link MutationApplier#updateLeads}), each answered as a batch of one would answer it.
   */
  private Future<Void> applyTogether(Run run, Kind kind, List<Item> mine) {
    List<Mutation> ms = mine.stream().map(Item::m).toList();
    return answer(
        run,
        mine,
        kind == Kind.LEAD_CREATES
            ? applier.createLeads(run.p, run.deviceId, ms)
            : applier.updateLeads(run.p, run.deviceId, ms));
  }

  /** One claimed mutation applied alone. */
  private Future<Void> applyOne(Run run, Item item) {
    Mutation m = item.m();
    Future<MutationResult> applied;
    List<FieldError> shape = PushPlan.shape(m);
    if (!shape.isEmpty()) {
      applied = Future.failedFuture(new Rejection(SyncCode.VALIDATION_FAILED, shape));
    } else {
      try {
        applied = applier.apply(run.p, run.deviceId, m);
      } catch (RuntimeException e) {
        applied = Future.failedFuture(e);
      }
    }
    return answer(run, List.of(item), Future.succeededFuture(List.of(applied)));
  }

  /**
   * Answers claimed mutations from the applier's answers, one per item: a result is answered (its conflicts kept), a
   * refusal is rejected (kept for review). An unexpected failure of any (the database) releases every claim of the
   * items and fails, so a retry processes them again.
   */
  private Future<Void> answer(
      Run run, List<Item> items, Future<List<Future<MutationResult>>> applied) {
    Principal p = run.p;
    String deviceId = run.deviceId;
    return applied
        .compose(answers -> Future.join(answers).transform(x -> {
          Throwable unexpected = answers.stream()
              .filter(Future::failed)
              .map(Future::cause)
              .filter(e -> Rejection.from(e) == null)
              .findFirst()
              .orElse(null);
          if (unexpected != null) {
            return Future.<List<MutationResult>>failedFuture(unexpected);
          }
          List<Document> conflicts = new ArrayList<>();
          List<Future<MutationResult>> results = new ArrayList<>();
          for (int k = 0; k < items.size(); k++) {
            Item item = items.get(k);
            Future<MutationResult> one = answers.get(k);
            if (one.succeeded()) {
              conflicts.addAll(conflictDocs(p, deviceId, item.m(), one.result().conflicts()));
              results.add(one);
            } else {
              results.add(reject(p, deviceId, item.raw(), item.m(), Rejection.from(one.cause())));
            }
          }
          return stores
              .insertConflicts(conflicts)
              .compose(v -> Future.all(results))
              .map(all -> all.<MutationResult>list());
        }))
        .compose(results -> complete(run, items, results))
        .recover(e -> {
          LOG.error(
              "sync mutations failed [tenant={}, user={}, device={}, mutations={}, first={}]",
              p.tenantId(),
              p.userId(),
              deviceId,
              items.size(),
              items.get(0).m().clientMutationId(),
              e);
          return release(run, items).transform(x -> Future.failedFuture(e));
        });
  }

  /** Stores the results of answered mutations with one write and answers them: their claims are done. */
  private Future<Void> complete(Run run, List<Item> items, List<MutationResult> results) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (int k = 0; k < items.size(); k++) {
      byKey.put(items.get(k).key(), SyncJson.write(results.get(k)));
    }
    return stores.complete(byKey).onSuccess(v -> {
      for (int k = 0; k < items.size(); k++) {
        run.held.keys.remove(items.get(k).key());
        run.answer(items.get(k).index(), results.get(k));
      }
    });
  }

  /** Drops the claims of mutations whose processing failed unexpectedly, so a retry processes them again. */
  private Future<Void> release(Run run, List<Item> items) {
    List<String> keys = items.stream().map(Item::key).toList();
    keys.forEach(run.held.keys::remove);
    return stores.release(keys);
  }

  /** Completes when every step has; fails with the first failure once they all have ended. */
  private static Future<Void> joined(List<Future<Void>> steps) {
    return Future.join(steps)
        .transform(x -> steps.stream()
            .filter(Future::failed)
            .findFirst()
            .<Future<Void>>map(f -> Future.failedFuture(f.cause()))
            .orElse(Future.succeededFuture()));
  }

  /** Who a claim belongs to: the tenant, user, device and client mutation id. */
  private static Document claimOwner(Principal p, String deviceId, String cmid) {
    return new Document(SyncStores.TENANT, p.tenantId())
        .append(SyncStores.USER, p.userId())
        .append(SyncStores.DEVICE, deviceId)
        .append(SyncStores.CLIENT_MUTATION_ID, cmid);
  }

  private Future<MutationResult> reject(
      Principal p, String deviceId, JsonNode raw, Mutation m, Rejection r) {
    return applier
        .aboutErased(p, m)
        .recover(e -> {
          LOG.warn(
              "erasure check failed; the rejection is kept redacted [tenant={}]", p.tenantId(), e);
          return Future.succeededFuture(true);
        })
        .compose(
            erased -> keepRejection(p, deviceId, raw, m, erased ? Rejection.erased(r) : r, erased));
  }

  /**
   * Stores the rejection for review and answers it. One about an erased person keeps only the mutation's ids, its
   * operation and the fields' names, never their values (the person must not come back through a phone that pushed
   * before it pulled the erasure).
   */
  private Future<MutationResult> keepRejection(
      Principal p, String deviceId, JsonNode raw, Mutation m, Rejection r, boolean erased) {
    String cmid = m == null || m.clientMutationId() == null ? "" : m.clientMutationId();
    MutationResult result = new MutationResult(
        cmid,
        m == null ? null : m.entityType(),
        m == null ? null : m.entityId(),
        ResultKind.REJECTED,
        null,
        null,
        null,
        r.code,
        r.errors,
        null);
    Document mutation = erased
        ? new Document("clientMutationId", cmid)
            .append("entityType", m.entityType())
            .append("entityId", m.entityId())
            .append("op", m.op() == null ? null : m.op().wire())
            .append("fields", new ArrayList<>(m.changes().keySet()))
            .append("redacted", true)
        : Document.parse(
            raw.isObject() ? raw.toString() : new Document("value", raw.toString()).toJson());
    Document doc = owned(p, deviceId, cmid)
        .append(Inbox.MUTATION, mutation)
        .append("code", r.code.name())
        .append(
            "errors",
            r.errors.stream().map(e -> Document.parse(SyncJson.write(e))).toList());
    LOG.info(
        "sync mutation rejected [tenant={}, user={}, device={}, mutation={}, code={}]",
        p.tenantId(),
        p.userId(),
        deviceId,
        cmid,
        r.code);
    return stores.insertRejection(doc).map(result);
  }

  private List<Document> conflictDocs(
      Principal p, String deviceId, Mutation m, List<ConflictRecord> conflicts) {
    List<Document> docs = new ArrayList<>();
    for (ConflictRecord c : conflicts) {
      docs.add(owned(p, deviceId, m.clientMutationId())
          .append(Inbox.CONFLICT, Document.parse(SyncJson.write(c))));
    }
    return docs;
  }

  private Document owned(Principal p, String deviceId, String cmid) {
    return new Document(SyncStores.ID, UUID.randomUUID().toString())
        .append(SyncStores.TENANT, p.tenantId())
        .append(SyncStores.USER, p.userId())
        .append(SyncStores.DEVICE, deviceId)
        .append(SyncStores.TEAMS, p.teamIds())
        .append(SyncStores.CLIENT_MUTATION_ID, cmid)
        .append(SyncStores.STATUS, Inbox.OPEN)
        .append(SyncStores.AT, Date.from(clock.instant()));
  }

  private static MutationResult duplicate(Mutation m, String stored) {
    if (stored == null) {
      // a claim completed without a result is never written; should one be read, the mutation is
      // processed again
      throw new IllegalStateException(
          "sync claim done without a result [mutation=" + m.clientMutationId() + "]");
    }
    MutationResult first;
    try {
      first = SyncJson.read(stored, MutationResult.class);
    } catch (Exception e) {
      throw new IllegalStateException(
          "stored sync result unreadable [mutation=" + m.clientMutationId() + "]", e);
    }
    return new MutationResult(
        first.clientMutationId(),
        first.entityType(),
        first.entityId(),
        ResultKind.DUPLICATE,
        first.version(),
        first.state(),
        first.conflicts(),
        first.code(),
        first.errors(),
        // a lead create identical to an earlier one was stored as a duplicate of an applied create
        first.result() == ResultKind.DUPLICATE ? first.original() : first.result());
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = message.indexOf('\n');
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
