package com.fieldlead.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.http.EntityTags;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadChanges;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.LeadStatus;
import com.fieldlead.lead.model.LeadSummary;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.lead.store.LeadRepository;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a stored lead changes: bumps the version, stamps per-field metadata and stage history, writes with
 * an optimistic version check (stale: 412), appends the history entry and tells status listeners.
 */
final class LeadWriter {

  private static final Logger LOG = LoggerFactory.getLogger(LeadWriter.class);

  private final LeadRepository leads;
  private final LeadCatalogRepository catalog;
  private final List<LeadLookup.StatusListener> statusListeners;
  private final List<LeadChangeListener> changeListeners;
  private final List<LeadPreparer> preparers;
  private final Clock clock;
  private final List<Runnable> eventsStored = new CopyOnWriteArrayList<>();

  LeadWriter(
      LeadRepository leads,
      LeadCatalogRepository catalog,
      List<LeadLookup.StatusListener> statusListeners,
      List<LeadChangeListener> changeListeners,
      List<LeadPreparer> preparers,
      Clock clock) {
    this.leads = leads;
    this.catalog = catalog;
    this.statusListeners = statusListeners;
    this.changeListeners = changeListeners;
    this.preparers = preparers;
    this.clock = clock;
  }

  /**
   * New leads as they will be stored: every {@link LeadPreparer} in turn (scoring sets the score and a hot capture's
   * event). A failing preparer fails the create: a lead is never stored half prepared.
   */
  Future<List<LeadPreparer.Prepared>> prepare(List<Lead> fresh) {
    Future<List<LeadPreparer.Prepared>> chain =
        Future.succeededFuture(fresh.stream().map(LeadPreparer.Prepared::of).toList());
    for (LeadPreparer preparer : preparers) {
      chain = chain.compose(preparer::prepare);
    }
    return chain;
  }

  /** {@link #prepare} of one lead. */
  Future<LeadPreparer.Prepared> prepare(Lead fresh) {
    return prepare(List.of(fresh)).map(all -> all.get(0));
  }

  /**
   * The lead as stored now: listeners (rescoring, routing) may have written server-owned fields after {@code written},
   * and the caller must get the version it has to send as If-Match next, not one that is already stale.
   */
  Future<Lead> latest(Lead written) {
    return leads
        .find(written.tenantId(), written.id())
        .map(found -> found.filter(l -> l.version() >= written.version()).orElse(written));
  }

  /** Tells every change listener of one written lead: a list of one change ({@link #notifyChangedEach}). */
  Future<Void> notifyChanged(Lead before, Lead after, String actor) {
    return notifyChangedEach(Collections.singletonList(before), List.of(after), actor);
  }

  /**
   * Tells every change listener, one after another, of the written leads ({@code afters}, each written over the one
   * at the same index of {@code befores}, null for a lead just created): each listener gets them together
   * ({@link LeadChangeListener#leadsChanged}), so each lead meets the listeners in their order. A failing listener is
   * logged and skipped. Nothing written, nothing told.
   */
  Future<Void> notifyChangedEach(List<Lead> befores, List<Lead> afters, String actor) {
    if (afters.isEmpty()) {
      return Future.succeededFuture();
    }
    List<LeadChangeListener.Change> changes = new ArrayList<>(afters.size());
    for (int i = 0; i < afters.size(); i++) {
      changes.add(new LeadChangeListener.Change(befores.get(i), afters.get(i)));
    }
    Lead first = afters.get(0);
    return eachListener(
        l -> l.leadsChanged(changes, actor, LISTENERS_IN_FLIGHT),
        e -> LOG.warn(
            "lead change listener failed [tenant={}, leads={}, first={}, version={}]",
            first.tenantId(),
            afters.size(),
            first.id(),
            first.version(),
            e));
  }

  /** {@code call} on every change listener, one after another; a failing listener goes to {@code onFailure}. */
  private Future<Void> eachListener(
      Function<LeadChangeListener, Future<Void>> call, Consumer<Throwable> onFailure) {
    Future<Void> chain = Future.succeededFuture();
    for (LeadChangeListener l : changeListeners) {
      chain =
          chain.compose(v -> LeadChangeListener.Windows.guarded(() -> call.apply(l), onFailure));
    }
    return chain;
  }

