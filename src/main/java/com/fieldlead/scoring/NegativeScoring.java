package com.fieldlead.scoring;

import com.fieldlead.scoring.ScoreContribution.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The penalty lines of a score: competitor, student, disposable e-mail domain; each applies at most once. */
final class NegativeScoring {

  private NegativeScoring() {}

  static List<ScoreContribution> lines(ScoringRules.Negatives n, LeadFacts f) {
    List<ScoreContribution> lines = new ArrayList<>();
    String domain = f.emailDomain() == null ? null : Keywords.lower(f.emailDomain());
    competitor(n, f, domain)
        .ifPresent(why -> add(lines, "negative.competitor", why, n.competitorPoints()));
    student(n, f, domain).ifPresent(why -> add(lines, "negative.student", why, n.studentPoints()));
    n.disposableDomains().stream()
        .filter(d -> Keywords.domainIs(domain, d))
        .findFirst()
        .ifPresent(d -> add(
            lines,
            "negative.disposable",
            "Disposable e-mail domain '" + domain + "'",
            n.disposablePoints()));
    return lines;
  }

  private static Optional<String> competitor(ScoringRules.Negatives n, LeadFacts f, String domain) {
    Optional<String> byDomain = n.competitorDomains().stream()
        .filter(d -> Keywords.domainIs(domain, d))
        .findFirst()
        .map(d -> "Competitor e-mail domain '" + domain + "'");
    if (byDomain.isPresent()) {
      return byDomain;
    }
    return n.competitorNames().stream()
        .filter(c -> Keywords.containsWord(f.company(), c))
        .findFirst()
        .map(c -> "Company '" + f.company().trim() + "' is a competitor");
  }

  private static Optional<String> student(ScoringRules.Negatives n, LeadFacts f, String domain) {
    Optional<String> byTitle = n.studentTitleKeywords().stream()
        .filter(k -> Keywords.containsWord(f.title(), k))
        .findFirst()
        .map(k -> "Title suggests a student ('" + k.trim() + "')");
    if (byTitle.isPresent()) {
      return byTitle;
    }
    return n.studentDomainSuffixes().stream()
        .filter(s -> Keywords.domainEndsWith(domain, s))
        .findFirst()
        .map(s -> "Academic e-mail domain '" + domain + "'");
  }

  private static void add(List<ScoreContribution> lines, String id, String why, int points) {
    if (points != 0) {
      lines.add(new ScoreContribution(
          id, Category.NEGATIVE, why + " (" + LeadScorer.signed(points) + ")", points, points));
    }
  }
}
