package com.fieldlead.lead.model;

import com.fieldlead.lead.store.LeadStoredForm;
import java.util.List;
import java.util.Set;

/**
 * Every collection and field name of the lead feature, in one place. Wire names and stored names are the same; the
 * stored-only search keys (lower-case, normalised) are listed separately and never leave the server.
 */
public final class LeadFields {

  private LeadFields() {}

  // collections
  public static final String LEADS = "leads";
  public static final String HISTORY = "lead_history";
  public static final String EVENTS = "events";
  public static final String SEGMENTS = "segments";
  public static final String QUESTIONS = "qualifier_questions";
  public static final String SETTINGS = "lead_settings";
  public static final String CONTACTS = "contacts";
  public static final String ACCOUNTS = "accounts";
  /**
   * One record per lead that left someone's view (owner, team or event changed), stamped with its own sync seq, so a
   * syncing phone that saw the lead learns to drop it (sync invariant 8).
   */
  public static final String SCOPE_EXITS = "lead_scope_exits";

  public static final String EXIT_LEAD_ID = "leadId";
  public static final String EXIT_PREV_OWNER = "prevOwnerId";
  public static final String EXIT_PREV_TEAM = "prevTeamId";
  public static final String EXIT_PREV_EVENT = "prevEventId";
  public static final String EXIT_AT = "at";

  // identity of every document
  public static final String MONGO_ID = "_id";
  public static final String TENANT_ID = "tenantId";
  public static final String ID = "id";
  public static final String VERSION = "version";

  // lead: writable by clients
  public static final String FIRST_NAME = "firstName";
  public static final String LAST_NAME = "lastName";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  public static final String COMPANY = "company";
  public static final String TITLE = "title";
  public static final String WEBSITE = "website";
  public static final String INDUSTRY = "industry";
  public static final String COMPANY_SIZE = "companySize";
  public static final String COUNTRY = "country";
  public static final String REGION = "region";
  public static final String CITY = "city";
  public static final String LOCATION = "location";
  public static final String SOURCE = "source";
  public static final String CAMPAIGN = "campaign";
  public static final String EVENT_ID = "eventId";
  public static final String CAPTURE_METHOD = "captureMethod";
  public static final String CAPTURED_AT = "capturedAt";
  public static final String BANT = "bant";
  public static final String ANSWERS = "answers";
  public static final String STATUS = "status";
  public static final String STATUS_REASON = "statusReason";
  public static final String OWNER_ID = "ownerId";
  public static final String TEAM_ID = "teamId";
  public static final String TAGS = "tags";
  public static final String CONSENTS = "consents";
  public static final String CUSTOM_FIELDS = "customFields";
  /** Other systems' ids of the lead: system name ({@code salesforce}, {@code hubspot}, ...) to that system's id. */
  public static final String EXTERNAL_IDS = "externalIds";

  // lead: server-owned
  public static final String PHONE_RAW = "phoneRaw";
  public static final String PHONE_VALID = "phoneValid";
  public static final String CAPTURED_BY = "capturedBy";
  public static final String RECEIVED_AT = "receivedAt";
  public static final String DEVICE_CAPTURED_AT = "deviceCapturedAt";
  public static final String MARKETING_OPT_OUT = "marketingOptOut";
  public static final String SCORE = "score";
  public static final String TEMPERATURE = "temperature";
  public static final String SCORE_EXPLANATION = "scoreExplanation";
  public static final String STAGE_HISTORY = "stageHistory";
  public static final String CONVERSION = "conversion";
  public static final String FIELD_META = "fieldMeta";
  public static final String CREATED_AT = "createdAt";
  public static final String CREATED_BY = "createdBy";
  public static final String UPDATED_AT = "updatedAt";
  public static final String DELETED_AT = "deletedAt";
  /** Set on the bare tombstone an erasure leaves (data rights); such a lead's tombstone says {@code erased}. */
  public static final String ERASED_AT = "erasedAt";

  public static final String MERGED_INTO = "mergedInto";
  public static final String CREATE_HASH = "createHash";
  public static final String SCORE_DETAILS = "scoreDetails";
  public static final String SCORE_NEXT_DECAY_AT = "scoreNextDecayAt";
  public static final String HOT_OVERRIDE = "hotOverride";
  /**
   * The audit record of a capture's scanned payload ({@link Lead.Scan}). On create a body may carry {@code scan:
   * {raw, format}} (create-only input, read by the scan feature); the server stores what it read under the same name.
   */
  public static final String SCAN = "scan";
  /** Server-owned: where the CRM connectors last pushed the lead ({@link Lead.CrmLink}). */
  public static final String CRM = "crm";
  /**
   * Stored-only: domain events written atomically with a server-side change, waiting for the relay to copy them to
   * the domain event log (see {@code events.EventRelay}); never part of {@link Lead} or an answer.
   */
  public static final String PENDING_EVENTS = "pendingEvents";
  /**
   * Stored-only: the history entry of the lead's last client write, stored by that write (see
   * {@code LeadRepository#lastWrite}); never part of {@link Lead} or an answer.
   */
  public static final String LAST_WRITE = "lastWrite";
  /**
   * Stored-only: the lead's sync state (its JSON in the sync view, {@link #SYNC_VIEW_OMITS} left out: exactly what a
   * pull change and a push result carry), written by every repository write together with {@link #SYNC_STATE_SEQ},
   * the change number it was written at. A pull sends it as-is when that number is still the lead's {@code syncSeq};
   * otherwise (a write that did not render it, a document from an older build) the pull writes the state from the
   * whole document. Builds before the compact view stored the full API JSON as {@code syncState}: this is a new
   * field, so such a state is never sent; the next write drops the old one.
   */
  public static final String SYNC_STATE = "syncView";

