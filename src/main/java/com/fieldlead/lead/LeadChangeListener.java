package com.fieldlead.lead;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told after every successful lead write: create (also each created import row), update (PATCH), delete, merge (the
 * survivor's write and the loser's {@code merged_into} tombstone), convert, and server-side updates through
 * {@link LeadModule#updateServerFields} that changed a client-writable field (routing changes {@code ownerId} /
 * {@code teamId}). A server-side update that changes only server-owned fields (score, temperature, ...) does NOT
 * call listeners, so a listener that rescores cannot loop.
 *
 * <p>Listeners run one after another, after the write and its history entry, before the request is answered. A
 * failed future (or a thrown exception) is logged and ignored: it never fails the user's request. Listeners must be
 * idempotent and cheap, or hand the work on (a durable event, a background job).
 */
@FunctionalInterface
public interface LeadChangeListener {

  /**
   * @param before the stored state before the write; null on create
   * @param after the stored state after the write (a tombstone after delete / merge: {@code deletedAt} set)
   * @param actorUserId the user who made the change, or {@code system} for background work
   */
  Future<Void> leadChanged(Lead before, Lead after, String actorUserId);

  /**
   * Several leads created together (a sync push's captures): the same as {@link #leadChanged} with a null
   * {@code before} for each, which is what this default does, {@code inFlight} leads at a time. A listener that can do
   * the work for many leads at once (one insert instead of one per lead) overrides it. A lead's failure is logged and
   * ignored as for {@link #leadChanged}.
   */
  default Future<Void> leadsCreated(List<Lead> created, String actorUserId, int inFlight) {
    return Windows.each(created, inFlight, lead -> leadChanged(null, lead, actorUserId));
  }

  /**
   * Several leads written together (a push's edits, a batch of server-field writes): {@code afters.get(i)} was written
   * over {@code befores.get(i)}. The same as {@link #leadChanged} for each pair, which is what this default does,
   * {@code inFlight} leads at a time; a listener that can do the work for many leads at once (one read and one bulk
   * write instead of several per lead) overrides it. A lead's failure is logged and ignored.
   */
  default Future<Void> leadsChanged(
      List<Lead> befores, List<Lead> afters, String actorUserId, int inFlight) {
    Map<Lead, Lead> beforeOf = new IdentityHashMap<>();
    for (int i = 0; i < afters.size(); i++) {
      beforeOf.put(afters.get(i), befores.get(i));
    }
    return Windows.each(
        afters, inFlight, lead -> leadChanged(beforeOf.get(lead), lead, actorUserId));
  }

  /** Runs a per-lead step over a list, a window of leads at a time; failures are logged and ignored. */
  final class Windows {
    private static final Logger LOG = LoggerFactory.getLogger(LeadChangeListener.class);

    private Windows() {}

    public static Future<Void> each(
        List<Lead> leads, int inFlight, Function<Lead, Future<?>> step) {
      return from(leads, Math.max(1, inFlight), step, 0);
    }

    private static Future<Void> from(
        List<Lead> leads, int inFlight, Function<Lead, Future<?>> step, int start) {
      if (start >= leads.size()) {
        return Future.succeededFuture();
      }
      List<Future<Void>> window = new ArrayList<>();
      for (Lead lead : leads.subList(start, Math.min(leads.size(), start + inFlight))) {
        window.add(guarded(
            () -> step.apply(lead),
            e -> LOG.warn(
                "lead change listener failed [tenant={}, lead={}, version={}]",
                lead.tenantId(),
                lead.id(),
                lead.version(),
                e)));
      }
      return Future.join(window).transform(x -> from(leads, inFlight, step, start + inFlight));
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
