package com.fieldlead.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's scoring rules, one immutable, versioned record tree. The admin API stores it as a document, checks it with
 * {@link ScoringRulesValidator} before accepting it, and bumps {@code version} on every change; every score records the
 * version it was computed with. Map keys are matched case-insensitively (countries are ISO 3166 alpha-2 codes; company
 * sizes and BANT values are the lead contract's enum values, e.g. {@code 51-200}, {@code approved}).
 *
 * <p>Points are summed per category, each category is capped, negatives are added, and the total is clamped to
 * [0, 100]. Temperature follows from the thresholds.
 */
public record ScoringRules(
    int version,
    Instant updatedAt,
    Fit fit,
    Bant bant,
    Behaviour behaviour,
    Negatives negatives,
    Caps caps,
    Thresholds thresholds) {

  public ScoringRules {
    Objects.requireNonNull(fit, "fit");
    Objects.requireNonNull(bant, "bant");
    Objects.requireNonNull(behaviour, "behaviour");
    Objects.requireNonNull(negatives, "negatives");
    Objects.requireNonNull(caps, "caps");
    Objects.requireNonNull(thresholds, "thresholds");
  }

  /** A copy with another version and update time (the admin service sets both on save). */
  public ScoringRules withVersion(int newVersion, Instant at) {
    return new ScoringRules(newVersion, at, fit, bant, behaviour, negatives, caps, thresholds);
  }

  /**
   * Who the lead is. Title rules match whole words of the job title, case-insensitively ("VP" matches "VP Sales", not
   * "SVP"; "Head of" matches "Head of IT"). Within one {@code group} only the best-paying matching rule counts, so a
   * "Head of ... Director" title is not counted twice for seniority; rules of different groups add up.
   */
  public record Fit(
      List<KeywordRule> titles,
      Map<String, Integer> industries,
      Map<String, Integer> companySizes,
      Map<String, Integer> countries) {
    public Fit {
      titles = List.copyOf(titles == null ? List.of() : titles);
      industries = Map.copyOf(industries == null ? Map.of() : industries);
      companySizes = Map.copyOf(companySizes == null ? Map.of() : companySizes);
      countries = Map.copyOf(countries == null ? Map.of() : countries);
    }
  }

  /** A title rule: any of {@code keywords} in the title gives {@code points}; {@code group} null means its own id. */
  public record KeywordRule(String id, String group, List<String> keywords, int points) {
    public KeywordRule {
      keywords = List.copyOf(keywords == null ? List.of() : keywords);
    }

    /** The group this rule competes in: {@code group}, or the rule's own id when none is given. */
    public String effectiveGroup() {
      return group == null || group.isBlank() ? id : group;
    }
  }

  /**
   * Qualification points per BANT criterion, keyed by the lead contract's values: budget ({@code approved},
   * {@code planned}, ...), authority ({@code decision_maker}, ...), need ({@code high}, ...) and timeline buckets
   * ({@code immediate}, {@code within_3_months}, ...). A value that is not a key gives nothing.
   */
  public record Bant(
      Map<String, Integer> budget,
      Map<String, Integer> authority,
      Map<String, Integer> need,
      Map<String, Integer> timeline) {
    public Bant {
      budget = Map.copyOf(budget == null ? Map.of() : budget);
      authority = Map.copyOf(authority == null ? Map.of() : authority);
      need = Map.copyOf(need == null ? Map.of() : need);
      timeline = Map.copyOf(timeline == null ? Map.of() : timeline);
    }
  }

  /**
   * What the lead did. Every event matching a rule gives the rule's points, halved every {@code halfLife} since the
   * event, so interest shown months ago fades while a meeting held yesterday counts fully.
   */
  public record Behaviour(List<BehaviourRule> rules, Duration halfLife) {
    public Behaviour {
      rules = List.copyOf(rules == null ? List.of() : rules);
    }
  }

  /**
   * Points for a behaviour event of {@code type} ({@code meeting}, {@code email}, {@code demo}, {@code visit}, ...)
   * with {@code outcome} ({@code held}, {@code replied}, ...); a null outcome matches any outcome. The first matching
   * rule of the list wins, so an event counts once.
   */
  public record BehaviourRule(String id, String type, String outcome, String label, int points) {}

  /**
   * Penalties (zero or negative points): a competitor (by e-mail domain or company name), a student (by title keyword
   * or an academic e-mail domain suffix such as {@code .edu}, {@code .ac.uk}), a disposable e-mail domain.
   */
  public record Negatives(
      int competitorPoints,
      List<String> competitorDomains,
      List<String> competitorNames,
      int studentPoints,
      List<String> studentTitleKeywords,
      List<String> studentDomainSuffixes,
      int disposablePoints,
      List<String> disposableDomains) {
    public Negatives {
      competitorDomains = List.copyOf(competitorDomains == null ? List.of() : competitorDomains);
      competitorNames = List.copyOf(competitorNames == null ? List.of() : competitorNames);
      studentTitleKeywords =
          List.copyOf(studentTitleKeywords == null ? List.of() : studentTitleKeywords);
      studentDomainSuffixes =
          List.copyOf(studentDomainSuffixes == null ? List.of() : studentDomainSuffixes);
      disposableDomains = List.copyOf(disposableDomains == null ? List.of() : disposableDomains);
    }
  }

  /**
   * The most a category may add (fit, BANT, behaviour) and the most negatives may take away (a positive magnitude).
   * The total is always clamped to [0, 100] on top.
   */
  public record Caps(int fit, int bant, int behaviour, int negative) {}

  /** Hot at or above {@code hot}, warm at or above {@code warm}, else cold. */
  public record Thresholds(int hot, int warm) {
    /** The temperature of {@code score}. */
    public Temperature temperatureOf(int score) {
      return score >= hot ? Temperature.HOT : score >= warm ? Temperature.WARM : Temperature.COLD;
    }
  }
}