  public static final String SYNC_STATE_SEQ = "syncViewSeq";
  /** The full-JSON sync state of builds before the compact view (removed on a lead's next write). */
  public static final String LEGACY_SYNC_STATE = "syncState";
  /** The change number of {@link #LEGACY_SYNC_STATE}. */
  public static final String LEGACY_SYNC_STATE_SEQ = "syncStateSeq";
  /**
   * The stored form a lead document was written in ({@link LeadStoredForm}); absent on documents written before
   * versions were kept (form 1: a stamp per field, perhaps the full-JSON sync state).
   */
  public static final String SCHEMA_VERSION = "_sv";

  /**
   * What the sync view of a lead leaves out: server detail a phone does not need on every lead (per-field change
   * metadata, the score's details and explanation lines, stage history, the raw phone, internal times and marks;
   * {@code GET /v1/leads/{id}} answers them), and the tenant id. A pulled lead is then about as big as the lead a
   * phone sent (mobile-contract/protocol.md, "Lead state").
   */
  public static final String[] SYNC_VIEW_OMITS = {
    TENANT_ID,
    FIELD_META,
    SCORE_DETAILS,
    SCORE_EXPLANATION,
    STAGE_HISTORY,
    PHONE_RAW,
    DEVICE_CAPTURED_AT,
    CREATED_BY,
    SCORE_NEXT_DECAY_AT,
    HOT_OVERRIDE,
    SCAN,
    CRM
  };

  // lead: create-only input (not stored under this name): booth staff / reps mark a capture hot
  public static final String HOT_AT_CAPTURE = "hotAtCapture";

  // lead: stored-only search keys (lower-case, accents stripped)
  public static final String EMAIL_NORM = "emailNorm";
  public static final String NAME_NORM = "nameNorm";
  public static final String LAST_NAME_NORM = "lastNameNorm";
  public static final String COMPANY_NORM = "companyNorm";
  /** Stored-only: {@code <system>:<id>} of each of {@link #EXTERNAL_IDS}, indexed for the upsert by external id. */
  public static final String EXTERNAL_KEYS = "externalKeys";

  /** Top-level fields a client may set on create and change with PATCH (merge-patch, one field at a time). */
  public static final List<String> WRITABLE = List.of(
      FIRST_NAME,
      LAST_NAME,
      EMAIL,
      PHONE,
      COMPANY,
      TITLE,
      WEBSITE,
      INDUSTRY,
      COMPANY_SIZE,
      COUNTRY,
      REGION,
      CITY,
      LOCATION,
      SOURCE,
      CAMPAIGN,
      EVENT_ID,
      CAPTURE_METHOD,
      CAPTURED_AT,
      BANT,
      ANSWERS,
      STATUS,
      STATUS_REASON,
      OWNER_ID,
      TEAM_ID,
      TAGS,
      CONSENTS,
      CUSTOM_FIELDS,
      EXTERNAL_IDS);

  /** Fields another feature computes; a request body that sets one is rejected naming the field. */
  public static final Set<String> SERVER_OWNED = Set.of(
      SCORE,
      TEMPERATURE,
      SCORE_EXPLANATION,
      VERSION,
      TENANT_ID,
      PHONE_RAW,
      PHONE_VALID,
      CAPTURED_BY,
      RECEIVED_AT,
      DEVICE_CAPTURED_AT,
      MARKETING_OPT_OUT,
      STAGE_HISTORY,
      CONVERSION,
      FIELD_META,
      CREATED_AT,
      CREATED_BY,
      UPDATED_AT,
      DELETED_AT,
      MERGED_INTO,
      SCORE_DETAILS,
      SCORE_NEXT_DECAY_AT,
      HOT_OVERRIDE,
      SCAN,
      CRM,
      PENDING_EVENTS);

  /** Fields whose last change is tracked per field (for a later per-field merge of offline edits). */
  public static final List<String> TRACKED = WRITABLE;

  // events
  public static final String EVENT_NAME = "name";
  public static final String EVENT_SHARE_CAPTURES = "shareCaptures";
  public static final String EVENT_OWNER_ID = "ownerId";
  public static final String EVENT_STARTS_ON = "startsOn";

  // segments
  public static final String SEGMENT_OWNER_ID = "ownerId";
  public static final String SEGMENT_SHARED = "shared";

  // qualifier questions
  public static final String QUESTION_SCOPE_EVENT = "eventId";
  public static final String QUESTION_SCOPE_CAMPAIGN = "campaign";

  // history
  public static final String HISTORY_LEAD_ID = "leadId";
  public static final String HISTORY_AT = "at";
}
