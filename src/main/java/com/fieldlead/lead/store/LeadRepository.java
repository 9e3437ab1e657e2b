package com.fieldlead.lead.store;

import com.fieldlead.events.DomainEvent;
import com.fieldlead.lead.LeadService;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.store.IndexDef;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where leads live. Every method is scoped to one tenant; list and count apply the caller's {@link Visibility}. */
public interface LeadRepository {

  /** The lead with this id in this tenant, tombstones included. */
  Future<Optional<Lead>> find(String tenantId, String id);

  /**
   * The leads of this tenant that carry {@code externalId} of {@code system} in their {@code externalIds}, tombstones
   * included, the most recently updated first.
   */
  Future<List<Lead>> findByExternalId(String tenantId, String system, String externalId);

  /** The leads with these ids in this tenant, tombstones included (ids not found are left out). */
  Future<List<Lead>> findMany(String tenantId, Collection<String> ids);

  /** The current version of each of these leads, by id (ids not found are left out): reads no lead's fields. */
  Future<Map<String, Long>> versions(String tenantId, Collection<String> ids);

  /** {@code written} as reading it back gives it (the store's precision: instants to the millisecond). */
  Lead asStored(Lead written);

  /**
   * Several version-checked replacements in one stamped bulk write, for leads whose owner, team and event do not change
   * (so no lead leaves anyone's sync scope): each of {@code nexts} replaces the lead read as {@code befores} at the
   * same index, if it is still at that version. Answers, per lead in order, whether it was written (false: stale).
   */
  default Future<List<Boolean>> replaceMany(List<Lead> befores, List<Lead> nexts) {
    return replaceMany(befores, nexts, Collections.nCopies(nexts.size(), List.of()));
  }

  /** {@link #replaceMany(List, List)}, each write storing its lead's domain events with it (none: an empty list). */
  default Future<List<Boolean>> replaceMany(
      List<Lead> befores, List<Lead> nexts, List<List<DomainEvent>> events) {
    return replaceMany(befores, nexts, events, Collections.nCopies(nexts.size(), null));
  }

  /**
   * {@link #replaceMany(List, List, List)}, each lead also keeping {@code writes.get(i)} (when not null) as its
   * {@linkplain #lastWrite last client write}, stored in the same single-document update.
   */
  Future<List<Boolean>> replaceMany(
      List<Lead> befores,
      List<Lead> nexts,
      List<List<DomainEvent>> events,
      List<LeadHistoryEntry> writes);

  /**
   * The history entry of the lead's last client write, stored with the lead by that very write (a stored-only field
   * no reader of the lead sees). Its history entry is written last, after the change listeners: when the entry is
   * missing from the history, that write's follow-up did not finish (its instance died), and a takeover finishes it
   * ({@link LeadService#settle}).
   */
  Future<Optional<LeadHistoryEntry>> lastWrite(String tenantId, String id);

  /** The content hash the lead was created with (for idempotent re-creates), if any. */
  Future<Optional<String>> createHash(String tenantId, String id);

  /** Inserts a new lead; the future holds false when the id exists already in this tenant. */
  default Future<Boolean> insert(Lead lead, String createHash) {
    return insert(lead, createHash, List.of());
  }

  /** {@link #insert(Lead, String)}, storing {@code events} in the lead's pending domain events with it. */
  Future<Boolean> insert(Lead lead, String createHash, List<DomainEvent> events);

  /**
   * Inserts new leads of one tenant with their create hashes in one stamped insert; answers, per lead in order,
   * whether it was inserted (false: the id exists already in this tenant).
   */
  default Future<List<Boolean>> insertAll(List<Lead> leads, List<String> createHashes) {
    return insertAll(leads, createHashes, Collections.nCopies(leads.size(), List.of()));
  }

  /** {@link #insertAll(List, List)}, each lead stored with its pending domain events ({@code events}, same order). */
  Future<List<Boolean>> insertAll(
      List<Lead> leads, List<String> createHashes, List<List<DomainEvent>> events);

  /** Inserts many new leads at once (imports, seeding, benchmarks); existing ids are skipped. */
  Future<Void> insertMany(List<Lead> leads);

  /** Replaces the stored lead if its version is still {@code expectedVersion}; false when it is not (stale). */
  Future<Boolean> replace(Lead next, long expectedVersion);

  /**
   * Like {@link #replace}, and appends {@code events} to the lead's stored-only {@code pendingEvents} in the same
   * single-document update, so the change and its events are stored together or not at all.
   */
  default Future<Boolean> replace(Lead next, long expectedVersion, List<DomainEvent> events) {
    return replace(next, expectedVersion, events, null);
  }

  /** {@link #replace(Lead, long, List)}, the lead also keeping {@code write} (when not null) as its last client write. */
  Future<Boolean> replace(
      Lead next, long expectedVersion, List<DomainEvent> events, LeadHistoryEntry write);

  /** Up to {@code limit} events waiting in leads' {@code pendingEvents} (any tenant), for the relay. */
  Future<List<DomainEvent>> pendingEvents(int limit);

  /** Removes one relayed event from the lead's {@code pendingEvents} (no version change: not a lead change). */
  Future<Void> removePendingEvent(String tenantId, String leadId, String eventId);

  /** Removes relayed events from their leads' {@code pendingEvents}: one update per tenant (no version change). */
  Future<Void> removePendingEvents(List<DomainEvent> events);

  /** Live leads of the tenant in id order after {@code afterId} (null: from the start); background batches. */
  Future<List<Lead>> scan(String tenantId, String afterId, int limit);

  /** Live leads of any tenant whose {@code scoreNextDecayAt} is at or before {@code now}. */
  Future<List<Lead>> decayDue(Instant now, int limit);

  /** One page of visible, live leads matching {@code query}, in {@code order}, after {@code after} (may be null). */
  Future<List<Lead>> list(
      String tenantId,
      Visibility visibility,
      LeadQuery query,
      LeadQuery.Order order,
      CursorCodec.Position after,
      int limit);

  /**
   * {@link #list} reading only {@code fields} of each lead (and its id and version; null: every field), for readers that need a
   * few columns of many leads (a CSV export): the other fields of the answered leads are null.
   */
  Future<List<Lead>> list(
      String tenantId,
      Visibility visibility,
      LeadQuery query,
      LeadQuery.Order order,
      CursorCodec.Position after,
      int limit,
      Collection<String> fields);

  /** How many visible, live leads match {@code query}. */
  Future<Long> count(String tenantId, Visibility visibility, LeadQuery query);

  /**
   * Live leads that share a normalised email, a valid E.164 phone, or a normalised name or company with any of
   * {@code leads}, in one read (a superset for name and company: the caller pairs them), with their contact fields
   * only.
   */
  Future<List<Lead>> likelyDuplicatesOfAny(String tenantId, Collection<Lead> leads);

  /** Live leads sharing the normalised email, the valid E.164 phone, or the normalised name and company. */
  Future<List<Lead>> likelyDuplicates(String tenantId, Lead lead, int limit);

  /** Of {@code eventIds}, those at which {@code userId} captured a lead. */
  Future<Set<String>> eventsCapturedAt(String tenantId, String userId, Collection<String> eventIds);

  /** Whether any lead (tombstones included) has {@code status}. */
  Future<Boolean> statusInUse(String tenantId, String status);

  List<IndexDef> indexes();
}
