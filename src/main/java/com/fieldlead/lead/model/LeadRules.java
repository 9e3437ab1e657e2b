package com.fieldlead.lead.model;

import com.fieldlead.problem.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a lead's writable fields that the contract cannot express, and its normalisation (trimming, E.164
 * phones, upper-case countries, lower-case tags). Pure: the same rules serve the HTTP API, the import and, later,
 * sync pushes (which do not pass through the router).
 */
public final class LeadRules {

  public static final Set<String> SOURCES =
      Set.of("trade_show", "web_form", "referral", "cold_call", "social", "ad", "import", "other");
  public static final Set<String> CAPTURE_METHODS =
      Set.of("manual", "badge_scan", "business_card", "web_form", "import");
  public static final Set<String> COMPANY_SIZES =
      Set.of("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001+");
  public static final Set<String> BUDGETS = Set.of("unknown", "none", "planned", "approved");
  public static final Set<String> AUTHORITIES =
      Set.of("unknown", "none", "user", "influencer", "decision_maker");
  public static final Set<String> NEEDS = Set.of("unknown", "none", "low", "medium", "high");
  public static final Set<String> TIMELINES = Set.of(
      "unknown", "immediate", "within_3_months", "within_6_months", "within_12_months", "later");
  public static final Set<String> CONSENT_PURPOSES =
      Set.of("marketing", "data_processing", "email_contact", "phone_contact", "data_sharing");
  public static final Set<String> CONSENT_METHODS =
      Set.of("verbal", "written", "web_form", "badge_scan", "email", "import", "other");
  public static final Set<String> TEMPERATURES = Set.of("cold", "warm", "hot");

  /** Maximum lengths of the string fields (the contract says the same). */
  public static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(
      Map.entry(LeadFields.FIRST_NAME, 100),
      Map.entry(LeadFields.LAST_NAME, 100),
      Map.entry(LeadFields.EMAIL, 254),
      Map.entry(LeadFields.PHONE, 40),
      Map.entry(LeadFields.COMPANY, 200),
      Map.entry(LeadFields.TITLE, 150),
      Map.entry(LeadFields.WEBSITE, 2048),
      Map.entry(LeadFields.INDUSTRY, 100),
      Map.entry(LeadFields.REGION, 100),
      Map.entry(LeadFields.CITY, 100),
      Map.entry(LeadFields.CAMPAIGN, 100),
      Map.entry(LeadFields.EVENT_ID, 64),
      Map.entry(LeadFields.STATUS, 30),
      Map.entry(LeadFields.STATUS_REASON, 500),
      Map.entry(LeadFields.OWNER_ID, 64),
      Map.entry(LeadFields.TEAM_ID, 64));

