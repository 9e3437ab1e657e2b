package com.fieldlead.scoring;

import com.fieldlead.scoring.LeadFacts.BehaviourEvent;
import com.fieldlead.scoring.ScoreContribution.Category;
import com.fieldlead.scoring.ScoringRules.BehaviourRule;
import com.fieldlead.scoring.ScoringRules.KeywordRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pure rules engine: a lead's facts and a tenant's rules in, a score with its explanation out. Deterministic for a
 * given {@code now}; no clock, no I/O. Order of work: fit, BANT and behaviour lines, each category capped; negatives,
 * capped in magnitude; the total clamped to [0, 100]; temperature from the thresholds, or hot when booth staff marked
 * the lead hot (the score is still computed and the explanation says who marked it and when).
 */
public final class LeadScorer {

  private LeadScorer() {}

  /** Scores {@code facts} under {@code rules} as of {@code now}. */
  public static ScoreResult score(ScoringRules rules, LeadFacts facts, Instant now) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(now, "now");
    List<ScoreContribution> lines = new ArrayList<>();
    ScoringRules.Caps caps = rules.caps();
    int total = capped(lines, "fit", "Fit", FitScoring.lines(rules.fit(), facts), caps.fit());
    total += capped(lines, "bant", "BANT", FitScoring.bantLines(rules.bant(), facts), caps.bant());
    Behaviour behaviour = behaviour(rules.behaviour(), facts.events(), now);
    total += capped(lines, "behaviour", "Behaviour", behaviour.lines(), caps.behaviour());
    total +=
        cappedNegatives(lines, NegativeScoring.lines(rules.negatives(), facts), caps.negative());
    int score = clamp(lines, total);
    Temperature temperature = rules.thresholds().temperatureOf(score);
    boolean overridden = facts.boothHotOverride() != null;
    if (overridden) {
      LeadFacts.BoothOverride o = facts.boothHotOverride();
      lines.add(new ScoreContribution(
          "override.boothHot",
          Category.OVERRIDE,
          "Marked hot at the booth by " + o.by() + " at " + o.at()
              + " (hot regardless of score; by points it would be " + temperature.wire() + ")",
          0,
          0));
      temperature = Temperature.HOT;
    }
    return new ScoreResult(
        score, temperature, lines, overridden, rules.version(), now, behaviour.nextDecayAt());
  }

  /**
   * True when a re-score crossed into hot: the lead was not hot before ({@code previous} null means never scored) and
   * is now. Alerts fire once per crossing: hot to hot is not a crossing, hot to warm to hot is two.
   */
  public static boolean becameHot(Temperature previous, ScoreResult next) {
    return next.temperature() == Temperature.HOT && previous != Temperature.HOT;
  }

  /** Signed points as the explanation shows them: {@code +15}, {@code -50}, {@code 0}. */
  static String signed(int points) {
    return points > 0 ? "+" + points : Integer.toString(points);
  }

  private static int capped(
      List<ScoreContribution> out, String id, String name, List<ScoreContribution> lines, int cap) {
    out.addAll(lines);
    int sum = lines.stream().mapToInt(ScoreContribution::points).sum();
    if (sum > cap) {
      out.add(new ScoreContribution(
          "cap." + id,
          Category.ADJUSTMENT,
          name + " capped at " + cap + " (" + signed(cap - sum) + ")",
          cap - sum,
          0));
      return cap;
    }
    return sum;
  }

  private static int cappedNegatives(
      List<ScoreContribution> out, List<ScoreContribution> lines, int cap) {
    out.addAll(lines);
    int sum = lines.stream().mapToInt(ScoreContribution::points).sum();
    if (-sum > cap) {
      out.add(new ScoreContribution(
          "cap.negative",
          Category.ADJUSTMENT,
          "Penalties capped at -" + cap + " (" + signed(-sum - cap) + ")",
          -sum - cap,
          0));
      return -cap;
    }
    return sum;
  }

  private static int clamp(List<ScoreContribution> out, int total) {
    int score = Math.max(0, Math.min(100, total));
    if (score != total) {
      out.add(new ScoreContribution(
          "clamp",
          Category.ADJUSTMENT,
          "Score kept within 0..100 (" + signed(score - total) + ")",
          score - total,
          0));
    }
    return score;
  }

  private record Behaviour(List<ScoreContribution> lines, Instant nextDecayAt) {}

  private static Behaviour behaviour(
      ScoringRules.Behaviour rules, List<BehaviourEvent> events, Instant now) {
    List<ScoreContribution> lines = new ArrayList<>();
    Instant next = null;
    Duration halfLife = rules.halfLife();
    for (BehaviourEvent e : events) {
      BehaviourRule rule = firstMatch(rules.rules(), e);
      if (rule == null || rule.points() == 0) {
        continue;
      }
      Duration age = Duration.between(e.occurredAt(), now);
      int points = Decay.round(Decay.decayed(rule.points(), age, halfLife));
      if (points == 0) {
        continue; // faded out: no line, and decay can no longer change it
      }
      Instant drop = Decay.nextDrop(rule.points(), e.occurredAt(), halfLife, points);
      if (drop != null && drop.isAfter(now) && (next == null || drop.isBefore(next))) {
        next = drop;
      }
      String what = rule.label() != null && !rule.label().isBlank()
          ? rule.label()
          : e.type() + (e.outcome() == null ? "" : " " + e.outcome());
      String on = e.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
      String label = points == rule.points()
          ? what + " on " + on + " (" + signed(points) + ")"
          : what + " on " + on + " (" + signed(points) + " of " + signed(rule.points())
              + " after decay)";
      lines.add(new ScoreContribution(rule.id(), Category.BEHAVIOUR, label, points, rule.points()));
    }
    return new Behaviour(lines, next);
  }

  private static BehaviourRule firstMatch(List<BehaviourRule> rules, BehaviourEvent e) {
    for (BehaviourRule r : rules) {
      boolean type = r.type() != null && r.type().equalsIgnoreCase(e.type().trim());
      boolean outcome = r.outcome() == null
          || (e.outcome() != null && r.outcome().equalsIgnoreCase(e.outcome().trim()));
      if (type && outcome) {
        return r;
      }
    }
    return null;
  }

  /** Fit and BANT lines: table look-ups and title keywords. */
  static final class FitScoring {

    private FitScoring() {}

    static List<ScoreContribution> lines(ScoringRules.Fit fit, LeadFacts f) {
      List<ScoreContribution> lines = new ArrayList<>(titleLines(fit.titles(), f.title()));
      lookup(lines, Category.FIT, "industry", "Industry", fit.industries(), f.industry());
      lookup(
          lines,
          Category.FIT,
          "companySize",
          "Company size",
          fit.companySizes(),
          f.companySizeBand());
      lookup(lines, Category.FIT, "country", "Country", fit.countries(), f.country());
      return lines;
    }

    static List<ScoreContribution> bantLines(ScoringRules.Bant bant, LeadFacts f) {
      List<ScoreContribution> lines = new ArrayList<>();
      lookup(lines, Category.BANT, "bant.budget", "Budget", bant.budget(), f.budget());
      lookup(lines, Category.BANT, "bant.authority", "Authority", bant.authority(), f.authority());
      lookup(lines, Category.BANT, "bant.need", "Need", bant.need(), f.need());
      lookup(lines, Category.BANT, "bant.timeline", "Timeline", bant.timeline(), f.timeline());
      return lines;
    }

    private static List<ScoreContribution> titleLines(List<KeywordRule> rules, String title) {
      Map<String, ScoreContribution> bestPerGroup = new LinkedHashMap<>();
      for (KeywordRule rule : rules) {
        String hit = rule.keywords().stream()
            .filter(k -> Keywords.containsWord(title, k))
            .findFirst()
            .orElse(null);
        if (hit == null) {
          continue;
        }
        ScoreContribution line = new ScoreContribution(
            rule.id(),
            Category.FIT,
            "Title matches '" + hit.trim() + "' (" + signed(rule.points()) + ")",
            rule.points(),
            rule.points());
        bestPerGroup.merge(rule.effectiveGroup(), line, (a, b) -> b.points() > a.points() ? b : a);
      }
      return List.copyOf(bestPerGroup.values());
    }

    private static void lookup(
        List<ScoreContribution> out,
        Category category,
        String idPrefix,
        String name,
        Map<String, Integer> table,
        String value) {
      if (value == null || value.isBlank()) {
        return;
      }
      String v = value.trim();
      for (Map.Entry<String, Integer> e : table.entrySet()) {
        if (e.getKey().trim().equalsIgnoreCase(v) && e.getValue() != 0) {
          String shown = v.replace('_', ' ');
          out.add(new ScoreContribution(
              idPrefix + ":" + e.getKey(),
              category,
              name + " " + shown + " (" + signed(e.getValue()) + ")",
              e.getValue(),
              e.getValue()));
          return;
        }
      }
    }
  }
}
