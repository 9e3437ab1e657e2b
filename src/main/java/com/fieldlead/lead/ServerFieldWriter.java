package com.fieldlead.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadChanges;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side write path for server-owned fields (score, temperature, owner after routing): compare-and-set on
 * the version with a bounded retry (the change function is applied again to the fresh state), version + 1 so syncing
 * phones see the change, a history entry with the action, and the change's domain events stored in the same
 * single-document update. Change listeners are told only when a client-writable field changed.
 */
final class ServerFieldWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ServerFieldWriter.class);
  static final int MAX_ATTEMPTS = 5;
  /** Noisy fields left out of history deltas (the score lines and bookkeeping). */
  private static final Set<String> NOT_IN_HISTORY = Set.of(
      LeadFields.VERSION,
      LeadFields.UPDATED_AT,
      LeadFields.FIELD_META,
      LeadFields.SCORE_EXPLANATION,
      LeadFields.SCORE_DETAILS,
      LeadFields.SCORE_NEXT_DECAY_AT);

  private final LeadRepository leads;
  private final LeadCatalogRepository catalog;
  private final LeadWriter writer;
  private final Clock clock;
  private final List<Runnable> eventsStored = new CopyOnWriteArrayList<>();

  /** Runs {@code hook} after every write that stored domain events (to relay them now, not on the next tick). */
  void onEventsStored(Runnable hook) {
    eventsStored.add(hook);
  }

  ServerFieldWriter(
      LeadRepository leads, LeadCatalogRepository catalog, LeadWriter writer, Clock clock) {
    this.leads = leads;
    this.catalog = catalog;
    this.writer = writer;
    this.clock = clock;
  }

  Future<Lead> update(
      String tenantId,
      String leadId,
      String actor,
      String action,
      Function<Lead, LeadModule.ServerChange> change) {
    return attempt(tenantId, leadId, actor, action, change, 1);
  }

  private Future<Lead> attempt(
      String tenantId,
      String leadId,
      String actor,
      String action,
      Function<Lead, LeadModule.ServerChange> change,
      int attempt) {
    return leads.find(tenantId, leadId).compose(found -> {
      if (found.isEmpty() || found.get().deleted()) {
        return Future.failedFuture(ProblemException.notFound("lead " + leadId));
      }
      Lead current = found.get();
      LeadModule.ServerChange c = change.apply(current);
      if (c == null || (c.lead().equals(current) && c.events().isEmpty())) {
        return Future.succeededFuture(current);
      }
      Instant now = clock.instant();
      long version = current.version() + 1;
      List<LeadChanges.Change> writable = LeadChanges.diff(current, c.lead());
      Lead next = stamp(c.lead(), current, writable, version, now, actor);
      return leads.replace(next, current.version(), c.events()).compose(ok -> {
        if (!ok) {
          if (attempt >= MAX_ATTEMPTS) {
            return Future.failedFuture(LeadWriter.stale(leadId));
          }
          LOG.debug(
              "server update retried [lead={}, action={}, attempt={}]", leadId, action, attempt);
          return attempt(tenantId, leadId, actor, action, change, attempt + 1);
        }
        LOG.info(
            "lead server fields written [tenant={}, lead={}, version={}, action={}, events={}]",
            tenantId,
            leadId,
            version,
            action,
            c.events().stream().map(DomainEvent::type).toList());
        if (!c.events().isEmpty()) {
          eventsStored.forEach(Runnable::run);
        }
        LeadHistoryEntry entry = new LeadHistoryEntry(
            leadId, version, now, actor, null, action, deltas(current, next), null);
        Future<Void> history = catalog.appendHistory(tenantId, entry);
        return writable.isEmpty()
            ? history.map(next)
            : history.compose(v -> writer.notifyChanged(current, next, actor)).map(next);
      });
    });
  }

  /**
   * {@link #update} for several leads of one tenant at once, each as the caller has it ({@code currents}, e.g. just
   * inserted): the changed ones in one version-checked bulk write (their domain events with them) and one history
   * insert, then the change listeners for those whose client-writable fields changed. Answers, per lead in order, the
   * lead as written, {@code current} itself when the change function had nothing to change, or null when the lead is
   * no longer at that version (nothing written: the caller may {@link #update} it, which reads it fresh).
   */
  Future<List<Lead>> updateMany(
      String tenantId,
      List<Lead> currents,
      String actor,
      String action,
      Function<Lead, LeadModule.ServerChange> change) {
    Instant now = clock.instant();
    List<Lead> out = new ArrayList<>(currents);
    List<Integer> picked = new ArrayList<>();
    List<Lead> befores = new ArrayList<>();
    List<Lead> nexts = new ArrayList<>();
    List<List<DomainEvent>> events = new ArrayList<>();
    List<List<LeadChanges.Change>> writables = new ArrayList<>();
    for (int i = 0; i < currents.size(); i++) {
      Lead current = currents.get(i);
      if (!current.tenantId().equals(tenantId)) {
        throw new IllegalArgumentException(
            "updateMany: lead " + current.id() + " is not of tenant " + tenantId);
      }
      LeadModule.ServerChange c = current.deleted() ? null : change.apply(current);
      if (c == null || (c.lead().equals(current) && c.events().isEmpty())) {
        continue;
      }
      List<LeadChanges.Change> writable = LeadChanges.diff(current, c.lead());
      picked.add(i);
      befores.add(current);
      nexts.add(stamp(c.lead(), current, writable, current.version() + 1, now, actor));
      events.add(c.events());
      writables.add(writable);
    }
    if (picked.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return leads.replaceMany(befores, nexts, events).compose(landed -> {
      List<LeadHistoryEntry> entries = new ArrayList<>();
      List<Lead> toldBefore = new ArrayList<>();
      List<Lead> told = new ArrayList<>();
      boolean stored = false;
      for (int k = 0; k < picked.size(); k++) {
        Lead next = nexts.get(k);
        if (!landed.get(k)) {
          out.set(picked.get(k), null);
          continue;
        }
        out.set(picked.get(k), next);
        stored |= !events.get(k).isEmpty();
        LOG.info(
            "lead server fields written [tenant={}, lead={}, version={}, action={}, events={}]",
            tenantId,
            next.id(),
            next.version(),
            action,
            events.get(k).stream().map(DomainEvent::type).toList());
        entries.add(new LeadHistoryEntry(
            next.id(),
            next.version(),
            now,
            actor,
            null,
            action,
            deltas(befores.get(k), next),
            null));
        if (!writables.get(k).isEmpty()) {
          toldBefore.add(befores.get(k));
          told.add(next);
        }
      }
      if (stored) {
        eventsStored.forEach(Runnable::run);
      }
      Future<Void> history =
          entries.isEmpty() ? Future.succeededFuture() : catalog.appendHistory(tenantId, entries);
      return history
          .compose(v -> writer.notifyChangedEach(toldBefore, told, actor))
          .map(out);
    });
  }

  /** Identity, version and update time from the stored state; fieldMeta stamped for changed writable fields. */
  private static Lead stamp(
      Lead changed,
      Lead current,
      List<LeadChanges.Change> writable,
      long version,
      Instant now,
      String actor) {
    if (!Objects.equals(changed.id(), current.id())
        || !Objects.equals(changed.tenantId(), current.tenantId())) {
      throw new IllegalArgumentException("a server change may not change the lead's identity");
    }
    Lead next = changed.withVersion(version, now);
    if (writable.isEmpty()) {
      return next;
    }
    ObjectNode node = Json.MAPPER.valueToTree(next);
    node.set(
        LeadFields.FIELD_META,
        Json.MAPPER.valueToTree(LeadChanges.touch(
            current.bookkeeping().fieldMeta(), writable, version, now, actor, null)));
    return Json.MAPPER.convertValue(node, Lead.class);
  }

  private static List<LeadHistoryEntry.FieldDelta> deltas(Lead before, Lead after) {
    JsonNode b = Json.MAPPER.valueToTree(before);
    ObjectNode a = Json.MAPPER.valueToTree(after);
    List<LeadHistoryEntry.FieldDelta> out = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    a.fieldNames().forEachRemaining(fields::add);
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!a.has(f)) {
        fields.add(f);
      }
    }
    for (String f : fields) {
      if (NOT_IN_HISTORY.contains(f) || Objects.equals(b.get(f), a.get(f))) {
        continue;
      }
      out.add(new LeadHistoryEntry.FieldDelta(
          f, LeadWriter.plain(b.get(f)), LeadWriter.plain(a.get(f))));
    }
    return out;
  }
}
