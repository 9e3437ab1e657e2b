package com.fieldlead.assignment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fieldlead.assignment.model.RoutingRule.CapacityRule;
import com.fieldlead.assignment.model.RoutingRule.EventMode;
import com.fieldlead.assignment.model.RoutingRule.EventRule;
import com.fieldlead.assignment.model.RoutingRule.RoundRobinRule;
import com.fieldlead.assignment.model.RoutingRule.Target;
import com.fieldlead.assignment.model.RoutingRule.TerritoryRule;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoutingRulesValidatorTest {

  private static List<String> problems(String queue, RoutingRule... rules) {
    return RoutingRulesValidator.validate(new RoutingRules(1, List.of(rules), queue, null)).stream()
        .map(e -> e.field() + " " + e.code())
        .toList();
  }

  @Test
  void sensibleRulesAreValid() {
    assertEquals(
        List.of(),
        problems(
            "inbox",
            new EventRule("booth", Set.of(), EventMode.CAPTURING_REP),
            new TerritoryRule(
                "dach", Set.of("DE", "AT"), Set.of(), List.of("80"), Target.team("dach")),
            new CapacityRule("cap", 25),
            new RoundRobinRule("rest", "inside-sales")));
  }

  @Test
  void theFallbackQueueIsAlwaysRequired() {
    assertEquals(List.of("/fallbackQueue required"), problems(" "));
    assertThrows(NullPointerException.class, () -> new RoutingRules(1, List.of(), null, null));
  }

  @Test
  void ruleIdsAreRequiredAndUnique() {
    assertEquals(
        List.of("/rules/1/id unique", "/rules/2/id required"),
        problems(
            "q",
            new RoundRobinRule("a", "t"),
            new RoundRobinRule("a", "t"),
            new RoundRobinRule("", "t")));
  }

  @Test
  void aTerritoryNeedsACriterionValidCountriesAndATarget() {
    assertEquals(
        List.of("/rules/0 required", "/rules/0/target required"),
        problems("q", new TerritoryRule("t", Set.of(), Set.of(), List.of(), null)));
    assertEquals(
        List.of("/rules/0/countries format", "/rules/0/target/id required"),
        problems("q", new TerritoryRule("t", Set.of("DEU"), Set.of(), List.of(), Target.user(""))));
  }

  @Test
  void capacityIsPositiveAndGivenAtMostOnce() {
    assertEquals(
        List.of("/rules/0/maxOpenLeads range", "/rules/1 unique"),
        problems("q", new CapacityRule("c1", 0), new CapacityRule("c2", 5)));
  }

  @Test
  void anEventRuleNeedsAModeAndARoundRobinRuleATeam() {
    assertEquals(
        List.of("/rules/0/mode required", "/rules/1/teamId required"),
        problems("q", new EventRule("e", Set.of(), null), new RoundRobinRule("r", null)));
  }

  @Test
  void thereAreAtMostAHundredRules() {
    RoutingRule[] many = IntStream.range(0, 101)
        .mapToObj(i -> new RoundRobinRule("r" + i, "t"))
        .toArray(RoutingRule[]::new);
    assertEquals(List.of("/rules maxItems"), problems("q", many));
  }
}
