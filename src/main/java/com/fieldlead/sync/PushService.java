package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.MutationApplier.Rejection;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sync/push} (sync invariants 1, 4, 5, 6): the mutations of a batch that touch the same entity (or an
 * activity or task and its lead) are processed one after another, in the order sent; mutations of different entities
 * run side by side, up to {@link #IN_FLIGHT} at a time, and the results answer in the order sent. Lead creates and
 * updates that no other mutation of the push touches go first, {@link #TOGETHER} at a time: one claim insert, (for
 * updates) one read and the field merge each, one insert or bulk write, one history insert, one result write; whatever
 * that path cannot answer exactly (a rejection, a conflict, a stale write, an existing id, an edit of status or
 * assignment) goes through the single-mutation path, under the claim already taken. Each mutation is claimed under
 * (tenant, user, device, client mutation id) before it is applied and its result stored after, so a replay answers
 * {@code duplicate} with the first result and applies nothing twice. While a push processes, it renews its claims every
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
  /** Mutations of one push processed side by side (when they touch different entities). */
  static final int IN_FLIGHT = 8;

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
    List<Fast> creates = run.plan.creates().stream().map(run::fast).toList();
    List<Fast> updates = run.plan.updates().stream().map(run::fast).toList();
    Future<Void> together = (creates.size() < 2
            ? Future.<Void>succeededFuture()
            : applyTogether(run, creates, applier::createLeads))
        .compose(v -> updates.size() < 2
            ? Future.<Void>succeededFuture()
            : applyTogether(run, updates, applier::updateLeads));
    return together.compose(v -> inOrder(run)).onComplete(x -> run.held.stop()).map(results -> {
      // the managers' view of the device: recorded beside the answer, which does not wait for it
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
   * One push in progress (used on the request's context only: no locking): its plan, the results answered by the
   * together path, the mutations that path claimed but left to the single path, and the claims it holds.
   */
  private final class Run {
    final Principal p;
    final String deviceId;
    final List<JsonNode> mutations;
    final PushPlan plan;
    final HeldClaims held = new HeldClaims(stores, clock);
    /** The results of mutations the together path answered, by index. */
    final MutationResult[] done;
    /** Mutations the together path claimed and left to the single path (processed under that claim), by index. */
    final Map<Integer, Fast> claimedForOne = new HashMap<>();
    /** The first unexpected failure: nothing starts after it, so the retry resumes in order. */
    Throwable broken;

    Run(Principal p, String deviceId, List<JsonNode> mutations) {
      this.p = p;
      this.deviceId = deviceId;
      this.mutations = mutations;
      this.plan = PushPlan.of(mutations, IN_FLIGHT);
      this.done = new MutationResult[mutations.size()];
    }

    /** A lead create or update the plan lets go together, with its claim's key and owner. */
    Fast fast(PushPlan.Together t) {
      String cmid = t.m().clientMutationId();
      return new Fast(
          t.index(),
          t.raw(),
          t.m(),
          SyncStores.mutationKey(p.tenantId(), p.userId(), deviceId, cmid),
          claimOwner(p, deviceId, cmid));
    }
  }

  /** A lead create or update that no other mutation of its push touches: applied together with others like it. */
  private record Fast(int index, JsonNode raw, Mutation m, String key, Document owner) {}

  /** Several claimed mutations applied at once: a result each, in order, null where the single path must answer. */
  private interface Together {
    Future<List<MutationResult>> apply(Principal p, String deviceId, List<Mutation> ms);
  }

  /** How many lead creates or updates are claimed and written together (one insert or bulk write each). */
  static final int TOGETHER = 100;
  /** How many such chunks of one push are in flight at a time. */
  static final int CHUNKS_IN_FLIGHT = 2;

  /** The chunks of the together path, taken one at a time by the lanes until none is left or one has failed. */
  private static final class Chunks {
    private final List<List<Fast>> chunks = new ArrayList<>();
    private int next;
    private boolean failed;

    Chunks(List<Fast> fast) {
      for (int from = 0; from < fast.size(); from += TOGETHER) {
        chunks.add(fast.subList(from, Math.min(fast.size(), from + TOGETHER)));
      }
    }

    /** Applies the next chunk, then the one after, until none is left or one has failed. */
    Future<Void> lane(Function<List<Fast>, Future<Void>> apply) {
      if (failed || next >= chunks.size()) {
        return Future.succeededFuture();
      }
      return apply
          .apply(chunks.get(next++))
          .onFailure(e -> failed = true)
          .compose(v -> lane(apply));
    }
  }

  /**
   * Claims and applies the fast creates or updates {@link #TOGETHER} at a time, {@link #CHUNKS_IN_FLIGHT} chunks side
   * by side (they touch different leads: while one chunk's leads are merged here, the store writes another's). Each
   * gets its result in {@code run.done}, or, when the single-mutation path must answer (claimed before, not found,
   * rejected, conflicting, stale), nothing here: a mutation this call has claimed is then left to the single path
   * under that claim ({@code run.claimedForOne}). After an unexpected failure no further chunk starts; the call
   * fails once the chunks in flight are done.
   */
  private Future<Void> applyTogether(Run run, List<Fast> fast, Together how) {
    Chunks chunks = new Chunks(fast);
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < Math.min(CHUNKS_IN_FLIGHT, chunks.chunks.size()); lane++) {
      lanes.add(chunks.lane(c -> applyChunk(run, c, how)));
    }
    return Future.join(lanes)
        .transform(x -> lanes.stream()
            .filter(Future::failed)
            .findFirst()
            .<Future<Void>>map(f -> Future.failedFuture(f.cause()))
            .orElse(Future.succeededFuture()));
  }

  private Future<Void> applyChunk(Run run, List<Fast> chunk, Together how) {
    Principal p = run.p;
    HeldClaims held = run.held;
    return stores
        .claimMany(
            chunk.stream().map(Fast::key).toList(),
            chunk.stream().map(Fast::owner).toList(),
            clock.instant())
        .compose(claimed -> {
          List<Fast> mine =
              chunk.stream().filter(f -> claimed.contains(f.key())).toList();
          mine.forEach(f -> held.keys.add(f.key()));
          if (mine.isEmpty()) {
            return Future.<Void>succeededFuture();
          }
          return how.apply(p, run.deviceId, mine.stream().map(Fast::m).toList())
              .compose(results -> {
                Map<String, String> complete = new LinkedHashMap<>();
                for (int k = 0; k < mine.size(); k++) {
                  Fast f = mine.get(k);
                  MutationResult r = results.get(k);
                  if (r == null) {
                    run.claimedForOne.put(f.index(), f);
                  } else {
                    run.done[f.index()] = r;
                    complete.put(f.key(), SyncJson.write(r));
                  }
                }
                return stores
                    .completeMany(complete)
                    .onSuccess(v -> held.keys.removeAll(complete.keySet()));
              })
              .recover(e -> {
                LOG.error(
                    "sync mutations applied together failed [tenant={}, user={}, device={}, mutations={}]",
                    p.tenantId(),
                    p.userId(),
                    run.deviceId,
                    mine.size(),
                    e);
                List<String> keys = mine.stream().map(Fast::key).toList();
                keys.forEach(held.keys::remove);
                return stores.releaseMany(keys).transform(x -> Future.failedFuture(e));
              });
        });
  }

  /** Every mutation not answered yet, in the plan's order ({@link PushPlan}); results in the order sent. */
  private Future<List<MutationResult>> inOrder(Run run) {
    List<Future<MutationResult>> results = new ArrayList<>(run.mutations.size());
    for (int i = 0; i < run.mutations.size(); i++) {
      if (run.done[i] != null) {
        results.add(Future.succeededFuture(run.done[i]));
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
        Fast claimed = run.claimedForOne.get(index);
        return claimed != null
            ? process(run.p, run.deviceId, claimed.key(), claimed.raw(), claimed.m(), run.held)
            : one(run.p, run.deviceId, index, run.mutations.get(index), run.held);
      });
      result.onFailure(e -> run.broken = run.broken == null ? e : run.broken);
      results.add(result);
    }
    return Future.all(results).map(all -> all.<MutationResult>list());
  }

  private Future<MutationResult> one(
      Principal p, String deviceId, int index, JsonNode raw, HeldClaims held) {
    Mutation m;
    try {
      m = SyncJson.read(raw.toString(), Mutation.class);
    } catch (Exception e) {
      return reject(
          p,
          deviceId,
          raw,
          null,
          new Rejection(
              SyncCode.VALIDATION_FAILED,
              List.of(new FieldError(
                  "/mutations/" + index,
                  SyncCode.VALIDATION_FAILED.name(),
                  "not a mutation: " + firstLine(e)))));
    }
    String cmid = m.clientMutationId();
    if (!PushPlan.validClientMutationId(cmid)) {
      return reject(
          p,
          deviceId,
          raw,
          m,
          MutationApplier.rejection(
              SyncCode.VALIDATION_FAILED,
              "/clientMutationId",
              "clientMutationId is required, 1.." + PushPlan.MAX_CLIENT_MUTATION_ID
                  + " characters"));
    }
    String key = SyncStores.mutationKey(p.tenantId(), p.userId(), deviceId, cmid);
    Instant now = clock.instant();
    return stores.claim(key, claimOwner(p, deviceId, cmid), now).compose(existing -> {
      if (existing.isEmpty()) {
        held.keys.add(key);
        return process(p, deviceId, key, raw, m, held);
      }
      Document prior = existing.get();
      if (SyncStores.DONE.equals(prior.getString(SyncStores.STATUS))) {
        return Future.succeededFuture(duplicate(m, SyncStores.resultJson(prior)));
      }
      Date claimedAt = prior.getDate(SyncStores.AT);
      Instant takeover = claimedAt == null ? now : claimedAt.toInstant().plus(CLAIM_LEASE);
      if (!takeover.isAfter(now)) {
        // the push that claimed it has not renewed the claim for a lease: it is gone (its instance
        // died mid-push)
        return stores.reclaim(key, claimedAt, now).compose(taken -> {
          if (!taken) { // another retry took it over just now
            return Future.succeededFuture(HeldClaims.inProgress(m, now.plus(CLAIM_LEASE), now));
          }
          LOG.info(
              "sync mutation taken over [tenant={}, user={}, device={}, mutation={}, claimedAt={}]",
              p.tenantId(),
              p.userId(),
              deviceId,
              cmid,
              claimedAt.toInstant());
          held.keys.add(key);
          // what the first attempt stored but did not finish is finished first (listeners, history)
          return applier
              .settle(p, deviceId, m)
              .compose(v -> process(p, deviceId, key, raw, m, held), e -> {
                held.keys.remove(key);
                return stores.release(key).transform(x -> Future.failedFuture(e));
              });
        });
      }
      return Future.succeededFuture(
          HeldClaims.inProgress(m, takeover, now)); // a live push is processing it right now
    });
  }

  private Future<MutationResult> process(
      Principal p, String deviceId, String key, JsonNode raw, Mutation m, HeldClaims held) {
    Future<MutationResult> applied;
    List<FieldError> shape = PushPlan.shape(m);
    if (!shape.isEmpty()) {
      applied = Future.failedFuture(new Rejection(SyncCode.VALIDATION_FAILED, shape));
    } else {
      try {
        applied = applier.apply(p, deviceId, m);
      } catch (RuntimeException e) {
        applied = Future.failedFuture(e);
      }
    }
    return applied
        .compose(r ->
            stores.insertConflicts(conflictDocs(p, deviceId, m, r.conflicts())).map(r))
        .recover(e -> {
          Rejection rejection = Rejection.from(e);
          if (rejection == null) {
            LOG.error(
                "sync mutation failed [tenant={}, user={}, device={}, mutation={}]",
                p.tenantId(),
                p.userId(),
                deviceId,
                m.clientMutationId(),
                e);
            held.keys.remove(key);
            return stores.release(key).transform(x -> Future.failedFuture(e));
          }
          return reject(p, deviceId, raw, m, rejection);
        })
        .compose(r ->
            stores.complete(key, SyncJson.write(r)).map(r).onSuccess(x -> held.keys.remove(key)));
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
