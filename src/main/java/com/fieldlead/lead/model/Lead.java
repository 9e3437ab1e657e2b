package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A lead: its identity (id, tenant, version) and its fields in groups ({@link LeadContact}, {@link LeadOrganization},
 * {@link LeadCapture}, {@link LeadQualification}, {@link LeadRouting}, {@link LeadScoring}, {@link LeadBookkeeping}).
 * The groups are a Java shape only: as stored and as answered a lead is one flat object whose names are the groups'
 * component names (wire names are stored names), written and read by {@link LeadJson} through the field table of
 * {@link LeadComponents}. Client-writable fields are listed in {@link LeadFields#WRITABLE}; the rest is set by the
 * server. {@code fieldMeta} records, per top-level field, the version, time, user and device of its last change, so
 * offline edits can later be merged field by field. Built by name through {@link #builder()} or {@link #toBuilder()};
 * read through the group, {@code lead.contact().email()}.
 */
@JsonSerialize(using = LeadJson.Writer.class)
@JsonDeserialize(using = LeadJson.Reader.class)
public record Lead(
    String id,
    String tenantId,
    long version,
    LeadContact contact,
    LeadOrganization organization,
    LeadCapture capture,
    LeadQualification qualification,
    LeadRouting routing,
    LeadScoring scoring,
    LeadBookkeeping bookkeeping) {

  /** Every group is present (its fields may all be null): the builder and the JSON reader fill each one. */
  public Lead {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(qualification, "qualification");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(scoring, "scoring");
    Objects.requireNonNull(bookkeeping, "bookkeeping");
  }

  /** Optional capture location of the device. */
  public record Location(Double lat, Double lon, Double accuracy) {}

  /** BANT qualification; each part a small enum (see the contract), budgetAmount optional. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bant(
      String budget, BigDecimal budgetAmount, String authority, String need, String timeline) {}

  /** A typed answer to a tenant-defined qualifier question. */
  public record Answer(String questionId, Object value) {}

  /**
   * One consent statement: what (purpose), granted or withdrawn, when, how, captured by whom; and, when known, the
   * version of the text the person agreed to, where it came from ({@code source}: a form, a campaign, a phone) and the
   * address it was given from or for (a web form's IP address, the email address or number it covers).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Consent(
      String purpose,
      Boolean granted,
      Instant at,
      String method,
      String capturedBy,
      String textVersion,
      String source,
      String address) {

    @JsonCreator
    public Consent {}

    /** A statement without text version, source or address. */
    public Consent(String purpose, Boolean granted, Instant at, String method, String capturedBy) {
      this(purpose, granted, at, method, capturedBy, null, null, null);
    }
  }

  /** One status change, kept for speed and conversion metrics. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageChange(String from, String to, String by, Instant at, String reason) {}

  /** What the lead became. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conversion(
      BigDecimal value,
      String currency,
      LocalDate date,
      String contactId,
      String accountId,
      Instant convertedAt,
      String convertedBy) {}

  /** Last change of one field. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FieldChange(long version, Instant at, String by, String device) {}

  /**
   * How the score was computed (server-owned, set by the scoring feature): the structured explanation lines (their
   * points add up to {@code score}), the tenant's rules version used, and when it was computed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScoreDetails(
      List<ScoreLine> contributions, Integer rulesVersion, Instant computedAt) {
    public ScoreDetails {
      contributions = contributions == null ? List.of() : List.copyOf(contributions);
    }
  }

  /** One explanation line: the rule, its category ({@code fit}, {@code bant}, ...), the label and the points. */
  public record ScoreLine(String ruleId, String category, String label, int points) {}

  /** Booth staff (or the capturing rep) marked the lead hot at capture: who and when (server time). */
  public record HotOverride(String by, Instant at) {}

  /**
   * The audit record of a scanned payload a capture carried (a badge, a QR vCard or MeCard, a contact URL): its format
   * and raw text, when the server read it, the fields the reading proposed, the ones it filled because the phone had
   * left them empty ({@code filled}; what the rep typed always wins), the understood values that are no lead field
   * ({@code extras}: a badge id, a postal code) and what was not understood ({@code unparsed}). Server-owned.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Scan(
      String format,
      String raw,
      Instant parsedAt,
      String layout,
      Map<String, String> proposed,
      Map<String, String> extras,
      List<String> filled,
      List<String> unparsed) {
    public Scan {
      proposed = proposed == null ? Map.of() : Map.copyOf(proposed);
      extras = extras == null ? Map.of() : Map.copyOf(extras);
      filled = filled == null ? List.of() : List.copyOf(filled);
      unparsed = unparsed == null ? List.of() : List.copyOf(unparsed);
    }
  }

  /**
   * Where the CRM connectors last pushed the lead (server-owned): the system ({@code salesforce}, {@code hubspot}),
   * its record id there, when, and the last push's error (null after a success) with its time.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CrmLink(
      String system, String id, Instant syncedAt, String lastError, Instant lastErrorAt) {}

  /** Server-owned defaults until the scoring feature computes them. */
  public static final int DEFAULT_SCORE = 0;

  public static final String DEFAULT_TEMPERATURE = "cold";

  /** Whether the lead is deleted (a tombstone). */
  public boolean deleted() {
    return bookkeeping.deletedAt() != null;
  }

  /** A copy with the scoring feature's server-owned fields replaced (the version is not changed here). */
  public Lead withScore(
      Integer newScore,
      String newTemperature,
      List<String> explanation,
      ScoreDetails details,
      Instant nextDecayAt) {
    return toBuilder()
        .score(newScore)
        .temperature(newTemperature)
        .scoreExplanation(explanation)
        .scoreDetails(details)
        .scoreNextDecayAt(nextDecayAt)
        .build();
  }

  /** A copy with another owner and team (routing; the version is not changed here). */
  public Lead withOwner(String newOwnerId, String newTeamId) {
    return toBuilder().ownerId(newOwnerId).teamId(newTeamId).build();
  }

  /** A copy with the booth hot mark set (create only). */
  public Lead withHotOverride(HotOverride override) {
    return toBuilder().hotOverride(override).build();
  }

  /** A copy at another version and update time (the server-side write path stamps both). */
  public Lead withVersion(long newVersion, Instant newUpdatedAt) {
    return toBuilder().version(newVersion).updatedAt(newUpdatedAt).build();
  }

  /** An empty builder (every field null, version 0). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this lead's fields, to build a copy with some of them changed. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a lead by field name, so that a new field is added to its group's record, a setter here and where it is
   * set, not at every place a lead is made. Plain fields and direct constructor calls: cheap enough for a lead per
   * stored document.
   */
  public static final class Builder {
    private String id;
    private String tenantId;
    private long version;
    private String firstName;
    private String lastName;
    private String email;
    private String phone;
    private String phoneRaw;
    private Boolean phoneValid;
    private String company;
    private String title;
    private String website;
    private String industry;
    private String companySize;
    private String country;
    private String region;
    private String city;
    private Location location;
    private String source;
    private String campaign;
    private String eventId;
    private String captureMethod;
    private String capturedBy;
    private Instant capturedAt;
    private Instant deviceCapturedAt;
    private Instant receivedAt;
    private Bant bant;
    private List<Answer> answers;
    private String status;
    private String statusReason;
    private List<StageChange> stageHistory;
    private String ownerId;
    private String teamId;
    private List<String> tags;
    private List<Consent> consents;
    private Boolean marketingOptOut;
    private Map<String, Object> customFields;
    private Map<String, String> externalIds;
    private Integer score;
    private String temperature;
    private List<String> scoreExplanation;
    private Conversion conversion;
    private Map<String, FieldChange> fieldMeta;
    private Instant createdAt;
    private String createdBy;
    private Instant updatedAt;
    private Instant deletedAt;
    private String mergedInto;
    private ScoreDetails scoreDetails;
    private Instant scoreNextDecayAt;
    private HotOverride hotOverride;
    private Scan scan;
    private CrmLink crm;

    private Builder() {}

    private Builder(Lead lead) {
      this.id = lead.id;
      this.tenantId = lead.tenantId;
      this.version = lead.version;
      LeadContact contact = lead.contact;
      this.firstName = contact.firstName();
      this.lastName = contact.lastName();
      this.email = contact.email();
      this.phone = contact.phone();
      this.phoneRaw = contact.phoneRaw();
      this.phoneValid = contact.phoneValid();
      this.title = contact.title();
      LeadOrganization organization = lead.organization;
      this.company = organization.company();
      this.website = organization.website();
      this.industry = organization.industry();
      this.companySize = organization.companySize();
      this.country = organization.country();
      this.region = organization.region();
      this.city = organization.city();
      LeadCapture capture = lead.capture;
      this.location = capture.location();
      this.source = capture.source();
      this.campaign = capture.campaign();
      this.eventId = capture.eventId();
      this.captureMethod = capture.captureMethod();
      this.capturedBy = capture.capturedBy();
      this.capturedAt = capture.capturedAt();
      this.deviceCapturedAt = capture.deviceCapturedAt();
      this.receivedAt = capture.receivedAt();
      this.scan = capture.scan();
      LeadQualification qualification = lead.qualification;
      this.bant = qualification.bant();
      this.answers = qualification.answers();
      this.status = qualification.status();
      this.statusReason = qualification.statusReason();
      this.stageHistory = qualification.stageHistory();
      this.tags = qualification.tags();
      this.consents = qualification.consents();
      this.marketingOptOut = qualification.marketingOptOut();
      this.customFields = qualification.customFields();
      this.conversion = qualification.conversion();
      LeadRouting routing = lead.routing;
      this.ownerId = routing.ownerId();
      this.teamId = routing.teamId();
      LeadScoring scoring = lead.scoring;
      this.score = scoring.score();
      this.temperature = scoring.temperature();
      this.scoreExplanation = scoring.scoreExplanation();
      this.scoreDetails = scoring.scoreDetails();
      this.scoreNextDecayAt = scoring.scoreNextDecayAt();
      this.hotOverride = scoring.hotOverride();
      LeadBookkeeping bookkeeping = lead.bookkeeping;
      this.fieldMeta = bookkeeping.fieldMeta();
      this.createdAt = bookkeeping.createdAt();
      this.createdBy = bookkeeping.createdBy();
      this.updatedAt = bookkeeping.updatedAt();
      this.deletedAt = bookkeeping.deletedAt();
      this.mergedInto = bookkeeping.mergedInto();
      this.externalIds = bookkeeping.externalIds();
      this.crm = bookkeeping.crm();
    }

    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder tenantId(String value) {
      this.tenantId = value;
      return this;
    }

    public Builder version(long value) {
      this.version = value;
      return this;
    }

    public Builder firstName(String value) {
      this.firstName = value;
      return this;
    }

    public Builder lastName(String value) {
      this.lastName = value;
      return this;
    }

    public Builder email(String value) {
      this.email = value;
      return this;
    }

    public Builder phone(String value) {
      this.phone = value;
      return this;
    }

    public Builder phoneRaw(String value) {
      this.phoneRaw = value;
      return this;
    }

    public Builder phoneValid(Boolean value) {
      this.phoneValid = value;
      return this;
    }

    public Builder company(String value) {
      this.company = value;
      return this;
    }

    public Builder title(String value) {
      this.title = value;
      return this;
    }

    public Builder website(String value) {
      this.website = value;
      return this;
    }

    public Builder industry(String value) {
      this.industry = value;
      return this;
    }

    public Builder companySize(String value) {
      this.companySize = value;
      return this;
    }

    public Builder country(String value) {
      this.country = value;
      return this;
    }

    public Builder region(String value) {
      this.region = value;
      return this;
    }

    public Builder city(String value) {
      this.city = value;
      return this;
    }

    public Builder location(Location value) {
      this.location = value;
      return this;
    }

    public Builder source(String value) {
      this.source = value;
      return this;
    }

    public Builder campaign(String value) {
      this.campaign = value;
      return this;
    }

    public Builder eventId(String value) {
      this.eventId = value;
      return this;
    }

    public Builder captureMethod(String value) {
      this.captureMethod = value;
      return this;
    }

    public Builder capturedBy(String value) {
      this.capturedBy = value;
      return this;
    }

    public Builder capturedAt(Instant value) {
      this.capturedAt = value;
      return this;
    }

    public Builder deviceCapturedAt(Instant value) {
      this.deviceCapturedAt = value;
      return this;
    }

    public Builder receivedAt(Instant value) {
      this.receivedAt = value;
      return this;
    }

    public Builder bant(Bant value) {
      this.bant = value;
      return this;
    }

    public Builder answers(List<Answer> value) {
      this.answers = value;
      return this;
    }

    public Builder status(String value) {
      this.status = value;
      return this;
    }

    public Builder statusReason(String value) {
      this.statusReason = value;
      return this;
    }

    public Builder stageHistory(List<StageChange> value) {
      this.stageHistory = value;
      return this;
    }

    public Builder ownerId(String value) {
      this.ownerId = value;
      return this;
    }

    public Builder teamId(String value) {
      this.teamId = value;
      return this;
    }

    public Builder tags(List<String> value) {
      this.tags = value;
      return this;
    }

    public Builder consents(List<Consent> value) {
      this.consents = value;
      return this;
    }

    public Builder marketingOptOut(Boolean value) {
      this.marketingOptOut = value;
      return this;
    }

    public Builder customFields(Map<String, Object> value) {
      this.customFields = value;
      return this;
    }

    public Builder externalIds(Map<String, String> value) {
      this.externalIds = value;
      return this;
    }

    public Builder score(Integer value) {
      this.score = value;
      return this;
    }

    public Builder temperature(String value) {
      this.temperature = value;
      return this;
    }

    public Builder scoreExplanation(List<String> value) {
      this.scoreExplanation = value;
      return this;
    }

    public Builder conversion(Conversion value) {
      this.conversion = value;
      return this;
    }

    public Builder fieldMeta(Map<String, FieldChange> value) {
      this.fieldMeta = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    public Builder createdBy(String value) {
      this.createdBy = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      this.updatedAt = value;
      return this;
    }

    public Builder deletedAt(Instant value) {
      this.deletedAt = value;
      return this;
    }

    public Builder mergedInto(String value) {
      this.mergedInto = value;
      return this;
    }

    public Builder scoreDetails(ScoreDetails value) {
      this.scoreDetails = value;
      return this;
    }

    public Builder scoreNextDecayAt(Instant value) {
      this.scoreNextDecayAt = value;
      return this;
    }

    public Builder scan(Scan value) {
      this.scan = value;
      return this;
    }

    public Builder crm(CrmLink value) {
      this.crm = value;
      return this;
    }

    public Builder hotOverride(HotOverride value) {
      this.hotOverride = value;
      return this;
    }

    public Lead build() {
      return new Lead(
          id,
          tenantId,
          version,
          new LeadContact(firstName, lastName, email, phone, phoneRaw, phoneValid, title),
          new LeadOrganization(company, website, industry, companySize, country, region, city),
          new LeadCapture(
              location,
              source,
              campaign,
              eventId,
              captureMethod,
              capturedBy,
              capturedAt,
              deviceCapturedAt,
              receivedAt,
              scan),
          new LeadQualification(
              bant,
              answers,
              status,
              statusReason,
              stageHistory,
              tags,
              consents,
              marketingOptOut,
              customFields,
              conversion),
          new LeadRouting(ownerId, teamId),
          new LeadScoring(
              score, temperature, scoreExplanation, scoreDetails, scoreNextDecayAt, hotOverride),
          new LeadBookkeeping(
              fieldMeta, createdAt, createdBy, updatedAt, deletedAt, mergedInto, externalIds, crm));
    }
  }
}
