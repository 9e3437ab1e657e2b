package com.fieldlead.scoring;

import com.fieldlead.lead.model.LeadRules;
import com.fieldlead.problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a tenant's {@link ScoringRules} before the admin API accepts them, answering every problem at once as
 * {@link FieldError}s with JSON-pointer paths ({@code /thresholds/hot}, {@code /fit/titles/2/keywords/0}) so a 400 can
 * name the field. Empty means valid. Pure.
 */
public final class ScoringRulesValidator {

  public static final int MAX_RULES = 50;
  public static final int MAX_KEYWORDS = 50;
  public static final int MAX_KEYWORD_LENGTH = 60;
  public static final int MAX_TABLE_ENTRIES = 200;
  public static final int MAX_LIST_ENTRIES = 500;
  public static final int MAX_ID_LENGTH = 64;
  public static final int MAX_POINTS = 100;
  public static final Duration MAX_HALF_LIFE = Duration.ofDays(3650);

  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
  private static final Pattern DOMAIN = Pattern.compile("\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

  private final List<FieldError> errors = new ArrayList<>();

  private ScoringRulesValidator() {}

  /** Every problem of {@code rules}; empty when they are valid. */
  public static List<FieldError> validate(ScoringRules rules) {
    ScoringRulesValidator v = new ScoringRulesValidator();
    if (rules == null) {
      v.error("", "required", "rules are required");
      return v.errors;
    }
    if (rules.version() < 1) {
      v.error("/version", "range", "version must be at least 1");
    }
    v.fit(rules.fit());
    v.bant(rules.bant());
    v.behaviour(rules.behaviour());
    v.negatives(rules.negatives());
    v.caps(rules.caps());
    v.thresholds(rules.thresholds());
    return List.copyOf(v.errors);
  }

  private void fit(ScoringRules.Fit fit) {
    List<ScoringRules.KeywordRule> titles = fit.titles();
    if (titles.size() > MAX_RULES) {
      error("/fit/titles", "maxItems", "at most " + MAX_RULES + " title rules");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < titles.size(); i++) {
      ScoringRules.KeywordRule r = titles.get(i);
      String at = "/fit/titles/" + i;
      id(at + "/id", r.id(), ids);
      points(at + "/points", r.points(), -MAX_POINTS, MAX_POINTS);
      if (r.keywords().isEmpty()) {
        error(at + "/keywords", "required", "a title rule needs at least one keyword");
      }
      keywords(at + "/keywords", r.keywords());
    }
    table("/fit/industries", fit.industries(), null, 100);
    table("/fit/companySizes", fit.companySizes(), LeadRules.COMPANY_SIZES, 20);
    table("/fit/countries", fit.countries(), null, 100);
    fit.countries().keySet().stream()
        .sorted()
        .filter(k -> k == null || !COUNTRY.matcher(k).matches())
        .forEach(k -> error(
            "/fit/countries/" + k, "format", "countries are ISO 3166 alpha-2 codes such as DE"));
  }

  private void bant(ScoringRules.Bant bant) {
    table("/bant/budget", bant.budget(), LeadRules.BUDGETS, 30);
    table("/bant/authority", bant.authority(), LeadRules.AUTHORITIES, 30);
    table("/bant/need", bant.need(), LeadRules.NEEDS, 30);
    table("/bant/timeline", bant.timeline(), LeadRules.TIMELINES, 30);
  }

  private void behaviour(ScoringRules.Behaviour b) {
    Duration h = b.halfLife();
    if (h == null) {
      error("/behaviour/halfLife", "required", "halfLife is required");
    } else if (h.isNegative() || h.isZero() || h.compareTo(MAX_HALF_LIFE) > 0) {
      error(
          "/behaviour/halfLife",
          "range",
          "halfLife must be positive and at most " + MAX_HALF_LIFE.toDays() + " days");
    }
    if (b.rules().size() > MAX_RULES) {
      error("/behaviour/rules", "maxItems", "at most " + MAX_RULES + " behaviour rules");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < b.rules().size(); i++) {
      ScoringRules.BehaviourRule r = b.rules().get(i);
      String at = "/behaviour/rules/" + i;
      id(at + "/id", r.id(), ids);
      text(at + "/type", r.type(), true, 30);
      text(at + "/outcome", r.outcome(), false, 30);
      text(at + "/label", r.label(), false, 100);
      points(at + "/points", r.points(), -MAX_POINTS, MAX_POINTS);
    }
  }

  private void negatives(ScoringRules.Negatives n) {
    points("/negatives/competitorPoints", n.competitorPoints(), -MAX_POINTS, 0);
    points("/negatives/studentPoints", n.studentPoints(), -MAX_POINTS, 0);
    points("/negatives/disposablePoints", n.disposablePoints(), -MAX_POINTS, 0);
    domains("/negatives/competitorDomains", n.competitorDomains());
    keywords("/negatives/competitorNames", n.competitorNames());
    keywords("/negatives/studentTitleKeywords", n.studentTitleKeywords());
    domains("/negatives/studentDomainSuffixes", n.studentDomainSuffixes());
    domains("/negatives/disposableDomains", n.disposableDomains());
  }

  private void caps(ScoringRules.Caps c) {
    points("/caps/fit", c.fit(), 0, MAX_POINTS);
    points("/caps/bant", c.bant(), 0, MAX_POINTS);
    points("/caps/behaviour", c.behaviour(), 0, MAX_POINTS);
    points("/caps/negative", c.negative(), 0, MAX_POINTS);
  }

  private void thresholds(ScoringRules.Thresholds t) {
    if (t.warm() <= 0) {
      error("/thresholds/warm", "range", "warm must be greater than 0");
    }
    if (t.hot() > MAX_POINTS) {
      error("/thresholds/hot", "range", "hot must be at most " + MAX_POINTS);
    }
    if (t.hot() <= t.warm()) {
      error("/thresholds/hot", "order", "hot must be greater than warm (" + t.warm() + ")");
    }
  }

  private void id(String path, String id, Set<String> seen) {
    if (text(path, id, true, MAX_ID_LENGTH) && !seen.add(id)) {
      error(path, "unique", "rule id '" + id + "' is used twice");
    }
  }

  private boolean text(String path, String value, boolean required, int maxLength) {
    if (value == null || value.isBlank()) {
      if (required) {
        error(path, "required", "must not be blank");
      }
      return false;
    }
    if (value.length() > maxLength) {
      error(path, "maxLength", "at most " + maxLength + " characters");
      return false;
    }
    return true;
  }

  private void points(String path, int points, int min, int max) {
    if (points < min || points > max) {
      error(path, "range", "must be between " + min + " and " + max);
    }
  }

  private void keywords(String path, List<String> keywords) {
    if (keywords.size() > MAX_KEYWORDS) {
      error(path, "maxItems", "at most " + MAX_KEYWORDS + " keywords");
    }
    for (int i = 0; i < keywords.size(); i++) {
      text(path + "/" + i, keywords.get(i), true, MAX_KEYWORD_LENGTH);
    }
  }

  private void domains(String path, List<String> domains) {
    if (domains.size() > MAX_LIST_ENTRIES) {
      error(path, "maxItems", "at most " + MAX_LIST_ENTRIES + " domains");
    }
    for (int i = 0; i < domains.size(); i++) {
      String d = domains.get(i);
      if (text(path + "/" + i, d, true, 253) && !DOMAIN.matcher(d.trim()).matches()) {
        error(path + "/" + i, "format", "'" + d + "' is not a domain name such as example.com");
      }
    }
  }

  private void table(
      String path, Map<String, Integer> table, Set<String> allowed, int maxKeyLength) {
    if (table.size() > MAX_TABLE_ENTRIES) {
      error(path, "maxProperties", "at most " + MAX_TABLE_ENTRIES + " entries");
    }
    new TreeMap<>(table).forEach((key, points) -> {
      String at = path + "/" + key;
      if (!text(at, key, true, maxKeyLength)) {
        return;
      }
      if (allowed != null && !allowed.contains(key)) {
        error(
            at,
            "enum",
            "'" + key + "' is not one of " + allowed.stream().sorted().toList());
      }
      if (points == null) {
        error(at, "required", "points are required");
      } else {
        points(at, points, -MAX_POINTS, MAX_POINTS);
      }
    });
  }

  private void error(String path, String code, String message) {
    errors.add(new FieldError(path, code, message));
  }
}
