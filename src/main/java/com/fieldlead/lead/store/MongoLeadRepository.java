package com.fieldlead.lead.store;

import static com.fieldlead.lead.model.LeadFields.*;

import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.DomainEventCodec;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadComponents;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.UnwrittenCache;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Leads in MongoDB: one document per lead, keyed by (tenantId, id), with stored search keys beside the fields. */
public final class MongoLeadRepository implements LeadRepository {

  private static final Logger LOG = LoggerFactory.getLogger(MongoLeadRepository.class);

  private final MongoCollection<Document> leads;
  private final MongoCollection<Document> exits;
  private final ChangeStamper stamper;
  /**
   * Whether a user captured a lead at an event (the access check of every pull and lead read by a rep), kept while
   * the leads are unwritten ({@link UnwrittenCache}).
   */
  private final UnwrittenCache<String, Boolean> capturedAt;

  public MongoLeadRepository(MongoStore store, ChangeStamper stamper) {
    this.leads = store.collection(LEADS);
    this.exits = store.collection(SCOPE_EXITS);
    this.capturedAt = new UnwrittenCache<>(store, LEADS);
    this.stamper = Objects.requireNonNull(stamper, "stamper");
  }

  /** One index per query shape, tenantId first (the embedded store ignores non-unique compound ones). */
  @Override
  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>();
    all.add(IndexDef.unique(LEADS, "leads_tenant_id", Indexes.ascending(TENANT_ID, ID)));
    all.add(IndexDef.of(LEADS, "leads_created", Indexes.descending(TENANT_ID, CREATED_AT, ID)));
    all.add(IndexDef.of(LEADS, "leads_updated", Indexes.descending(TENANT_ID, UPDATED_AT, ID)));
    all.add(IndexDef.of(LEADS, "leads_captured", Indexes.descending(TENANT_ID, CAPTURED_AT, ID)));
    all.add(
        IndexDef.of(LEADS, "leads_last_name", Indexes.ascending(TENANT_ID, LAST_NAME_NORM, ID)));
    all.add(IndexDef.of(LEADS, "leads_company", Indexes.ascending(TENANT_ID, COMPANY_NORM, ID)));
    all.add(IndexDef.of(LEADS, "leads_score", Indexes.descending(TENANT_ID, SCORE, ID)));
    for (String f : List.of(
        STATUS, OWNER_ID, TEAM_ID, CAPTURED_BY, EVENT_ID, CAMPAIGN, SOURCE, TEMPERATURE, TAGS)) {
      all.add(IndexDef.of(
          LEADS,
          "leads_" + f + "_created",
          Indexes.compoundIndex(
              Indexes.ascending(TENANT_ID, f), Indexes.descending(CREATED_AT, ID))));
    }
    all.add(
        IndexDef.of(LEADS, "leads_sync_seq", Indexes.ascending(TENANT_ID, ChangeStamper.FIELD)));
    // a scoped pull ({$or: [ownerId, capturedBy, teamId $in, eventId $in]} in a syncSeq window):
    // one index per branch
    for (String f : List.of(OWNER_ID, CAPTURED_BY, TEAM_ID, EVENT_ID)) {
      all.add(IndexDef.of(
          LEADS, "leads_" + f + "_sync_seq", Indexes.ascending(TENANT_ID, f, ChangeStamper.FIELD)));
    }
    all.add(IndexDef.of(
        SCOPE_EXITS,
        "lead_scope_exits_sync_seq",
        Indexes.ascending(TENANT_ID, ChangeStamper.FIELD)));
    all.add(IndexDef.of(LEADS, "leads_email", Indexes.ascending(TENANT_ID, EMAIL_NORM)));
    all.add(IndexDef.of(
        LEADS, "leads_name_company", Indexes.ascending(TENANT_ID, NAME_NORM, COMPANY_NORM)));
    all.add(IndexDef.of(LEADS, "leads_phone", Indexes.ascending(TENANT_ID, PHONE)));
    all.add(IndexDef.of(LEADS, "leads_external_ids", Indexes.ascending(TENANT_ID, EXTERNAL_KEYS)));
    all.add(IndexDef.of(
        LEADS, "leads_captured_by_event", Indexes.ascending(TENANT_ID, CAPTURED_BY, EVENT_ID)));
    all.add(new IndexDef(
        LEADS,
        Indexes.ascending(TENANT_ID, DELETED_AT),
        new IndexOptions().name("leads_tombstones").sparse(true)));
    // background work across tenants: the decay job and the event relay (sparse: most leads have
    // neither)
    all.add(new IndexDef(
        LEADS,
        Indexes.ascending(SCORE_NEXT_DECAY_AT),
        new IndexOptions().name("leads_score_next_decay").sparse(true)));
    all.add(new IndexDef(
        LEADS,
        Indexes.ascending(PENDING_EVENTS + "." + DomainEventCodec.ID),
        new IndexOptions().name("leads_pending_events").sparse(true)));
    return all;
  }

  @Override
  public Future<Optional<Lead>> find(String tenantId, String id) {
    return MongoFutures.first(leads
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(ID, id)))
            .limit(1))
        .map(d -> d.map(MongoLeadRepository::toLead));
  }

  @Override
  public Future<List<Lead>> findByExternalId(String tenantId, String system, String externalId) {
    return MongoFutures.list(leads
            .find(Filters.and(
                Filters.eq(TENANT_ID, tenantId),
                Filters.eq(EXTERNAL_KEYS, SearchKeys.external(system, externalId))))
            .limit(20))
        .map(docs -> docs.stream()
            .map(MongoLeadRepository::toLead)
            .sorted(Comparator.comparing(
                l -> l.bookkeeping().updatedAt(),
                Comparator.nullsLast(Comparator.<Instant>reverseOrder())))
            .toList());
  }

  @Override
  public Future<List<Lead>> findMany(String tenantId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return MongoFutures.list(
            leads.find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(ID, ids))))
        .map(docs -> docs.stream().map(MongoLeadRepository::toLead).toList());
  }

  @Override
  public Future<Map<String, Long>> versions(String tenantId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return MongoFutures.list(leads
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(ID, ids)))
            .projection(Projections.include(ID, VERSION)))
        .map(docs -> {
          Map<String, Long> out = new HashMap<>();
          docs.forEach(d -> out.put(d.getString(ID), ((Number) d.get(VERSION)).longValue()));
          return out;
        });
  }

  @Override
  public Lead asStored(Lead written) {
    return asStoredLead(written);
  }

  static Lead asStoredLead(Lead written) {
    return toLead(toDocument(written));
  }

  @Override
  public Future<List<Boolean>> replaceMany(
      List<Lead> befores,
      List<Lead> nexts,
      List<List<DomainEvent>> events,
      List<LeadHistoryEntry> writes) {
    if (events.size() != nexts.size() || writes.size() != nexts.size()) {
      throw new IllegalArgumentException("replaceMany: one list of events and one write per lead");
    }
    if (nexts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String tenantId =
        oneTenant(nexts, befores.size(), "replaceMany: one lead as read per lead to write");
    return stamper.stamped(tenantId, nexts.size(), first -> {
      List<WriteModel<Document>> updates = new ArrayList<>();
      for (int i = 0; i < nexts.size(); i++) {
        Lead before = befores.get(i);
        Lead next = nexts.get(i);
        if (!before.id().equals(next.id())) {
          throw new IllegalArgumentException(
              "replaceMany: lead " + i + " read as " + before.id() + ", written as " + next.id());
        }
        Bson filter = Filters.and(
            Filters.eq(TENANT_ID, tenantId),
            Filters.eq(ID, next.id()),
            Filters.eq(VERSION, before.version()));
        updates.add(new UpdateOneModel<>(
            filter,
            withLastWrite(changedUpdate(before, next, first + i, events.get(i)), writes.get(i))));
      }
      return MongoFutures.one(leads.bulkWrite(updates, new BulkWriteOptions().ordered(false)))
          .compose(r -> {
            if (r.getMatchedCount() == nexts.size()) {
              return Future.succeededFuture(Collections.nCopies(nexts.size(), true));
            }
            if (r.getMatchedCount() == 0) { // every one was stale (a lead alone: no read needed)
              return Future.succeededFuture(Collections.nCopies(nexts.size(), false));
            }
            // some were stale: a lead carries this write's own number only if this write landed
            return MongoFutures.list(leads
                    .find(Filters.and(
                        Filters.eq(TENANT_ID, tenantId),
                        Filters.in(ID, nexts.stream().map(Lead::id).toList())))
                    .projection(Projections.include(ID, ChangeStamper.FIELD)))
                .map(docs -> {
                  Map<String, Long> seqs = new HashMap<>();
                  docs.forEach(d ->
                      seqs.put(d.getString(ID), ((Number) d.get(ChangeStamper.FIELD)).longValue()));
                  List<Boolean> landed = new ArrayList<>();
                  for (int i = 0; i < nexts.size(); i++) {
                    landed.add(
                        Long.valueOf(first + i).equals(seqs.get(nexts.get(i).id())));
                  }
                  return landed;
                });
          });
    });
  }

  /** The one tenant of a non-empty batch of {@code count} leads (a batch never spans tenants). */
  private static String oneTenant(List<Lead> batch, int count, String what) {
    String tenantId = batch.get(0).tenantId();
    if (batch.size() != count || batch.stream().anyMatch(l -> !l.tenantId().equals(tenantId))) {
      throw new IllegalArgumentException(what + ", all of one tenant");
    }
    return tenantId;
  }

  /**
   * The update that turns the stored {@code before} into {@code next}: $set what differs (the change number and the
   * sync state always do), $unset what {@code next} leaves out. Applied under a filter on {@code before}'s version, the
   * stored fields it leaves alone are {@code before}'s, so the result is the document {@link #fullUpdate} would write;
   * the store then applies a few fields instead of every one (most of the cost of an update on the embedded store).
   */
  static Document changedUpdate(Lead before, Lead next, long seq) {
    return changedUpdate(before, next, seq, List.of());
  }

  /** {@link #changedUpdate(Lead, Lead, long)}, also appending {@code events} to the lead's pending domain events. */
  static Document changedUpdate(Lead before, Lead next, long seq, List<DomainEvent> events) {
    // the fields are compared as lead field values, not as documents: {@code before} need not be
    // written again
    Document now = stored(next, seq);
    Document wasKeys = searchKeys(before);
    Document set = new Document();
    now.forEach((field, value) -> {
      boolean same = LeadComponents.has(field)
          ? Objects.equals(LeadComponents.value(before, field), LeadComponents.value(next, field))
          : wasKeys.containsKey(field) && Objects.equals(wasKeys.get(field), value);
      if (!same) {
        set.append(
            field, value); // a changed field or search key, and always the sync state and the stamp
      }
    });
    Document unset = absent(now, before);
    Document update = new Document("$set", set);
    if (!unset.isEmpty()) {
      update.append("$unset", unset);
    }
    return withEvents(update, events);
  }

  /** {@code update} also storing {@code write} as the lead's last client write ({@link #lastWrite}), if any. */
  private static Document withLastWrite(Document update, LeadHistoryEntry write) {
    if (write != null) {
      update.get("$set", Document.class).append(LAST_WRITE, StoreCodec.toDocument(write));
    }
    return update;
  }

  @Override
  public Future<Optional<LeadHistoryEntry>> lastWrite(String tenantId, String id) {
    return MongoFutures.first(leads
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(ID, id)))
            .projection(Projections.include(LAST_WRITE))
            .limit(1))
        .map(d -> d.map(x -> x.get(LAST_WRITE, Document.class))
            .map(w -> StoreCodec.fromDocument(w, LeadHistoryEntry.class)));
  }

  /** A new lead's document with {@code events} as its pending domain events (the relay's outbox), if any. */
  private static Document withPending(Document doc, List<DomainEvent> events) {
    return events.isEmpty()
        ? doc
        : doc.append(PENDING_EVENTS, DomainEventCodec.toDocuments(events));
  }

  /** {@code update} appending {@code events} to the lead's pending domain events (the relay's outbox), if any. */
  private static Document withEvents(Document update, List<DomainEvent> events) {
    if (!events.isEmpty()) {
      update.append(
          "$push",
          new Document(
              PENDING_EVENTS, new Document("$each", DomainEventCodec.toDocuments(events))));
    }
    return update;
  }

  /** {@code $unset} of the lead's fields {@code now} leaves out: of those {@code was} has, or of all when null. */
  private static Document absent(Document now, Lead was) {
    Document unset = new Document();
    for (String field : LeadComponents.names()) {
      if (!now.containsKey(field) && (was == null || LeadComponents.value(was, field) != null)) {
        unset.append(field, "");
      }
    }
    return unset;
  }

  /** $set every present field (with the change number) and $unset the absent ones, keeping stored-only fields. */
  static Document fullUpdate(Lead next, long seq, List<DomainEvent> events) {
    Document doc = stored(next, seq);
    Document unset = absent(doc, null);
    Document update = new Document("$set", doc);
    if (!unset.isEmpty()) {
      update.append("$unset", unset);
    }
    return withEvents(update, events);
  }

  @Override
  public Future<Optional<String>> createHash(String tenantId, String id) {
    return MongoFutures.first(leads
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(ID, id)))
            .projection(Projections.include(CREATE_HASH))
            .limit(1))
        .map(d -> d.map(x -> x.getString(CREATE_HASH)));
  }

  @Override
  public Future<Boolean> insert(Lead lead, String createHash, List<DomainEvent> events) {
    return stamper
        .stamped(
            lead.tenantId(),
            1,
            seq -> MongoFutures.one(leads.insertOne(
                withPending(stored(lead, seq).append(CREATE_HASH, createHash), events))))
        .map(r -> true)
        .recover(e -> {
          if (e instanceof MongoWriteException w
              && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(e);
        });
  }

  @Override
  public Future<List<Boolean>> insertAll(
      List<Lead> batch, List<String> createHashes, List<List<DomainEvent>> events) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String tenantId = oneTenant(batch, createHashes.size(), "insertAll: one create hash per lead");
    return stamper.stamped(tenantId, batch.size(), first -> {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        docs.add(withPending(
            stored(batch.get(i), first + i).append(CREATE_HASH, createHashes.get(i)),
            events.get(i)));
      }
      return MongoFutures.insertSkippingDuplicates(leads, docs).map(refused -> {
        List<Boolean> inserted = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
          inserted.add(!refused.contains(i));
        }
        return inserted;
      });
    });
  }

  @Override
  public Future<Void> insertMany(List<Lead> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, List<Lead>> byTenant = new LinkedHashMap<>();
    for (Lead lead : batch) {
      byTenant.computeIfAbsent(lead.tenantId(), t -> new ArrayList<>()).add(lead);
    }
    List<Future<Void>> writes = new ArrayList<>();
    byTenant.forEach((tenantId, tenantLeads) ->
        writes.add(stamper.stamped(tenantId, tenantLeads.size(), first -> {
          List<Document> docs = new ArrayList<>();
          for (int i = 0; i < tenantLeads.size(); i++) {
            docs.add(stored(tenantLeads.get(i), first + i));
          }
          return insertDocs(docs);
        })));
    return Future.all(writes).mapEmpty();
  }

  private Future<Void> insertDocs(List<Document> docs) {
    return MongoFutures.insertSkippingDuplicates(leads, docs).mapEmpty();
  }

  @Override
  public Future<Boolean> replace(Lead next, long expectedVersion) {
    return replace(next, expectedVersion, List.of());
  }

  @Override
  public Future<Boolean> replace(
      Lead next, long expectedVersion, List<DomainEvent> events, LeadHistoryEntry write) {
    Bson filter = Filters.and(
        Filters.eq(TENANT_ID, next.tenantId()),
        Filters.eq(ID, next.id()),
        Filters.eq(VERSION, expectedVersion));
    // Two numbers: one for the lead, one for a scope exit when the owner, team or event changes.
    return stamper.stamped(next.tenantId(), 2, seq -> {
      Document update = withLastWrite(fullUpdate(next, seq, events), write);
      FindOneAndUpdateOptions before = new FindOneAndUpdateOptions()
          .returnDocument(ReturnDocument.BEFORE)
          .projection(Projections.include(OWNER_ID, TEAM_ID, EVENT_ID, VERSION));
      return MongoFutures.first(leads.findOneAndUpdate(filter, update, before))
          .compose(previous -> {
            if (previous.isEmpty()) {
              return Future.succeededFuture(false);
            }
            return recordScopeExit(previous.get(), next, seq + 1).map(true);
          });
    });
  }

  /** Records that the lead left the view of its previous owner / team / event, when one of those changed. */
  private Future<Void> recordScopeExit(Document previous, Lead next, long seq) {
    String owner = previous.getString(OWNER_ID);
    String team = previous.getString(TEAM_ID);
    String event = previous.getString(EVENT_ID);
    // a lead without owner and team is in the unassigned queue every manager pulls (routing queued
    // it, or it waited for routing after its insert); it leaves their view when it gets either
    if (owner == null
        && team == null
        && (next.routing().ownerId() != null || next.routing().teamId() != null)) {
      team = Visibility.UNASSIGNED_QUEUE;
    }
    boolean changed = (owner != null && !owner.equals(next.routing().ownerId()))
        || (team != null && !team.equals(next.routing().teamId()))
        || (event != null && !event.equals(next.capture().eventId()));
    if (!changed) {
      return Future.succeededFuture();
    }
    Document exit = new Document(TENANT_ID, next.tenantId())
        .append(EXIT_LEAD_ID, next.id())
        .append(EXIT_PREV_OWNER, owner)
        .append(EXIT_PREV_TEAM, team)
        .append(EXIT_PREV_EVENT, event)
        .append(EXIT_AT, new Date())
        .append(ChangeStamper.FIELD, seq);
    return MongoFutures.one(exits.insertOne(exit)).<Void>mapEmpty().recover(e -> {
      // The lead itself is written; a lost exit only leaves a stale copy on the old owner's phone
      // until it resyncs.
      LOG.warn(
          "lead scope exit not recorded [tenant={}, lead={}, seq={}]",
          next.tenantId(),
          next.id(),
          seq,
          e);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<List<DomainEvent>> pendingEvents(int limit) {
    Bson filter = Filters.exists(PENDING_EVENTS + "." + DomainEventCodec.ID);
    return MongoFutures.list(
            leads.find(filter).projection(Projections.include(PENDING_EVENTS)).limit(limit))
        .map(docs -> {
          List<DomainEvent> out = new ArrayList<>();
          for (Document d : docs) {
            for (Document e : d.getList(PENDING_EVENTS, Document.class, List.of())) {
              out.add(DomainEventCodec.fromDocument(e));
            }
          }
          return out;
        });
  }

  @Override
  public Future<Void> removePendingEvent(String tenantId, String leadId, String eventId) {
    return MongoFutures.one(leads.updateOne(
            Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(ID, leadId)),
            Updates.pull(PENDING_EVENTS, new Document(DomainEventCodec.ID, eventId))))
        .mapEmpty();
  }

  @Override
  public Future<Void> removePendingEvents(List<DomainEvent> events) {
    Map<String, List<DomainEvent>> byTenant = new LinkedHashMap<>();
    events.forEach(
        e -> byTenant.computeIfAbsent(e.tenantId(), t -> new ArrayList<>()).add(e));
    List<Future<Void>> updates = new ArrayList<>();
    byTenant.forEach((tenantId, mine) -> updates.add(MongoFutures.one(leads.updateMany(
            Filters.and(
                Filters.eq(TENANT_ID, tenantId),
                Filters.in(ID, mine.stream().map(DomainEvent::leadId).distinct().toList())),
            Updates.pull(
                PENDING_EVENTS,
                Filters.in(
                    DomainEventCodec.ID, mine.stream().map(DomainEvent::id).toList()))))
        .mapEmpty()));
    return Future.all(updates).mapEmpty();
  }

  @Override
  public Future<List<Lead>> scan(String tenantId, String afterId, int limit) {
    List<Bson> and =
        new ArrayList<>(List.of(Filters.eq(TENANT_ID, tenantId), Filters.eq(DELETED_AT, null)));
    if (afterId != null) {
      and.add(Filters.gt(ID, afterId));
    }
    return MongoFutures.list(
            leads.find(Filters.and(and)).sort(Sorts.ascending(ID)).limit(limit))
        .map(docs -> docs.stream().map(MongoLeadRepository::toLead).toList());
  }

  @Override
  public Future<List<Lead>> decayDue(Instant now, int limit) {
    Bson filter =
        Filters.and(Filters.lte(SCORE_NEXT_DECAY_AT, Date.from(now)), Filters.eq(DELETED_AT, null));
    return MongoFutures.list(
            leads.find(filter).sort(Sorts.ascending(SCORE_NEXT_DECAY_AT)).limit(limit))
        .map(docs -> docs.stream().map(MongoLeadRepository::toLead).toList());
  }

  @Override
  public Future<List<Lead>> list(
      String tenantId,
      Visibility visibility,
      LeadQuery query,
      LeadQuery.Order order,
      CursorCodec.Position after,
      int limit) {
    return list(tenantId, visibility, query, order, after, limit, null);
  }

  @Override
  public Future<List<Lead>> list(
      String tenantId,
      Visibility visibility,
      LeadQuery query,
      LeadQuery.Order order,
      CursorCodec.Position after,
      int limit,
      Collection<String> fields) {
    List<Bson> and = LeadFilters.of(tenantId, visibility, query);
    if (after != null) {
      and.add(LeadFilters.after(order, after));
    }
    int dir = order.desc() ? -1 : 1;
    Bson sort = Sorts.orderBy(
        dir < 0
            ? Sorts.descending(order.sort().field, ID)
            : Sorts.ascending(order.sort().field, ID));
    FindPublisher<Document> find = leads.find(Filters.and(and)).sort(sort).limit(limit);
    if (fields != null) {
      List<String> read = new ArrayList<>(fields);
      read.add(ID);
      read.add(VERSION); // a lead's one primitive field
      find = find.projection(Projections.include(read));
    }
    return MongoFutures.list(find)
        .map(docs -> docs.stream().map(MongoLeadRepository::toLead).toList());
  }

  @Override
  public Future<Long> count(String tenantId, Visibility visibility, LeadQuery query) {
    return MongoFutures.one(
        leads.countDocuments(Filters.and(LeadFilters.of(tenantId, visibility, query))));
  }

  @Override
  public Future<List<Lead>> likelyDuplicatesOfAny(String tenantId, Collection<Lead> batch) {
    Set<String> emails = new LinkedHashSet<>();
    Set<String> phones = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    Set<String> companies = new LinkedHashSet<>();
    for (Lead lead : batch) {
      String email = SearchKeys.email(lead.contact().email());
      if (!email.isEmpty()) {
        emails.add(email);
      }
      if (lead.contact().phone() != null && Boolean.TRUE.equals(lead.contact().phoneValid())) {
        phones.add(lead.contact().phone());
      }
      String name = SearchKeys.name(lead.contact().firstName(), lead.contact().lastName());
      String company = SearchKeys.text(lead.organization().company());
      if (!name.isEmpty() && !company.isEmpty()) {
        names.add(name);
        companies.add(company);
      }
    }
    List<Bson> or = new ArrayList<>();
    if (!emails.isEmpty()) {
      or.add(Filters.in(EMAIL_NORM, emails));
    }
    if (!phones.isEmpty()) {
      or.add(Filters.and(Filters.in(PHONE, phones), Filters.eq(PHONE_VALID, true)));
    }
    if (!names.isEmpty()) {
      or.add(Filters.and(Filters.in(NAME_NORM, names), Filters.in(COMPANY_NORM, companies)));
    }
    if (or.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Bson filter =
        Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(DELETED_AT, null), Filters.or(or));
    return MongoFutures.list(leads
            .find(filter)
            .projection(Projections.include(
                ID, VERSION, EMAIL, PHONE, PHONE_VALID, FIRST_NAME, LAST_NAME, COMPANY)))
        .map(docs -> docs.stream().map(MongoLeadRepository::toLead).toList());
  }

  @Override
  public Future<List<Lead>> likelyDuplicates(String tenantId, Lead lead, int limit) {
    List<Bson> or = new ArrayList<>();
    String email = SearchKeys.email(lead.contact().email());
    if (!email.isEmpty()) {
      or.add(Filters.eq(EMAIL_NORM, email));
    }
    if (lead.contact().phone() != null && Boolean.TRUE.equals(lead.contact().phoneValid())) {
      or.add(Filters.and(Filters.eq(PHONE, lead.contact().phone()), Filters.eq(PHONE_VALID, true)));
    }
    String name = SearchKeys.name(lead.contact().firstName(), lead.contact().lastName());
    String company = SearchKeys.text(lead.organization().company());
    if (!name.isEmpty() && !company.isEmpty()) {
      or.add(Filters.and(Filters.eq(NAME_NORM, name), Filters.eq(COMPANY_NORM, company)));
    }
    if (or.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Bson filter = Filters.and(
        Filters.eq(TENANT_ID, tenantId),
        Filters.eq(DELETED_AT, null),
        Filters.ne(ID, lead.id()),
        Filters.or(or));
    return MongoFutures.list(leads.find(filter).limit(limit))
        .map(docs -> docs.stream().map(MongoLeadRepository::toLead).toList());
  }

  @Override
  public Future<Set<String>> eventsCapturedAt(
      String tenantId, String userId, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    // One look-up per event in (tenantId, capturedBy, eventId), stopped at the first capture: a
    // distinct over all of
    // the user's captures reads thousands of them at a trade show to learn one event id.
    List<Future<Optional<String>>> found = new ArrayList<>();
    for (String eventId : new LinkedHashSet<>(eventIds)) {
      Bson filter = Filters.and(
          Filters.eq(TENANT_ID, tenantId),
          Filters.eq(CAPTURED_BY, userId),
          Filters.eq(EVENT_ID, eventId));
      found.add(capturedAt
          .get(
              tenantId + '\u0000' + userId + '\u0000' + eventId,
              () -> MongoFutures.first(
                      leads.find(filter).projection(Projections.include(ID)).limit(1))
                  .map(Optional::isPresent))
          .map(captured -> captured ? Optional.of(eventId) : Optional.empty()));
    }
    return Future.all(found).map(all -> {
      Set<String> events = new HashSet<>();
      for (int i = 0; i < all.size(); i++) {
        all.<Optional<String>>resultAt(i).ifPresent(events::add);
      }
      return events;
    });
  }

  @Override
  public Future<Boolean> statusInUse(String tenantId, String status) {
    return MongoFutures.first(leads
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(STATUS, status)))
            .projection(Projections.include(ID))
            .limit(1))
        .map(Optional::isPresent);
  }

  static Document toDocument(Lead lead) {
    Document doc = FieldMetaCodec.compact(StoreCodec.toDocument(lead));
    doc.putAll(searchKeys(lead));
    doc.put(SCHEMA_VERSION, LeadStoredForm.CURRENT);
    return doc;
  }

  /** The search keys stored beside a lead's fields (derived from them; lists and duplicate checks query these). */
  private static Document searchKeys(Lead lead) {
    return new Document(EMAIL_NORM, SearchKeys.email(lead.contact().email()))
        .append(
            NAME_NORM,
            SearchKeys.name(lead.contact().firstName(), lead.contact().lastName()))
        .append(LAST_NAME_NORM, SearchKeys.text(lead.contact().lastName()))
        .append(COMPANY_NORM, SearchKeys.text(lead.organization().company()))
        .append(EXTERNAL_KEYS, SearchKeys.external(lead.bookkeeping().externalIds()));
  }

  /**
   * The document a write stores for {@code lead} at change number {@code seq}: its fields, search keys and stamp, and
   * its sync state rendered from that very document ({@link StoredLeadJson}: what a pull would write from it), so
   * pulls send the text without decoding the lead again. No state is stored when the writer declines (the pull then
   * writes it from the document).
   */
  static Document stored(Lead lead, long seq) {
    return StoredLeadJson.stamped(toDocument(lead), seq);
  }

  public static Lead toLead(Document doc) {
    return StoreCodec.fromDocument(FieldMetaCodec.expand(doc), Lead.class);
  }

  /** Case-insensitive prefix as an anchored regex (index-friendly: no options, normalised keys). */
  static Bson prefix(String field, String q) {
    return Filters.regex(field, Pattern.compile(SearchKeys.prefixRegex(q)));
  }

  static Object sortValue(LeadQuery.Sort sort, Object raw) {
    if (sort.time && raw instanceof Number n) {
      return new Date(n.longValue());
    }
    return raw;
  }
}
