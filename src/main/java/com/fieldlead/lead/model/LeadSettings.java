package com.fieldlead.lead.model;

import com.fieldlead.problem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's lead settings: its lifecycle statuses (in order; the first open one is where new leads start), the
 * default phone region, and the tenant's language ({@code locale}: push texts and report labels for users who chose
 * none; {@code en} unless set). Pure; {@link #check()} lists what is wrong.
 */
public record LeadSettings(String defaultRegion, List<LeadStatus> statuses, String locale) {

  /** The languages a tenant or user may choose (push texts are written in each). */
  public static final List<String> LOCALES = List.of("en", "de", "fr", "es", "pt");

  /** The language of {@code locale} (a tag such as {@code de-CH} counts as de) when one of {@link #LOCALES}, else en. */
  public static String language(String locale) {
    if (locale == null || locale.isBlank()) {
      return LOCALES.get(0);
    }
    String lang = Locale.forLanguageTag(locale.replace('_', '-')).getLanguage();
    return LOCALES.contains(lang) ? lang : LOCALES.get(0);
  }

  private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,29}$");
  private static final Set<String> MEANINGS =
      Set.of(LeadStatus.OPEN, LeadStatus.CONVERTED, LeadStatus.DEAD);
  private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

  public LeadSettings {
    statuses = statuses == null ? List.of() : List.copyOf(statuses);
    locale = locale == null ? LOCALES.get(0) : locale;
  }

  public LeadSettings(String defaultRegion, List<LeadStatus> statuses) {
    this(defaultRegion, statuses, null);
  }

  /** new → contacted → qualified → nurturing → converted / unqualified / lost; the dead ones need a reason. */
  public static LeadSettings defaults() {
    return new LeadSettings(
        "US",
        List.of(
            new LeadStatus("new", "New", LeadStatus.OPEN, false),
            new LeadStatus("contacted", "Contacted", LeadStatus.OPEN, false),
            new LeadStatus("qualified", "Qualified", LeadStatus.OPEN, false),
            new LeadStatus("nurturing", "Nurturing", LeadStatus.OPEN, false),
            new LeadStatus("converted", "Converted", LeadStatus.CONVERTED, false),
            new LeadStatus("unqualified", "Unqualified", LeadStatus.DEAD, true),
            new LeadStatus("lost", "Lost", LeadStatus.DEAD, true)));
  }

  public Optional<LeadStatus> status(String key) {
    return statuses.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** Where a new lead starts: the first open status. */
  public String initialStatus() {
    return statuses.stream()
        .filter(LeadStatus::open)
        .findFirst()
        .map(LeadStatus::key)
        .orElseThrow();
  }

  /** The status a conversion sets: the first with the converted meaning. */
  public String convertedStatus() {
    return statuses.stream()
        .filter(LeadStatus::converted)
        .findFirst()
        .map(LeadStatus::key)
        .orElseThrow();
  }

  public boolean isOpen(String key) {
    return status(key).map(LeadStatus::open).orElse(false);
  }

  public boolean isConverted(String key) {
    return status(key).map(LeadStatus::converted).orElse(false);
  }

  /** Field errors of these settings (empty when valid). */
  public List<FieldError> check() {
    List<FieldError> errors = new ArrayList<>();
    if (defaultRegion == null || !REGIONS.contains(defaultRegion)) {
      errors.add(new FieldError(
          "/defaultRegion", "format", "defaultRegion must be an ISO 3166 alpha-2 code"));
    }
    if (!LOCALES.contains(locale)) {
      errors.add(new FieldError("/locale", "enum", "locale must be one of " + LOCALES));
    }
    if (statuses.isEmpty() || statuses.size() > 30) {
      errors.add(new FieldError("/statuses", "size", "between 1 and 30 statuses"));
      return errors;
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < statuses.size(); i++) {
      LeadStatus s = statuses.get(i);
      String at = "/statuses/" + i;
      if (s.key() == null || !KEY.matcher(s.key()).matches()) {
        errors.add(new FieldError(at + "/key", "pattern", "key must match " + KEY.pattern()));
      } else if (!keys.add(s.key())) {
        errors.add(new FieldError(at + "/key", "unique", "duplicate status key '" + s.key() + "'"));
      }
      if (s.label() == null || s.label().isBlank() || s.label().length() > 60) {
        errors.add(new FieldError(at + "/label", "size", "label must have 1 to 60 characters"));
      }
      if (!MEANINGS.contains(s.meaning())) {
        errors.add(new FieldError(at + "/meaning", "enum", "meaning must be one of " + MEANINGS));
      }
    }
    if (statuses.stream().noneMatch(LeadStatus::open)) {
      errors.add(
          new FieldError("/statuses", "open", "at least one status must have the open meaning"));
    }
    if (statuses.stream().noneMatch(LeadStatus::converted)) {
      errors.add(new FieldError(
          "/statuses", "converted", "at least one status must have the converted meaning"));
    }
    return errors;
  }
}
