package com.fieldlead.sync;

import com.fieldlead.sync.PushPlan.Batch;
import com.fieldlead.sync.protocol.MutationResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * One push in progress, run in its {@link PushPlan}'s order (sync invariant 4): the batches of several first (lead
 * creates, then lead updates), {@code lanes} of them side by side; then every mutation not answered yet, each a batch
 * of one, after the earlier mutations of the entities it touches and after the one the in-flight window places before
 * it. Keeps the result of each mutation answered, by index, and the first unexpected failure: no batch starts after
 * it (so a retry resumes in order), and the push fails with it once the batches in flight are done. Used on the
 * request's context only: no locking.
 */
@NullMarked
final class PushRun {

  private final PushPlan plan;
  private final int lanes;
  private final @Nullable MutationResult[] answered;
  private @Nullable Throwable broken;

  PushRun(PushPlan plan, int lanes) {
    this.plan = plan;
    this.lanes = lanes;
    this.answered = new MutationResult[plan.size()];
  }

  /** Records the result of the mutation at {@code index}: a batch answers each mutation it processed. */
  void answer(int index, MutationResult result) {
    answered[index] = result;
  }

  /**
   * Runs every batch of the plan through {@code apply}, which answers the batch's mutations ({@link #answer}) or fails
   * unexpectedly; answers the results in the order sent.
   */
  Future<List<MutationResult>> run(Function<Batch, Future<Void>> apply) {
    return inLanes(plan.leadCreates(), apply)
        .compose(v -> inLanes(plan.leadUpdates(), apply))
        .compose(v -> oneByOne(apply));
  }

  /** {@code batches} in order, {@link #lanes} side by side (they touch different leads). */
  private Future<Void> inLanes(List<Batch> batches, Function<Batch, Future<Void>> apply) {
    Iterator<Batch> next = batches.iterator();
    List<Future<Void>> running = new ArrayList<>();
    for (int lane = 0; lane < Math.min(lanes, batches.size()); lane++) {
      running.add(lane(next, apply));
    }
    return Future.join(running)
        .transform(x -> running.stream()
            .filter(Future::failed)
            .findFirst()
            .<Future<Void>>map(f -> Future.failedFuture(f.cause()))
            .orElse(Future.succeededFuture()));
  }

  /** The next batch, then the one after, until none is left or the push has failed. */
  private Future<Void> lane(Iterator<Batch> next, Function<Batch, Future<Void>> apply) {
    if (broken != null || !next.hasNext()) {
      return Future.succeededFuture();
    }
    return applied(next.next(), apply).compose(v -> lane(next, apply));
  }

  /** Every mutation not answered yet, each a batch of one in the plan's order; results in the order sent. */
  private Future<List<MutationResult>> oneByOne(Function<Batch, Future<Void>> apply) {
    List<Future<MutationResult>> results = new ArrayList<>(answered.length);
    for (int i = 0; i < answered.length; i++) {
      if (answered[i] != null) {
        results.add(Future.succeededFuture(answered[i]));
        continue;
      }
      int index = i;
      List<Future<MutationResult>> entity =
          plan.sameEntityBefore(i).stream().map(results::get).toList();
      List<Future<MutationResult>> waits = new ArrayList<>(entity);
      int window = plan.windowBefore(i);
      if (window >= 0) {
        waits.add(results.get(window)); // at most the window's mutations at a time
      }
      results.add(Future.join(waits).transform(x -> {
        Throwable failed = broken != null
            ? broken
            : entity.stream()
                .filter(Future::failed)
                .map(Future::cause)
                .findFirst()
                .orElse(null);
        return failed != null
            ? Future.<MutationResult>failedFuture(failed)
            : applied(plan.alone(index), apply).map(v -> answered[index]);
      }));
    }
    return Future.all(results).map(all -> all.<MutationResult>list());
  }

  /** {@code apply} of one batch; its failure, thrown or not, is the push's first unless one came before. */
  private Future<Void> applied(Batch batch, Function<Batch, Future<Void>> apply) {
    Future<Void> done;
    try {
      done = apply.apply(batch);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.onFailure(e -> broken = broken == null ? e : broken);
  }
}
