package com.fieldlead.scoring;

import static com.fieldlead.scoring.TestRules.NOW;
import static com.fieldlead.scoring.TestRules.empty;
import static com.fieldlead.scoring.TestRules.facts;
import static com.fieldlead.scoring.TestRules.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.scoring.LeadFacts.BehaviourEvent;
import com.fieldlead.scoring.ScoreContribution.Category;
import com.fieldlead.scoring.ScoringRules.Bant;
import com.fieldlead.scoring.ScoringRules.Behaviour;
import com.fieldlead.scoring.ScoringRules.BehaviourRule;
import com.fieldlead.scoring.ScoringRules.Caps;
import com.fieldlead.scoring.ScoringRules.Fit;
import com.fieldlead.scoring.ScoringRules.KeywordRule;
import com.fieldlead.scoring.ScoringRules.Negatives;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadScorerTest {

  private static final ScoringRules TITLES = with(
      empty(),
      new Fit(
          List.of(
              new KeywordRule("t.vp", "seniority", List.of("VP", "Vice President"), 15),
              new KeywordRule("t.head", "seniority", List.of("Head of", "Director"), 12),
              new KeywordRule("t.it", "function", List.of("IT"), 5)),
          Map.of(),
          Map.of(),
          Map.of()));

  private static final ScoringRules BEHAVIOUR = with(
      empty(),
      new Behaviour(
          List.of(
              new BehaviourRule("b.meeting", "meeting", "held", "Meeting held", 20),
              new BehaviourRule("b.visit", "visit", null, null, 8)),
          Duration.ofDays(10)));

  private static ScoreResult score(ScoringRules rules, TestRules.Facts f) {
    return LeadScorer.score(rules, f.build(), NOW);
  }

  private static int sum(ScoreResult r) {
    return r.explanation().stream().mapToInt(ScoreContribution::points).sum();
  }

  @Test
  void aTitleKeywordMatchesWholeWordsIgnoringCase() {
    ScoreResult r = score(TITLES, facts().title("vp, Sales"));
    assertEquals(15, r.score());
    assertEquals(List.of("Title matches 'VP' (+15)"), r.labels());
    assertEquals("t.vp", r.explanation().get(0).ruleId());
    assertEquals(
        0, score(TITLES, facts().title("SVP Sales")).score(), "VP inside SVP is not a word match");
  }

  @Test
  void aMultiWordKeywordMatchesAcrossSpaces() {
    assertEquals(12, score(TITLES, facts().title("Head  of Procurement")).score());
  }

  @Test
  void onlyTheBestRuleOfAKeywordGroupCountsButGroupsAddUp() {
    ScoreResult r = score(TITLES, facts().title("Vice President and Director of IT"));
    assertEquals(20, r.score(), "seniority 15 (not 15 + 12) plus function 5");
    assertEquals(
        List.of("t.vp", "t.it"),
        r.explanation().stream().map(ScoreContribution::ruleId).toList());
  }

  @Test
  void industrySizeAndCountryTablesMatchIgnoringCase() {
    ScoringRules rules = with(
        empty(), new Fit(List.of(), Map.of("Software", 10), Map.of("201-500", 8), Map.of("DE", 5)));
    ScoreResult r = score(rules, facts().industry(" software ").size("201-500").country("de"));
    assertEquals(23, r.score());
    assertEquals(
        List.of("Industry software (+10)", "Company size 201-500 (+8)", "Country de (+5)"),
        r.labels());
  }

  @Test
  void eachMetBantCriterionGivesItsPoints() {
    ScoringRules rules = with(
        empty(),
        new Bant(
            Map.of("approved", 15),
            Map.of("decision_maker", 15),
            Map.of("high", 10),
            Map.of("immediate", 15, "within_3_months", 12)));
    ScoreResult r =
        score(rules, facts().bant("approved", "decision_maker", "low", "within_3_months"));
    assertEquals(42, r.score());
    assertEquals(
        List.of(
            "Budget approved (+15)",
            "Authority decision maker (+15)",
            "Timeline within 3 months (+12)"),
        r.labels());
  }

  @Test
  void aCategoryAboveItsCapIsCutBackWithAnExplanationLine() {
    ScoringRules rules = with(
        with(
            empty(),
            new Bant(
                Map.of("approved", 15),
                Map.of("decision_maker", 15),
                Map.of("high", 10),
                Map.of("immediate", 15))),
        new Caps(100, 40, 100, 100));
    ScoreResult r = score(rules, facts().bant("approved", "decision_maker", "high", "immediate"));
    assertEquals(40, r.score());
    ScoreContribution cap = r.explanation().get(r.explanation().size() - 1);
    assertEquals("cap.bant", cap.ruleId());
    assertEquals(-15, cap.points());
    assertEquals("BANT capped at 40 (-15)", cap.label());
  }

  @Test
  void behaviourPointsHalveAfterEachHalfLife() {
    Instant oneHalfLifeAgo = NOW.minus(Duration.ofDays(10));
    Instant twoHalfLivesAgo = NOW.minus(Duration.ofDays(20));
    assertEquals(
        20,
        score(BEHAVIOUR, facts().events(new BehaviourEvent("meeting", "held", NOW)))
            .score());
    ScoreResult one =
        score(BEHAVIOUR, facts().events(new BehaviourEvent("meeting", "held", oneHalfLifeAgo)));
    assertEquals(10, one.score());
    assertEquals(20, one.explanation().get(0).rawPoints());
    assertEquals(
        "Meeting held on 2026-04-24 (+10 of +20 after decay)", one.labels().get(0));
    assertEquals(
        5,
        score(BEHAVIOUR, facts().events(new BehaviourEvent("MEETING", "Held", twoHalfLivesAgo)))
            .score());
  }

  @Test
  void everyMatchingEventCountsAndARuleWithoutOutcomeMatchesAnyOutcome() {
    ScoreResult r = score(
        BEHAVIOUR,
        facts()
            .events(
                new BehaviourEvent("meeting", "held", NOW),
                new BehaviourEvent("meeting", "no_show", NOW),
                new BehaviourEvent("visit", "anything", NOW),
                new BehaviourEvent("visit", null, NOW)));
    assertEquals(36, r.score());
    assertEquals(
        "visit anything on 2026-05-04 (+8)",
        r.labels().get(1),
        "without a label the type and outcome show");
  }

  @Test
  void anEventDatedInTheFutureCountsFullyAndNeverMore() {
    ScoreResult r = score(
        BEHAVIOUR, facts().events(new BehaviourEvent("meeting", "held", NOW.plusSeconds(3600))));
    assertEquals(20, r.score());
  }

  @Test
  void nextDecayAtIsWhenTheRoundedPointsFirstDrop() {
    LeadFacts f = facts().events(new BehaviourEvent("meeting", "held", NOW)).build();
    ScoreResult r = LeadScorer.score(BEHAVIOUR, f, NOW);
    Instant next = r.nextDecayAt();
    assertTrue(next.isAfter(NOW));
    assertTrue(
        next.isBefore(NOW.plus(Duration.ofDays(1))),
        "20 -> 19 takes about 9 hours with a 10-day half-life");
    assertEquals(19, LeadScorer.score(BEHAVIOUR, f, next).score());
    assertEquals(20, LeadScorer.score(BEHAVIOUR, f, next.minusSeconds(2)).score());
  }

  @Test
  void fadedOutEventsLeaveNoLineAndNothingToRescheduleForDecay() {
    ScoreResult r = score(
        BEHAVIOUR,
        facts().events(new BehaviourEvent("visit", null, NOW.minus(Duration.ofDays(60)))));
    assertEquals(0, r.score());
    assertTrue(r.explanation().isEmpty());
    assertNull(r.nextDecayAt());
    assertNull(score(TITLES, facts().title("VP")).nextDecayAt(), "no behaviour, no decay");
  }

  @Test
  void temperatureFollowsTheThresholds() {
    ScoringRules rules = with(
        empty(),
        new Fit(List.of(), Map.of("a", 70, "b", 69, "c", 40, "d", 39), Map.of(), Map.of()));
    assertEquals(Temperature.HOT, score(rules, facts().industry("a")).temperature());
    assertEquals(Temperature.WARM, score(rules, facts().industry("b")).temperature());
    assertEquals(Temperature.WARM, score(rules, facts().industry("c")).temperature());
    assertEquals(Temperature.COLD, score(rules, facts().industry("d")).temperature());
  }

  @Test
  void theTotalIsClampedTo100WithAnExplanationLine() {
    ScoringRules rules = with(
        with(empty(), new Fit(List.of(), Map.of("a", 80), Map.of(), Map.of())),
        new Bant(Map.of("approved", 50), Map.of(), Map.of(), Map.of()));
    ScoreResult r = score(rules, facts().industry("a").bant("approved", null, null, null));
    assertEquals(100, r.score());
    assertEquals("Score kept within 0..100 (-30)", r.labels().get(2));
    assertEquals(100, sum(r));
  }

  private static final Negatives PENALTIES = new Negatives(
      -50,
      List.of("rival.com"),
      List.of("Rival"),
      -30,
      List.of("Student"),
      List.of("edu", ".ac.uk"),
      -20,
      List.of("mailinator.com"));

  @Test
  void aCompetitorIsRecognisedByDomainIncludingSubdomainsOrByCompanyName() {
    ScoringRules rules = with(
        with(empty(), PENALTIES), new Fit(List.of(), Map.of("software", 60), Map.of(), Map.of()));
    ScoreResult byDomain = score(rules, facts().industry("software").email("ann@eu.rival.com"));
    assertEquals(10, byDomain.score());
    assertEquals(
        "Competitor e-mail domain 'eu.rival.com' (-50)", byDomain.labels().get(1));
    ScoreResult byName = score(rules, facts().industry("software").company("Rival GmbH"));
    assertEquals("negative.competitor", byName.explanation().get(1).ruleId());
    assertEquals(
        60,
        score(rules, facts().industry("software").company("Arrival Ltd")).score(),
        "whole words only");
  }

  @Test
  void aStudentIsRecognisedByTitleOrAcademicDomainAndCountsOnce() {
    ScoringRules rules =
        with(with(empty(), PENALTIES), new Fit(List.of(), Map.of("x", 50), Map.of(), Map.of()));
    assertEquals(
        20,
        score(rules, facts().industry("x").title("student").email("a@mit.edu")).score());
    assertEquals(20, score(rules, facts().industry("x").email("b@cs.ox.ac.uk")).score());
    assertEquals(
        50, score(rules, facts().industry("x").email("b@education.com")).score());
  }

  @Test
  void aDisposableDomainIsPenalisedAndTheScoreNeverGoesBelowZero() {
    ScoreResult r = score(with(empty(), PENALTIES), facts().email("x@mailinator.com"));
    assertEquals(0, r.score());
    assertEquals(
        List.of(
            "Disposable e-mail domain 'mailinator.com' (-20)", "Score kept within 0..100 (+20)"),
        r.labels());
    assertEquals(Temperature.COLD, r.temperature());
  }

  @Test
  void penaltiesAreCappedInMagnitude() {
    ScoringRules rules = with(
        with(with(empty(), PENALTIES), new Caps(100, 100, 100, 60)),
        new Fit(List.of(), Map.of("x", 90), Map.of(), Map.of()));
    ScoreResult r = score(
        rules, facts().industry("x").company("Rival").title("Student").email("a@mailinator.com"));
    assertEquals(30, r.score(), "90 - min(100, 60)");
    assertEquals(30, sum(r));
  }

  @Test
  void aBoothHotMarkMakesTheLeadHotButTheScoreIsStillComputedAndExplained() {
    Instant markedAt = Instant.parse("2026-05-03T14:12:00Z");
    ScoreResult r = score(TITLES, facts().title("Director").override("booth-7", markedAt));
    assertEquals(12, r.score());
    assertEquals(Temperature.HOT, r.temperature());
    assertTrue(r.overridden());
    ScoreContribution line = r.explanation().get(r.explanation().size() - 1);
    assertEquals(Category.OVERRIDE, line.category());
    assertEquals(0, line.points());
    assertTrue(
        line.label().contains("booth-7")
            && line.label().contains("2026-05-03T14:12:00Z")
            && line.label().contains("would be cold"),
        line.label());
    assertFalse(score(TITLES, facts().title("Director")).overridden());
  }

  @Test
  void theResultRecordsRulesVersionAndComputationTime() {
    ScoreResult r = score(TITLES, facts());
    assertEquals(7, r.rulesVersion());
    assertEquals(NOW, r.computedAt());
    assertEquals(0, r.score());
    assertEquals(Temperature.COLD, r.temperature());
  }

  @Test
  void becameHotIsTrueOnlyWhenCrossingIntoHot() {
    ScoreResult hot = score(TITLES, facts().override("u", NOW));
    ScoreResult warm = score(
        with(empty(), new Fit(List.of(), Map.of("x", 50), Map.of(), Map.of())),
        facts().industry("x"));
    assertTrue(LeadScorer.becameHot(null, hot));
    assertTrue(LeadScorer.becameHot(Temperature.WARM, hot));
    assertTrue(LeadScorer.becameHot(Temperature.COLD, hot));
    assertFalse(LeadScorer.becameHot(Temperature.HOT, hot));
    assertFalse(LeadScorer.becameHot(Temperature.COLD, warm));
  }

  @Test
  void temperaturesHaveLowerCaseWireNames() {
    assertEquals("hot", Temperature.HOT.wire());
    assertEquals(Temperature.WARM, Temperature.of("warm"));
    assertEquals("cold", Temperature.COLD.wire());
  }
}