  public static final int MAX_TAGS = 30;
  public static final int MAX_TAG_LENGTH = 40;
  public static final int MAX_CONSENTS = 50;
  public static final int MAX_CUSTOM_FIELDS = 50;
  public static final int MAX_CUSTOM_VALUE = 1000;
  public static final int MAX_ANSWERS = 100;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
  private static final Pattern CUSTOM_KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,39}$");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Duration CLOCK_SKEW = Duration.ofDays(1);

  private LeadRules() {}

  /**
   * Trims strings (blank becomes absent), normalises country, website and tags, and the phone unless it already is
   * ({@code phoneValid} set: {@link LeadChanges#apply} clears it when the phone changes).
   */
  public static Lead normalise(Lead l, String defaultRegion) {
    String country = upper(trim(l.organization().country()));
    String phone = trim(l.contact().phone());
    String phoneRaw = null;
    Boolean phoneValid = null;
    if (phone != null && l.contact().phoneValid() != null) {
      phoneRaw = l.contact().phoneRaw();
      phoneValid = l.contact().phoneValid();
    } else if (phone != null) {
      PhoneNormalizer.Result r = PhoneNormalizer.normalise(
          phone, country != null && COUNTRIES.contains(country) ? country : defaultRegion);
      phone = r.e164();
      phoneRaw = r.raw();
      phoneValid = r.valid();
    }
    return l.toBuilder()
        .firstName(trim(l.contact().firstName()))
        .lastName(trim(l.contact().lastName()))
        .email(trim(l.contact().email()))
        .phone(phone)
        .phoneRaw(phoneRaw)
        .phoneValid(phoneValid)
        .company(trim(l.organization().company()))
        .title(trim(l.contact().title()))
        .website(website(trim(l.organization().website())))
        .industry(trim(l.organization().industry()))
        .companySize(trim(l.organization().companySize()))
        .country(country)
        .region(trim(l.organization().region()))
        .city(trim(l.organization().city()))
        .source(trim(l.capture().source()))
        .campaign(trim(l.capture().campaign()))
        .eventId(trim(l.capture().eventId()))
        .captureMethod(trim(l.capture().captureMethod()))
        .status(trim(l.qualification().status()))
        .statusReason(trim(l.qualification().statusReason()))
        .ownerId(trim(l.routing().ownerId()))
        .teamId(trim(l.routing().teamId()))
        .tags(tags(l.qualification().tags()))
        .marketingOptOut(marketingOptOut(l.qualification().consents()))
        .build();
  }

  /**
   * Field errors of a normalised lead; {@code previous} is the stored state for an update (null on create).
   */
  public static List<FieldError> check(Lead l, Lead previous, LeadSettings settings, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> strings = strings(l);
    strings.forEach((field, value) -> {
      Integer max = MAX_LENGTH.get(field);
      if (value != null && max != null && value.length() > max) {
        errors.add(new FieldError(
            "/" + field, "maxLength", field + " has at most " + max + " characters"));
      }
    });
    if (l.contact().firstName() == null
        && l.contact().lastName() == null
        && l.contact().email() == null
        && l.contact().phone() == null
        && l.organization().company() == null) {
      errors.add(new FieldError(
          "/lastName",
          "required",
          "a lead needs at least one of firstName, lastName, email, phone or company"));
    }
    if (l.contact().email() != null && !EMAIL.matcher(l.contact().email()).matches()) {
      errors.add(new FieldError(
          "/email", "format", "'" + l.contact().email() + "' is not an email address"));
    }
    if (l.organization().country() != null
        && !COUNTRIES.contains(l.organization().country())) {
      errors.add(new FieldError("/country", "format", "country must be an ISO 3166 alpha-2 code"));
    }
    if (l.organization().website() != null && !validWebsite(l.organization().website())) {
      errors.add(
          new FieldError("/website", "format", "website must be an http(s) URL or a domain name"));
    }
    oneOf(errors, "/companySize", l.organization().companySize(), COMPANY_SIZES);
    oneOf(errors, "/source", l.capture().source(), SOURCES);
    oneOf(errors, "/captureMethod", l.capture().captureMethod(), CAPTURE_METHODS);
    location(errors, l.capture().location());
    bant(errors, l.qualification().bant());
    if (l.capture().capturedAt() != null
        && l.capture().capturedAt().isAfter(now.plus(CLOCK_SKEW))) {
      errors.add(new FieldError("/capturedAt", "range", "capturedAt is in the future"));
    }
    status(errors, l, previous, settings);
    tagsAndCustom(errors, l);
    consents(errors, l, previous);
    if (l.qualification().answers() != null && l.qualification().answers().size() > MAX_ANSWERS) {
      errors.add(new FieldError("/answers", "maxItems", "at most " + MAX_ANSWERS + " answers"));
    }
    return errors;
  }

  private static void status(
      List<FieldError> errors, Lead l, Lead previous, LeadSettings settings) {
    String prev = previous == null ? null : previous.qualification().status();
    if (l.qualification().status() == null) {
      errors.add(new FieldError("/status", "required", "status cannot be removed"));
      return;
    }
    LeadStatus s = settings.status(l.qualification().status()).orElse(null);
    if (s == null) {
      errors.add(new FieldError(
          "/status",
          "enum",
          "unknown status '" + l.qualification().status() + "'; this tenant has "
              + settings.statuses().stream().map(LeadStatus::key).toList()));
      return;
    }
    if (l.qualification().status().equals(prev)) {
      return;
    }
    if (s.converted()) {
      errors.add(new FieldError(
          "/status",
          "conversion",
          "status '" + s.key()
              + "' is set by POST /v1/leads/{id}/convert, which records what the lead became"));
    }
    if (previous != null && settings.isConverted(prev)) {
      errors.add(new FieldError("/status", "converted", "a converted lead keeps its status"));
    }
    if (s.requiresReason() && l.qualification().statusReason() == null) {
      errors.add(new FieldError(
          "/statusReason", "required", "status '" + s.key() + "' needs a statusReason"));
    }
  }

  private static void tagsAndCustom(List<FieldError> errors, Lead l) {
    if (l.qualification().tags() != null) {
      if (l.qualification().tags().size() > MAX_TAGS) {
        errors.add(new FieldError("/tags", "maxItems", "at most " + MAX_TAGS + " tags"));
      }
      for (int i = 0; i < l.qualification().tags().size(); i++) {
        if (l.qualification().tags().get(i).length() > MAX_TAG_LENGTH) {
          errors.add(new FieldError(
              "/tags/" + i, "maxLength", "a tag has at most " + MAX_TAG_LENGTH + " characters"));
        }
      }
    }
    Map<String, Object> custom = l.qualification().customFields();
    if (custom == null) {
      return;
    }
    if (custom.size() > MAX_CUSTOM_FIELDS) {
      errors.add(new FieldError(
          "/customFields", "maxProperties", "at most " + MAX_CUSTOM_FIELDS + " custom fields"));
    }
    custom.forEach((k, v) -> {
      if (!CUSTOM_KEY.matcher(k).matches()) {
        errors.add(new FieldError(
            "/customFields/" + k, "pattern", "custom field names match " + CUSTOM_KEY.pattern()));
      } else if (!(v == null
          || v instanceof String
          || v instanceof Number
          || v instanceof Boolean)) {
        errors.add(new FieldError(
            "/customFields/" + k, "type", "custom field values are strings, numbers or booleans"));
      } else if (v instanceof String s && s.length() > MAX_CUSTOM_VALUE) {
        errors.add(new FieldError(
            "/customFields/" + k, "maxLength", "at most " + MAX_CUSTOM_VALUE + " characters"));
      }
    });
  }

  private static void consents(List<FieldError> errors, Lead l, Lead previous) {
    List<Lead.Consent> now =
        l.qualification().consents() == null ? List.of() : l.qualification().consents();
    if (now.size() > MAX_CONSENTS) {
      errors.add(
          new FieldError("/consents", "maxItems", "at most " + MAX_CONSENTS + " consent records"));
    }
    for (int i = 0; i < now.size(); i++) {
      Lead.Consent c = now.get(i);
      oneOf(errors, "/consents/" + i + "/purpose", c.purpose(), CONSENT_PURPOSES);
      oneOf(errors, "/consents/" + i + "/method", c.method(), CONSENT_METHODS);
      if (c.purpose() == null || c.granted() == null || c.at() == null || c.method() == null) {
        errors.add(new FieldError(
            "/consents/" + i, "required", "a consent needs purpose, granted, at and method"));
      }
    }
    // Consent is evidence: records are appended (a withdrawal is a new record), never edited or
    // removed.
    List<Lead.Consent> before = previous == null || previous.qualification().consents() == null
        ? List.of()
        : previous.qualification().consents();
    if (now.size() < before.size() || !now.subList(0, before.size()).equals(before)) {
      errors.add(new FieldError(
          "/consents",
          "appendOnly",
          "consent records cannot be changed or removed; append a new record to withdraw consent"));
    }
  }

  private static void bant(List<FieldError> errors, Lead.Bant b) {
    if (b == null) {
      return;
    }
    oneOf(errors, "/bant/budget", b.budget(), BUDGETS);
    oneOf(errors, "/bant/authority", b.authority(), AUTHORITIES);
    oneOf(errors, "/bant/need", b.need(), NEEDS);
    oneOf(errors, "/bant/timeline", b.timeline(), TIMELINES);
    if (b.budgetAmount() != null && b.budgetAmount().signum() < 0) {
      errors.add(
          new FieldError("/bant/budgetAmount", "minimum", "budgetAmount cannot be negative"));
    }
  }

  private static void location(List<FieldError> errors, Lead.Location loc) {
    if (loc == null) {
      return;
    }
    if (loc.lat() == null || loc.lat() < -90 || loc.lat() > 90) {
      errors.add(new FieldError("/location/lat", "range", "lat must be between -90 and 90"));
    }
    if (loc.lon() == null || loc.lon() < -180 || loc.lon() > 180) {
      errors.add(new FieldError("/location/lon", "range", "lon must be between -180 and 180"));
    }
    if (loc.accuracy() != null && (loc.accuracy() < 0 || loc.accuracy() > 100_000)) {
      errors.add(new FieldError("/location/accuracy", "range", "accuracy is metres, 0 to 100000"));
    }
  }

  private static void oneOf(
      List<FieldError> errors, String field, String value, Set<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      errors.add(new FieldError(
          field,
          "enum",
          "'" + value + "' is not one of " + allowed.stream().sorted().toList()));
    }
  }

  /** The latest marketing consent decides: withdrawn (granted false) means opted out. */
  static Boolean marketingOptOut(List<Lead.Consent> consents) {
    if (consents == null) {
      return false;
    }
    Lead.Consent last = null;
    for (Lead.Consent c : consents) {
      if ("marketing".equals(c.purpose())
          && c.at() != null
          && (last == null || !c.at().isBefore(last.at()))) {
        last = c;
      }
    }
    return last != null && Boolean.FALSE.equals(last.granted());
  }

  private static Map<String, String> strings(Lead l) {
    Map<String, String> m = new HashMap<>();
    m.put(LeadFields.FIRST_NAME, l.contact().firstName());
    m.put(LeadFields.LAST_NAME, l.contact().lastName());
    m.put(LeadFields.EMAIL, l.contact().email());
    m.put(LeadFields.PHONE, l.contact().phoneRaw());
    m.put(LeadFields.COMPANY, l.organization().company());
    m.put(LeadFields.TITLE, l.contact().title());
    m.put(LeadFields.WEBSITE, l.organization().website());
    m.put(LeadFields.INDUSTRY, l.organization().industry());
    m.put(LeadFields.REGION, l.organization().region());
    m.put(LeadFields.CITY, l.organization().city());
    m.put(LeadFields.CAMPAIGN, l.capture().campaign());
    m.put(LeadFields.EVENT_ID, l.capture().eventId());
    m.put(LeadFields.STATUS_REASON, l.qualification().statusReason());
    m.put(LeadFields.OWNER_ID, l.routing().ownerId());
    m.put(LeadFields.TEAM_ID, l.routing().teamId());
    return m;
  }

  private static boolean validWebsite(String url) {
    try {
      URI u = new URI(url);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          && u.getHost() != null
          && u.getHost().contains(".");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String website(String w) {
    if (w == null || w.contains("://")) {
      return w;
    }
    return "https://" + w;
  }

  private static List<String> tags(List<String> tags) {
    if (tags == null) {
      return null;
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String t : tags) {
      String n = trim(t);
      if (n != null) {
        out.add(n.toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }

  public static String trim(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }
}
