package com.fieldlead.lead.store;

import static com.fieldlead.lead.model.LeadFields.*;

import com.fieldlead.lead.model.ConversionRecords;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.QualifierQuestion;
import com.fieldlead.lead.model.Segment;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.SettingsCache;
import com.fieldlead.store.UnwrittenCache;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The lead feature's small collections in MongoDB. */
public final class MongoLeadCatalogRepository implements LeadCatalogRepository {

  private static final String CURSOR_KEY_ID = "cursor-key";

  private final MongoRecords<TradeShowEvent> events;
  private final MongoRecords<Segment> segments;
  private final MongoRecords<QualifierQuestion> questions;
  private final MongoRecords<ConversionRecords.Contact> contacts;
  private final MongoRecords<ConversionRecords.Account> accounts;
  private final SettingsCache<String, LeadSettings> recentSettings;
  /** Events by tenant and id (a NUL between). */
  private final SettingsCache<String, Optional<TradeShowEvent>> recentEvents;
  /** Every qualifier question of a tenant, oldest first (at most {@link #MAX_QUESTIONS}). */
  private final SettingsCache<String, List<QualifierQuestion>> recentQuestions;

  private static final int MAX_QUESTIONS = 1000;
  private final MongoCollection<Document> settings;
  /** The tenants' capture-sharing events (every rep's access check reads them), kept while the events are unwritten. */
  private final UnwrittenCache<String, List<TradeShowEvent>> sharing;

  private final MongoCollection<Document> history;
  /** Moved on after every event write: which events share captures is part of what a rep may see. */
  private final AccessEpochs epochs;

  public MongoLeadCatalogRepository(MongoStore store, AccessEpochs epochs) {
    this.epochs = epochs;
    events = new MongoRecords<>(store, EVENTS, TradeShowEvent.class);
    recentSettings = new SettingsCache<>(store, SETTINGS);
    recentEvents = new SettingsCache<>(store, EVENTS);
    recentQuestions = new SettingsCache<>(store, QUESTIONS);
    sharing = new UnwrittenCache<>(store, EVENTS);
    segments = new MongoRecords<>(store, SEGMENTS, Segment.class);
    questions = new MongoRecords<>(store, QUESTIONS, QualifierQuestion.class);
    contacts = new MongoRecords<>(store, CONTACTS, ConversionRecords.Contact.class);
    accounts = new MongoRecords<>(store, ACCOUNTS, ConversionRecords.Account.class);
    settings = store.collection(SETTINGS);
    history = store.collection(HISTORY);
  }