  Instant now() {
    return clock.instant();
  }

  /** A client write of one lead: {@code after} stored as the next version of {@code before} ({@link #writeAll}). */
  record Write(Lead before, Lead after, String action, String otherLeadId) {

    /** An edit ({@code PATCH}, a sync push's merge, an upsert, an import row). */
    static Write edit(Lead before, Lead after) {
      return new Write(before, after, "update", null);
    }
  }

  /**
   * {@link #writeAll} of one write: the lead as stored now; a 412 problem when it changed since {@code before} was
   * read. {@code deletedAt}/{@code mergedInto}/{@code conversion} are taken from {@code after}; everything else
   * server-owned from {@code before}.
   */
  Future<Lead> write(
      Principal p,
      Lead before,
      Lead after,
      String action,
      String otherLeadId,
      LeadSettings settings) {
    return writeAll(p, List.of(new Write(before, after, action, otherLeadId)), settings)
        .compose(all -> all.get(0) == null
            ? Future.failedFuture(stale(before.id()))
            : Future.succeededFuture(all.get(0)));
  }

  /**
   * Stores client writes of different leads of one tenant (one, or several of a sync push), each as the next version
   * of the lead as read ({@link Write#before}, version-checked): the version bumped, per-field metadata and stage
   * history stamped, the history entry stored with the lead as its last write. Each lead's store write is chosen by
   * what it changes: edits of fields only go together in one stamped bulk write; a write that moves the lead (its
   * status, owner, team or event) or is not an edit (a delete, a merge, a conversion) is a find-and-modify of its own,
   * which records the lead's exit from the scope it left and stores its status change's domain event with it. Then,
   * in this order: the status listeners of each lead whose status changed, the change listeners (of all the leads
   * written, together), the history entries (one insert). The entries go last: a write whose entry is missing from the
   * history did not finish, and {@link #settle} finishes it. Answers, per write in order, the lead as stored now
   * (listeners may have written server-owned fields since: the caller must get the version to send as If-Match next),
   * or null when the lead changed since it was read (stale: nothing written).
   */
  Future<List<Lead>> writeAll(Principal p, List<Write> writes, LeadSettings settings) {
    Instant now = now();
    int n = writes.size();
    List<Lead> befores = new ArrayList<>(n);
    List<Lead> nexts = new ArrayList<>(n);
    List<List<LeadChanges.Change>> changes = new ArrayList<>(n);
    List<LeadHistoryEntry> entries = new ArrayList<>(n);
    List<List<DomainEvent>> events = new ArrayList<>(n);
    List<Future<Boolean>> landed = new ArrayList<>(Collections.nCopies(n, null));
    List<Integer> edits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Write w = writes.get(i);
      Lead before = w.before();
      List<LeadChanges.Change> changed = LeadChanges.diff(before, w.after());
      Lead next = next(p, before, w.after(), changed, now);
      LeadHistoryEntry entry = new LeadHistoryEntry(
          next.id(),
          next.version(),
          now,
          p.userId(),
          p.deviceId(),
          w.action(),
          deltas(changed, before, next),
          w.otherLeadId());
      befores.add(before);
      nexts.add(next);
      changes.add(changed);
      entries.add(entry);
      events.add(statusEvents(before, next, settings, now));
      if (isFieldEdit(w, next)) {
        edits.add(i);
      } else {
        landed.set(i, leads.replace(next, before.version(), events.get(i), entry));
      }
    }
    Future<List<Boolean>> together = edits.isEmpty()
        ? Future.succeededFuture(List.of())
        : leads.replaceMany(
            pick(befores, edits), pick(nexts, edits), pick(events, edits), pick(entries, edits));
    List<Future<?>> all =
        new ArrayList<>(landed.stream().filter(Objects::nonNull).toList());
    all.add(together);
    // every write that landed is followed, even when another failed (the call then fails after)
    return Future.join(all).transform(x -> {
      if (together.succeeded()) {
        for (int k = 0; k < edits.size(); k++) {
          landed.set(edits.get(k), Future.succeededFuture(together.result().get(k)));
        }
      }
      List<Integer> written = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (landed.get(i) != null && landed.get(i).succeeded() && landed.get(i).result()) {
          written.add(i);
          if (!events.get(i).isEmpty()) {
            eventsStored();
          }
          logWritten(nexts.get(i), writes.get(i).action(), changes.get(i));
        }
      }
      Throwable failed =
          all.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(null);
      return follow(pick(befores, written), pick(nexts, written), pick(entries, written), settings)
          .compose(
              v -> failed != null ? Future.failedFuture(failed) : stored(nexts, written, edits));
    });
  }

  /**
   * An edit of fields only ({@code next} written over {@code w.before()}): the status, owner, team and event stay as
   * they are, so the lead leaves nobody's scope and no status listener is told.
   */
  private static boolean isFieldEdit(Write w, Lead next) {
    Lead before = w.before();
    return "update".equals(w.action())
        && before.qualification().status().equals(next.qualification().status())
        && Objects.equals(before.routing().ownerId(), next.routing().ownerId())
        && Objects.equals(before.routing().teamId(), next.routing().teamId())
        && Objects.equals(before.capture().eventId(), next.capture().eventId());
  }

  /**
   * The written leads ({@code nexts} at {@code written}) as stored now, null for the others (stale): a lead written on
   * its own is read back ({@link #latest}); the field edits written together as {@link #afterMany} answers them.
   */
  private Future<List<Lead>> stored(List<Lead> nexts, List<Integer> written, List<Integer> edits) {
    List<Future<Lead>> out = new ArrayList<>(Collections.nCopies(nexts.size(), null));
    Set<Integer> edited = new HashSet<>(edits);
    List<Integer> together = written.stream().filter(edited::contains).toList();
    Future<Map<String, Lead>> rewritten = together.isEmpty()
        ? Future.succeededFuture(Map.of())
        : rewritten(nexts.get(together.get(0)).tenantId(), pick(nexts, together));
    for (int i : written) {
      Lead next = nexts.get(i);
      out.set(
          i,
          edited.contains(i)
              ? rewritten.map(byId -> {
                Lead now = byId.get(next.id());
                return now != null && now.version() > next.version() ? now : leads.asStored(next);
              })
              : latest(next));
    }
    return Future.all(out.stream().filter(Objects::nonNull).toList())
        .map(x -> out.stream().map(f -> f == null ? null : f.result()).toList());
  }

  private static <T> List<T> pick(List<T> all, List<Integer> indexes) {
    return indexes.stream().map(all::get).toList();
  }

  /**
   * What follows client writes of {@code nexts} over {@code befores}, in this order: the status listeners of each lead
   * whose status changed, the change listeners (all the leads together), then the writes' history entries. The entries
   * go last: a write whose entry is missing from the history did not finish, and {@link #settle} finishes it.
   */
  private Future<Void> follow(
      List<Lead> befores, List<Lead> nexts, List<LeadHistoryEntry> entries, LeadSettings settings) {
    if (nexts.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> status = new ArrayList<>();
    for (int i = 0; i < nexts.size(); i++) {
      Lead before = befores.get(i);
      Lead next = nexts.get(i);
      if (!before.qualification().status().equals(next.qualification().status())) {
        status.add(notifyStatus(next, before.qualification().status(), settings));
      }
    }
    return Future.all(status)
        .compose(v -> notifyChangedEach(befores, nexts, entries.get(0).by()))
        .compose(v -> catalog.appendHistory(nexts.get(0).tenantId(), entries));
  }

  /**
   * Finishes the last client write of a lead when its follow-up did not (its instance died after the write, before
   * the history entry): the listeners run for that write (the lead as stored now, over the lead with the write's
   * changes undone), then its history entry is appended. Nothing happens when the write finished, or when the lead
   * has no recorded client write, or when that write was not made by {@code userId} from {@code deviceId} (another
   * writer's write may be finishing right now). Answers whether anything was finished.
   */
  Future<Boolean> settle(String tenantId, String userId, String deviceId, String leadId) {
    return leads.lastWrite(tenantId, leadId).compose(last -> {
      if (last.isEmpty()
          || !Objects.equals(last.get().by(), userId)
          || !Objects.equals(last.get().device(), deviceId)) {
        return Future.succeededFuture(false);
      }
      LeadHistoryEntry entry = last.get();
      return catalog.history(tenantId, leadId, entry.version() + 1, 1).compose(newest -> {
        if (!newest.isEmpty() && newest.get(0).version() == entry.version()) {
          return Future.succeededFuture(false); // finished
        }
        return leads.find(tenantId, leadId).compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture(false);
          }
          Lead now = found.get();
          Lead before = LeadChanges.undo(now, entry.changes());
          LOG.info(
              "lead write finished after its first attempt stopped [tenant={}, lead={}, version={}, by={}]",
              tenantId,
              leadId,
              entry.version(),
              entry.by());
          return catalog
              .recentSettings(tenantId)
              .compose(settings -> follow(List.of(before), List.of(now), List.of(entry), settings))
              .map(true);
        });
      });
    });
  }

  /** How many leads' change listeners run side by side after a batch of writes or creates. */
  private static final int LISTENERS_IN_FLIGHT = 32;

  /**
   * Inserts several new leads of one tenant at once (a sync push), with their create history and change listeners.
   * Answers, per lead in order, the lead as stored now, or null when its id exists already (nothing written).
   */
  Future<List<Lead>> createMany(Principal p, List<Lead> candidates, List<String> createHashes) {
    return prepare(candidates).compose(prepared -> {
      List<Lead> fresh = prepared.stream().map(LeadPreparer.Prepared::lead).toList();
      List<List<DomainEvent>> events =
          prepared.stream().map(LeadPreparer.Prepared::events).toList();
      return leads.insertAll(fresh, createHashes, events).compose(inserted -> {
        for (int i = 0; i < fresh.size(); i++) {
          if (inserted.get(i) && !events.get(i).isEmpty()) {
            eventsStored();
            break;
          }
        }
        List<LeadHistoryEntry> entries = new ArrayList<>();
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
          if (inserted.get(i)) {
            written.add(i);
            entries.add(created(p, fresh.get(i)));
          }
        }
        return afterMany(p, Collections.nCopies(fresh.size(), null), fresh, written, entries);
      });
    });
  }

  /**
   * The {@code lead.status_changed} event of a write that changed the status (none otherwise), stored with the write
   * itself so that a consumer (the CRM connectors) sees every status change even when the instance dies right after.
   */
  private static List<DomainEvent> statusEvents(
      Lead before, Lead next, LeadSettings settings, Instant now) {
    if (before.qualification().status().equals(next.qualification().status())) {
      return List.of();
    }
    Map<String, Object> data = new HashMap<>();
    data.put("from", before.qualification().status());
    data.put("to", next.qualification().status());
    data.put(
        "meaning",
        settings == null
            ? null
            : settings
                .status(next.qualification().status())
                .map(LeadStatus::meaning)
                .orElse(null));
    return List.of(
        DomainEvent.of(next.tenantId(), DomainEvent.LEAD_STATUS_CHANGED, next.id(), data, now));
  }

  /** Runs {@code hook} after a create stored domain events with its lead (as the server-field writer does). */
  void onEventsStored(Runnable hook) {
    eventsStored.add(hook);
  }

  /** Tells the hooks that a create stored domain events (so alerts and webhooks need not wait for the relay). */
  void eventsStored() {
    eventsStored.forEach(Runnable::run);
  }

  /** The history entry of a new lead: every field it was created with. */
  static LeadHistoryEntry created(Principal p, Lead lead) {
    return new LeadHistoryEntry(
        lead.id(),
        lead.version(),
        lead.bookkeeping().createdAt(),
        p.userId(),
        p.deviceId(),
        "create",
        LeadChanges.diff(null, lead).stream()
            .map(c -> new LeadHistoryEntry.FieldDelta(c.field(), null, plain(c.after())))
            .toList(),
        null);
  }

  /**
   * The change listeners {@link #LISTENERS_IN_FLIGHT} leads at a time, then the history, then the leads as stored. The
   * history goes last: a capture whose create entry is missing did not finish, and its replay finishes it
   * ({@link LeadService#create}).
   */
  private Future<List<Lead>> afterMany(
      Principal p,
      List<Lead> befores,
      List<Lead> nexts,
      List<Integer> written,
      List<LeadHistoryEntry> entries) {
    if (written.isEmpty()) {
      return Future.succeededFuture(Collections.<Lead>nCopies(nexts.size(), null));
    }
    String tenantId = nexts.get(0).tenantId();
    List<Lead> stored = written.stream().map(nexts::get).toList();
    return tell(p, befores, nexts, written)
        .compose(v -> catalog.appendHistory(tenantId, entries))
        .compose(v -> rewritten(tenantId, stored))
        .map(rewritten -> {
          List<Lead> out = new ArrayList<>(Collections.<Lead>nCopies(nexts.size(), null));
          for (int i : written) {
            Lead next = nexts.get(i);
            Lead now = rewritten.get(next.id());
            out.set(i, now != null && now.version() > next.version() ? now : leads.asStored(next));
          }
          return out;
        });
  }

  /**
   * The written leads a listener (scoring, routing) has written again since, as stored now, by id: a lead alone is
   * read back whole ({@link #latest}); of several, the versions are read and only the leads that moved read whole.
   */
  private Future<Map<String, Lead>> rewritten(String tenantId, List<Lead> written) {
    if (written.size() == 1) {
      return latest(written.get(0)).map(now -> Map.of(now.id(), now));
    }
    return leads
        .versions(tenantId, written.stream().map(Lead::id).toList())
        .compose(versions -> leads.findMany(
            tenantId,
            written.stream()
                .filter(next -> versions.getOrDefault(next.id(), 0L) > next.version())
                .map(Lead::id)
                .toList()))
        .map(found -> {
          Map<String, Lead> byId = new HashMap<>();
          found.forEach(l -> byId.put(l.id(), l));
          return byId;
        });
  }

  /** The change listeners of the written leads, all of them together ({@link #notifyChangedEach}). */
  private Future<Void> tell(
      Principal p, List<Lead> befores, List<Lead> nexts, List<Integer> written) {
    return notifyChangedEach(
        written.stream().map(befores::get).toList(),
        written.stream().map(nexts::get).toList(),
        p.userId());
  }

  /** The next stored version of {@code before} with {@code after}'s writable fields (see {@link #write}). */
  private static Lead next(
      Principal p, Lead before, Lead after, List<LeadChanges.Change> changes, Instant now) {
    long version = before.version() + 1;
    List<Lead.StageChange> stages = new ArrayList<>(
        before.qualification().stageHistory() == null
            ? List.of()
            : before.qualification().stageHistory());
    if (!before.qualification().status().equals(after.qualification().status())) {
      stages.add(new Lead.StageChange(
          before.qualification().status(),
          after.qualification().status(),
          p.userId(),
          now,
          after.qualification().statusReason()));
    }
    return after.toBuilder()
        .id(before.id())
        .tenantId(before.tenantId())
        .version(version)
        .capturedBy(before.capture().capturedBy())
        .deviceCapturedAt(before.capture().deviceCapturedAt())
        .receivedAt(before.capture().receivedAt())
        .stageHistory(List.copyOf(stages))
        .score(before.scoring().score())
        .temperature(before.scoring().temperature())
        .scoreExplanation(before.scoring().scoreExplanation())
        .fieldMeta(LeadChanges.touch(
            before.bookkeeping().fieldMeta(), changes, version, now, p.userId(), p.deviceId()))
        .createdAt(before.bookkeeping().createdAt())
        .createdBy(before.bookkeeping().createdBy())
        .updatedAt(now)
        .scoreDetails(before.scoring().scoreDetails())
        .scoreNextDecayAt(before.scoring().scoreNextDecayAt())
        .hotOverride(before.scoring().hotOverride())
        .scan(before.capture().scan())
        .crm(before.bookkeeping().crm())
        .build();
  }

  private static void logWritten(Lead next, String action, List<LeadChanges.Change> changes) {
    LOG.info(
        "lead written [tenant={}, lead={}, version={}, action={}, fields={}]",
        next.tenantId(),
        next.id(),
        next.version(),
        action,
        changes.stream().map(LeadChanges.Change::field).toList());
  }

  /** History deltas: the writable field changes plus deletion, merge and conversion markers. */
  private static List<LeadHistoryEntry.FieldDelta> deltas(
      List<LeadChanges.Change> changes, Lead before, Lead next) {
    List<LeadHistoryEntry.FieldDelta> out = new ArrayList<>();
    for (LeadChanges.Change c : changes) {
      out.add(new LeadHistoryEntry.FieldDelta(c.field(), plain(c.before()), plain(c.after())));
    }
    serverDelta(
        out,
        LeadFields.DELETED_AT,
        before.bookkeeping().deletedAt(),
        next.bookkeeping().deletedAt());
    serverDelta(
        out,
        LeadFields.MERGED_INTO,
        before.bookkeeping().mergedInto(),
        next.bookkeeping().mergedInto());
    serverDelta(
        out,
        LeadFields.CONVERSION,
        before.qualification().conversion(),
        next.qualification().conversion());
    return out;
  }

  private static void serverDelta(
      List<LeadHistoryEntry.FieldDelta> out, String field, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(new LeadHistoryEntry.FieldDelta(
          field, plain(Json.MAPPER.valueToTree(a)), plain(Json.MAPPER.valueToTree(b))));
    }
  }

  static Object plain(JsonNode node) {
    return node == null || node.isNull() ? null : Json.MAPPER.convertValue(node, Object.class);
  }

  private Future<Void> notifyStatus(Lead lead, String from, LeadSettings settings) {
    LeadSummary summary = LeadModule.summary(lead, settings);
    Future<Void> chain = Future.succeededFuture();
    for (LeadLookup.StatusListener l : statusListeners) {
      chain =
          chain.compose(v -> l.statusChanged(summary, from, lead.qualification().status())
              .recover(e -> {
                LOG.warn(
                    "status listener failed [lead={}, from={}, to={}]",
                    lead.id(),
                    from,
                    lead.qualification().status(),
                    e);
                return Future.succeededFuture();
              }));
    }
    return chain;
  }

  static ProblemException stale(String id) {
    return new ProblemException(
        ErrorCode.PRECONDITION_FAILED,
        "lead " + id + " was changed by someone else; get it again and reapply your change");
  }

  /** The version an If-Match header names; 428 when absent (and required), 400 when not a version. */
  static Long ifMatch(String header, boolean required) {
    if (EntityTags.absent(header)) {
      if (required) {
        throw new ProblemException(
            ErrorCode.PRECONDITION_REQUIRED,
            "send If-Match with the lead's ETag (its version) to change it");
      }
      return null;
    }
    return EntityTags.version(header)
        .orElseThrow(() -> new ProblemException(
            ErrorCode.BAD_REQUEST,
            "If-Match must be the lead's ETag, for example \"3\"",
            List.of(new FieldError("header.If-Match", "format", "not a version")),
            Map.of()));
  }

  /** 412 unless {@code expected} is null or the current version. */
  static void checkVersion(Lead current, Long expected) {
    if (expected != null && expected != current.version()) {
      throw new ProblemException(
          ErrorCode.PRECONDITION_FAILED,
          "If-Match " + expected + " is stale: lead " + current.id() + " is at version "
              + current.version(),
          List.of(),
          Map.of("ETag", etag(current)));
    }
  }

  static String etag(Lead lead) {
    return EntityTags.of(lead.version());
  }
}
