package com.fieldlead.lead;

import com.fieldlead.lead.model.Lead;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told after every successful lead write: create (also each created import row), update (PATCH), delete, merge (the
 * survivor's write and the loser's {@code merged_into} tombstone), convert, and server-side updates through
 * {@link LeadModule#updateServerFields} that changed a client-writable field (routing changes {@code ownerId} /
 * {@code teamId}). A server-side update that changes only server-owned fields (score, temperature, ...) does NOT
 * call listeners, so a listener that rescores cannot loop.
 *
 * <p>One path for one lead and for many: a single write tells the listeners a list of one change; a sync push's
 * captures or edits, an import's rows or a batch of server-field writes come together, so a listener can do the work
 * for all of them at once (one read and one bulk write instead of several per lead).
 *
 * <p>Listeners run one after another, after the write, before its history entry and before the request is answered.
 * A failed future (or a thrown exception) is logged and ignored: it never fails the user's request. Listeners must be
 * idempotent and cheap, or hand the work on (a durable event, a background job).
 */
@FunctionalInterface
public interface LeadChangeListener {

  /**
   * One written lead.
   *
   * @param before the stored state before the write; null on create
   * @param after the stored state after the write (a tombstone after delete / merge: {@code deletedAt} set)
   */
  record Change(Lead before, Lead after) {

    /** Whether the write created the lead. */
    public boolean created() {
      return before == null;
    }
  }

  /**
   * The leads one write stored, in order (never empty). A listener that works lead by lead uses
   * {@link Windows#each} with {@code inFlight}.
   *
   * @param actorUserId the user who made the change, or {@code system} for background work
   * @param inFlight how many leads a listener may work on side by side
   */
  Future<Void> leadsChanged(List<Change> changes, String actorUserId, int inFlight);

  /** The changes that created their lead ({@code true}) and the others ({@code false}), each in order. */
  static Map<Boolean, List<Change>> byCreation(List<Change> changes) {
    return changes.stream().collect(Collectors.partitioningBy(Change::created));
  }

  /** Runs a step over a list, a window of items at a time; failures are logged and ignored. */
  final class Windows {
    private static final Logger LOG = LoggerFactory.getLogger(LeadChangeListener.class);

    private Windows() {}

    /** {@code step} over {@code items} (leads or changes), {@code inFlight} at a time. */
    public static <T> Future<Void> each(List<T> items, int inFlight, Function<T, Future<?>> step) {
      return from(items, Math.max(1, inFlight), step, 0);
    }

    private static <T> Future<Void> from(
        List<T> items, int inFlight, Function<T, Future<?>> step, int start) {
      if (start >= items.size()) {
        return Future.succeededFuture();
      }
      List<Future<Void>> window = new ArrayList<>();
      for (T item : items.subList(start, Math.min(items.size(), start + inFlight))) {
        Lead lead = item instanceof Change c
            ? (c.after() != null ? c.after() : c.before())
            : item instanceof Lead l ? l : null;
        window.add(guarded(
            () -> step.apply(item),
            e -> LOG.warn(
                "lead change listener failed [tenant={}, lead={}, version={}]",
                lead == null ? null : lead.tenantId(),
                lead == null ? null : lead.id(),
                lead == null ? null : lead.version(),
                e)));
      }
      return Future.join(window).transform(x -> from(items, inFlight, step, start + inFlight));
    }

    /** Runs {@code step}; a failure (a failed future or a thrown exception) goes to {@code onFailure} and is dropped. */
    public static Future<Void> guarded(Supplier<Future<?>> step, Consumer<Throwable> onFailure) {
      Future<?> done;
      try {
        done = step.get();
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      return done.<Void>mapEmpty().recover(e -> {
        onFailure.accept(e);
        return Future.succeededFuture();
      });
    }
  }
}
