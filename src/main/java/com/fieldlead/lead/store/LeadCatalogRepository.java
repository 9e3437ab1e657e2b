package com.fieldlead.lead.store;

import com.fieldlead.lead.model.ConversionRecords;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.QualifierQuestion;
import com.fieldlead.lead.model.Segment;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.store.IndexDef;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lead feature's smaller collections: events, saved segments, qualifier questions, per-tenant settings, the
 * change history, and the contacts / accounts conversions create. Every method is scoped to one tenant.
 */
public interface LeadCatalogRepository {

  Future<Boolean> insertEvent(String tenantId, TradeShowEvent event);

  Future<Optional<TradeShowEvent>> event(String tenantId, String id);

  Future<List<TradeShowEvent>> events(String tenantId, int limit);

  Future<Boolean> replaceEvent(String tenantId, TradeShowEvent event, long expectedVersion);

  /** Ids of the tenant's events that share captures, with their owners. */
  Future<List<TradeShowEvent>> sharingEvents(String tenantId);

  Future<Boolean> insertSegment(String tenantId, Segment segment);

  Future<Optional<Segment>> segment(String tenantId, String id);

  /** Segments {@code userId} owns plus every shared one. */
  Future<List<Segment>> segments(String tenantId, String userId);

  Future<Boolean> deleteSegment(String tenantId, String id);

  Future<Boolean> insertQuestion(String tenantId, QualifierQuestion question);

  /** Questions of the tenant, optionally only those of an event or a campaign. */
  Future<List<QualifierQuestion>> questions(String tenantId, String eventId, String campaign);

  Future<Boolean> deleteQuestion(String tenantId, String id);

  /** The tenant's settings, or the defaults when none were saved. */
  Future<LeadSettings> settings(String tenantId);

  /**
   * The tenant's settings as read at most a couple of seconds ago ({@link com.fieldlead.store.SettingsCache}): for
   * per-lead hot paths (scoring a capture), never for the settings API or a save.
   */
  default Future<LeadSettings> recentSettings(String tenantId) {
    return settings(tenantId);
  }

  Future<Void> saveSettings(String tenantId, LeadSettings settings);

  /**
   * The event as read at most a couple of seconds ago (a write through this instance is seen at once): for checking
   * captures, which name the same event hundreds of times in a show's pushes.
   */
  default Future<Optional<TradeShowEvent>> recentEvent(String tenantId, String id) {
    return event(tenantId, id);
  }

  /** {@link #questions} as read at most a couple of seconds ago (a write through this instance is seen at once). */
  default Future<List<QualifierQuestion>> recentQuestions(
      String tenantId, String eventId, String campaign) {
    return questions(tenantId, eventId, campaign);
  }

  /** The HMAC key of list cursors, created once and shared by every instance. */
  Future<byte[]> cursorKey();

  Future<Void> appendHistory(String tenantId, LeadHistoryEntry entry);

  /** Appends several history entries at once (one insert). */
  Future<Void> appendHistory(String tenantId, List<LeadHistoryEntry> entries);

  /** Newest first, entries with a version below {@code beforeVersion} (null: from the newest). */
  Future<List<LeadHistoryEntry>> history(
      String tenantId, String leadId, Long beforeVersion, int limit);

  Future<Boolean> insertContact(String tenantId, ConversionRecords.Contact contact);

  Future<Optional<ConversionRecords.Contact>> contact(String tenantId, String id);

  Future<Boolean> insertAccount(String tenantId, ConversionRecords.Account account);

  Future<Optional<ConversionRecords.Account>> account(String tenantId, String id);

  List<IndexDef> indexes();

  /** Helper for callers that need a set of event ids. */
  static Set<String> ids(List<TradeShowEvent> events) {
    return events.stream().map(TradeShowEvent::id).collect(Collectors.toSet());
  }
}