  @Override
  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>();
    for (String c : List.of(EVENTS, SEGMENTS, QUESTIONS, CONTACTS, ACCOUNTS)) {
      all.add(IndexDef.unique(c, c + "_tenant_id", Indexes.ascending(TENANT_ID, ID)));
    }
    all.add(IndexDef.of(
        EVENTS,
        "events_starts",
        Indexes.compoundIndex(Indexes.ascending(TENANT_ID), Indexes.descending(EVENT_STARTS_ON))));
    all.add(
        IndexDef.of(EVENTS, "events_sharing", Indexes.ascending(TENANT_ID, EVENT_SHARE_CAPTURES)));
    all.add(
        IndexDef.of(SEGMENTS, "segments_owner", Indexes.ascending(TENANT_ID, SEGMENT_OWNER_ID)));
    all.add(IndexDef.of(SEGMENTS, "segments_shared", Indexes.ascending(TENANT_ID, SEGMENT_SHARED)));
    all.add(IndexDef.of(
        QUESTIONS, "questions_event", Indexes.ascending(TENANT_ID, QUESTION_SCOPE_EVENT)));
    all.add(IndexDef.of(
        QUESTIONS, "questions_campaign", Indexes.ascending(TENANT_ID, QUESTION_SCOPE_CAMPAIGN)));
    all.add(IndexDef.of(CONTACTS, "contacts_lead", Indexes.ascending(TENANT_ID, HISTORY_LEAD_ID)));
    all.add(IndexDef.of(ACCOUNTS, "accounts_lead", Indexes.ascending(TENANT_ID, HISTORY_LEAD_ID)));
    all.add(IndexDef.of(
        HISTORY,
        "lead_history_lead",
        Indexes.compoundIndex(
            Indexes.ascending(TENANT_ID, HISTORY_LEAD_ID),
            Indexes.descending(VERSION, HISTORY_AT))));
    return all;
  }

  @Override
  public Future<Boolean> insertEvent(String tenantId, TradeShowEvent event) {
    return epochs
        .after(tenantId, events.insert(tenantId, event)) // sharing may have changed
        .onComplete(x -> recentEvents.invalidate(tenantId + "\u0000" + event.id()));
  }

  @Override
  public Future<Optional<TradeShowEvent>> event(String tenantId, String id) {
    return events.find(tenantId, id);
  }

  @Override
  public Future<List<TradeShowEvent>> events(String tenantId, int limit) {
    return events.list(tenantId, null, Sorts.descending(EVENT_STARTS_ON), limit);
  }

  @Override
  public Future<Boolean> replaceEvent(String tenantId, TradeShowEvent event, long expectedVersion) {
    return epochs
        .after(tenantId, events.replace(tenantId, event.id(), expectedVersion, event))
        .onComplete(x -> recentEvents.invalidate(tenantId + "\u0000" + event.id()));
  }

  @Override
  public Future<Optional<TradeShowEvent>> recentEvent(String tenantId, String id) {
    return recentEvents.get(tenantId + "\u0000" + id, k -> event(tenantId, id));
  }

  @Override
  public Future<List<TradeShowEvent>> sharingEvents(String tenantId) {
    return sharing.get(
        tenantId,
        () -> events
            .list(tenantId, Filters.eq(EVENT_SHARE_CAPTURES, true), Sorts.ascending(ID), 10_000)
            .map(List::copyOf));
  }

  @Override
  public Future<Boolean> insertSegment(String tenantId, Segment segment) {
    return segments.insert(tenantId, segment);
  }

  @Override
  public Future<Optional<Segment>> segment(String tenantId, String id) {
    return segments.find(tenantId, id);
  }

  @Override
  public Future<List<Segment>> segments(String tenantId, String userId) {
    Bson mineOrShared =
        Filters.or(Filters.eq(SEGMENT_OWNER_ID, userId), Filters.eq(SEGMENT_SHARED, true));
    return segments.list(tenantId, mineOrShared, Sorts.ascending(EVENT_NAME, ID), 500);
  }

  @Override
  public Future<Boolean> deleteSegment(String tenantId, String id) {
    return segments.delete(tenantId, id);
  }

  @Override
  public Future<Boolean> insertQuestion(String tenantId, QualifierQuestion question) {
    return questions
        .insert(tenantId, question)
        .onComplete(x -> recentQuestions.invalidate(tenantId));
  }

  @Override
  public Future<List<QualifierQuestion>> recentQuestions(
      String tenantId, String eventId, String campaign) {
    return recentQuestions
        .get(tenantId, t -> questions(t, null, null))
        .map(all -> {
          if (all.size() >= MAX_QUESTIONS) {
            return null; // more than one read holds: ask the store for the scope's own
          }
          if (eventId == null && campaign == null) {
            return all; // as questions(): no scope asks for every question
          }
          return all.stream()
              .filter(q -> q.eventId() == null && q.campaign() == null
                  || eventId != null && eventId.equals(q.eventId())
                  || campaign != null && campaign.equals(q.campaign()))
              .toList();
        })
        .compose(scoped -> scoped != null
            ? Future.succeededFuture(scoped)
            : questions(tenantId, eventId, campaign));
  }

  @Override
  public Future<List<QualifierQuestion>> questions(
      String tenantId, String eventId, String campaign) {
    Bson filter = null;
    if (eventId != null || campaign != null) {
      List<Bson> or = new ArrayList<>();
      or.add(Filters.and(
          Filters.eq(QUESTION_SCOPE_EVENT, null), Filters.eq(QUESTION_SCOPE_CAMPAIGN, null)));
      if (eventId != null) {
        or.add(Filters.eq(QUESTION_SCOPE_EVENT, eventId));
      }
      if (campaign != null) {
        or.add(Filters.eq(QUESTION_SCOPE_CAMPAIGN, campaign));
      }
      filter = Filters.or(or);
    }
    return questions.list(tenantId, filter, Sorts.ascending(CREATED_AT, ID), 1000);
  }

  @Override
  public Future<Boolean> deleteQuestion(String tenantId, String id) {
    return questions.delete(tenantId, id).onComplete(x -> recentQuestions.invalidate(tenantId));
  }

  @Override
  public Future<LeadSettings> settings(String tenantId) {
    return MongoFutures.first(
            settings.find(Filters.eq(MONGO_ID, "tenant:" + tenantId)).limit(1))
        .map(d -> d.map(x -> StoreCodec.fromDocument(x, LeadSettings.class))
            .orElseGet(LeadSettings::defaults));
  }

  @Override
  public Future<LeadSettings> recentSettings(String tenantId) {
    return recentSettings.get(tenantId, this::settings);
  }

  @Override
  public Future<Void> saveSettings(String tenantId, LeadSettings value) {
    Document doc = StoreCodec.toDocument(value)
        .append(MONGO_ID, "tenant:" + tenantId)
        .append(TENANT_ID, tenantId);
    return MongoFutures.one(settings.replaceOne(
            Filters.eq(MONGO_ID, "tenant:" + tenantId), doc, new ReplaceOptions().upsert(true)))
        .<Void>mapEmpty()
        .onComplete(x -> recentSettings.invalidate(tenantId));
  }

  @Override
  public Future<byte[]> cursorKey() {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    // Insert-if-absent, then read: every instance ends up with the key the first one stored.
    return MongoFutures.one(settings.updateOne(
            Filters.eq(MONGO_ID, CURSOR_KEY_ID),
            Updates.setOnInsert("key", Base64.getEncoder().encodeToString(fresh)),
            new UpdateOptions().upsert(true)))
        .compose(r ->
            MongoFutures.one(settings.find(Filters.eq(MONGO_ID, CURSOR_KEY_ID)).limit(1)))
        .map(d -> Base64.getDecoder().decode(d.getString("key")));
  }

  @Override
  public Future<Void> appendHistory(String tenantId, LeadHistoryEntry entry) {
    Document doc = StoreCodec.toDocument(entry).append(TENANT_ID, tenantId);
    return MongoFutures.one(history.insertOne(doc)).mapEmpty();
  }

  @Override
  public Future<Void> appendHistory(String tenantId, List<LeadHistoryEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Document> docs = entries.stream()
        .map(e -> StoreCodec.toDocument(e).append(TENANT_ID, tenantId))
        .toList();
    return MongoFutures.done(history.insertMany(docs));
  }

  @Override
  public Future<List<LeadHistoryEntry>> history(
      String tenantId, String leadId, Long beforeVersion, int limit) {
    Bson filter = Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(HISTORY_LEAD_ID, leadId));
    if (beforeVersion != null) {
      filter = Filters.and(filter, Filters.lt(VERSION, beforeVersion));
    }
    return MongoFutures.list(
            history.find(filter).sort(Sorts.descending(VERSION, HISTORY_AT)).limit(limit))
        .map(docs -> docs.stream()
            .map(d -> StoreCodec.fromDocument(d, LeadHistoryEntry.class))
            .toList());
  }

  @Override
  public Future<Boolean> insertContact(String tenantId, ConversionRecords.Contact contact) {
    return contacts.insert(tenantId, contact);
  }

  @Override
  public Future<Optional<ConversionRecords.Contact>> contact(String tenantId, String id) {
    return contacts.find(tenantId, id);
  }

  @Override
  public Future<Boolean> insertAccount(String tenantId, ConversionRecords.Account account) {
    return accounts.insert(tenantId, account);
  }

  @Override
  public Future<Optional<ConversionRecords.Account>> account(String tenantId, String id) {
    return accounts.find(tenantId, id);
  }
}
