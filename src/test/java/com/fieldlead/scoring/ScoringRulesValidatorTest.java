package com.fieldlead.scoring;

import static com.fieldlead.scoring.TestRules.empty;
import static com.fieldlead.scoring.TestRules.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.problem.FieldError;
import com.fieldlead.scoring.ScoringRules.Bant;
import com.fieldlead.scoring.ScoringRules.Behaviour;
import com.fieldlead.scoring.ScoringRules.BehaviourRule;
import com.fieldlead.scoring.ScoringRules.Caps;
import com.fieldlead.scoring.ScoringRules.Fit;
import com.fieldlead.scoring.ScoringRules.KeywordRule;
import com.fieldlead.scoring.ScoringRules.Negatives;
import com.fieldlead.scoring.ScoringRules.Thresholds;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScoringRulesValidatorTest {

  private static List<String> problems(ScoringRules rules) {
    return ScoringRulesValidator.validate(rules).stream()
        .map(e -> e.field() + " " + e.code())
        .toList();
  }

  @Test
  void validRulesHaveNoErrors() {
    assertEquals(List.of(), ScoringRulesValidator.validate(empty()));
  }

  @Test
  void hotMustBeAboveWarmAndWarmAboveZero() {
    assertEquals(List.of("/thresholds/hot order"), problems(with(empty(), new Thresholds(40, 40))));
    assertEquals(List.of("/thresholds/warm range"), problems(with(empty(), new Thresholds(50, 0))));
    assertEquals(
        List.of("/thresholds/hot range"), problems(with(empty(), new Thresholds(101, 40))));
  }

  @Test
  void theHalfLifeMustBePositive() {
    assertEquals(
        List.of("/behaviour/halfLife range"),
        problems(with(empty(), new Behaviour(List.of(), Duration.ZERO))));
    assertEquals(
        List.of("/behaviour/halfLife range"),
        problems(with(empty(), new Behaviour(List.of(), Duration.ofDays(-1)))));
    assertEquals(
        List.of("/behaviour/halfLife required"),
        problems(with(empty(), new Behaviour(List.of(), null))));
  }

  @Test
  void capsMustNotBeNegative() {
    assertEquals(
        List.of("/caps/fit range", "/caps/negative range"),
        problems(with(empty(), new Caps(-1, 0, 0, -5))));
  }

  @Test
  void keywordsMustBeNonBlankAndShort() {
    Fit fit = new Fit(
        List.of(new KeywordRule("t1", null, List.of(" ", "x".repeat(61)), 5)),
        Map.of(),
        Map.of(),
        Map.of());
    FieldError first = ScoringRulesValidator.validate(with(empty(), fit)).get(0);
    assertEquals("/fit/titles/0/keywords/0", first.field());
    assertEquals(
        List.of("/fit/titles/0/keywords/0 required", "/fit/titles/0/keywords/1 maxLength"),
        problems(with(empty(), fit)));
  }

  @Test
  void thereAreAtMostFiftyRulesAndIdsAreUnique() {
    List<BehaviourRule> many = IntStream.range(0, 51)
        .mapToObj(i -> new BehaviourRule("r" + i, "visit", null, null, 1))
        .toList();
    assertEquals(
        List.of("/behaviour/rules maxItems"),
        problems(with(empty(), new Behaviour(many, Duration.ofDays(1)))));
    List<BehaviourRule> twice =
        Collections.nCopies(2, new BehaviourRule("same", "visit", null, null, 1));
    assertEquals(
        List.of("/behaviour/rules/1/id unique"),
        problems(with(empty(), new Behaviour(twice, Duration.ofDays(1)))));
  }

  @Test
  void penaltiesMustNotBePositiveAndDomainsMustLookLikeDomains() {
    Negatives n = new Negatives(
        10,
        List.of("rival com"),
        List.of(),
        0,
        List.of(),
        List.of(".edu"),
        -5,
        List.of("mailinator.com"));
    assertEquals(
        List.of("/negatives/competitorPoints range", "/negatives/competitorDomains/0 format"),
        problems(with(empty(), n)));
  }

  @Test
  void tableKeysMustBeKnownValuesAndPointsWithinRange() {
    ScoringRules rules = with(
        with(empty(), new Bant(Map.of("maybe", 5), Map.of(), Map.of(), Map.of("immediate", 101))),
        new Fit(List.of(), Map.of(), Map.of("huge", 5), Map.of("DEU", 5)));
    assertEquals(
        List.of(
            "/fit/companySizes/huge enum",
            "/fit/countries/DEU format",
            "/bant/budget/maybe enum",
            "/bant/timeline/immediate range"),
        problems(rules));
  }

  @Test
  void theVersionStartsAtOne() {
    assertTrue(problems(empty().withVersion(0, TestRules.NOW)).contains("/version range"));
  }
}
