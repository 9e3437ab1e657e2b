package com.fieldlead.assignment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.assignment.model.RepState.OutOfOffice;
import com.fieldlead.assignment.model.RoutingRule.CapacityRule;
import com.fieldlead.assignment.model.RoutingRule.EventMode;
import com.fieldlead.assignment.model.RoutingRule.EventRule;
import com.fieldlead.assignment.model.RoutingRule.RoundRobinRule;
import com.fieldlead.assignment.model.RoutingRule.Target;
import com.fieldlead.assignment.model.RoutingRule.TerritoryRule;
import com.fieldlead.assignment.model.RoutingRules.WorkingHoursMode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

  /** Tuesday 10:00 in Berlin. */
  static final Instant NOW = Instant.parse("2026-06-02T08:00:00Z");

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static final LeadRoutingFacts DE =
      new LeadRoutingFacts("DE", "Bavaria", "80331", null, null, null);
  static final TerritoryRule DACH =
      new TerritoryRule("dach", Set.of("DE", "AT", "CH"), Set.of(), List.of(), Target.team("dach"));

  static RepState rep(String id, String team) {
    return new RepState(
        id,
        Set.of(team),
        0,
        null,
        WorkingHours.weekdays(BERLIN, LocalTime.of(9, 0), LocalTime.of(18, 0)),
        List.of(),
        true);
  }

  static RepState with(RepState r, int openLeads, Integer max) {
    return new RepState(
        r.userId(), r.teamIds(), openLeads, max, r.workingHours(), r.outOfOffice(), r.active());
  }

  static RoutingRules rules(RoutingRule... rules) {
    return new RoutingRules(1, List.of(rules), "inbox", WorkingHoursMode.PREFER);
  }

  static RoutingDecision route(RoutingRules rules, LeadRoutingFacts lead, RepState... reps) {
    return RoutingPolicy.route(rules, lead, List.of(reps), RoundRobinCursor.empty(), NOW);
  }

  @Test
  void aTerritoryRuleSendsMatchingLeadsToItsUser() {
    RoutingRules rules =
        rules(new TerritoryRule("fr", Set.of("fr"), Set.of(), List.of(), Target.user("rep9")));
    RoutingDecision d =
        route(rules, new LeadRoutingFacts("FR", null, null, null, null, null), rep("rep9", "x"));
    assertEquals("rep9", d.ownerId());
    assertNull(d.queue());
    assertEquals("fr", d.ruleId());
    assertEquals("territory FR matched rule 'fr'; assigned to rep9", d.reason());
  }

  @Test
  void territoryCriteriaMustAllMatchAndPostalPrefixesIgnoreSpacesAndCase() {
    TerritoryRule london = new TerritoryRule(
        "london", Set.of("GB"), Set.of(), List.of("EC1", "SW"), Target.user("rep1"));
    RoutingRules rules = rules(london);
    assertEquals(
        "rep1",
        route(
                rules,
                new LeadRoutingFacts("gb", null, "ec1a 1bb", null, null, null),
                rep("rep1", "t"))
            .ownerId());
    assertEquals(
        "inbox",
        route(rules, new LeadRoutingFacts("GB", null, "M1 1AE", null, null, null), rep("rep1", "t"))
            .queue());
    assertEquals(
        "inbox",
        route(rules, new LeadRoutingFacts("IE", null, "SW1", null, null, null), rep("rep1", "t"))
            .queue());
  }

  @Test
  void roundRobinRotatesThroughTheTeamInIdOrderUsingThePersistedCursor() {
    RoutingRules rules = rules(DACH);
    List<RepState> team =
        List.of(rep("rep3", "dach"), rep("rep1", "dach"), rep("rep2", "dach"), rep("x", "other"));
    RoundRobinCursor cursor = RoundRobinCursor.empty();
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RoutingDecision d = RoutingPolicy.route(rules, DE, team, cursor, NOW);
      owners.add(d.ownerId());
      cursor = d.newCursor();
    }
    assertEquals(List.of("rep1", "rep2", "rep3", "rep1"), owners);
    assertEquals("rep1", cursor.last("dach"));
  }

  @Test
  void roundRobinContinuesAfterTheLastRepEvenWhenThatRepLeftTheTeam() {
    RoundRobinCursor cursor = RoundRobinCursor.empty().advance("dach", "rep2");
    RoutingDecision d = RoutingPolicy.route(
        rules(DACH), DE, List.of(rep("rep1", "dach"), rep("rep3", "dach")), cursor, NOW);
    assertEquals("rep3", d.ownerId());
  }

  @Test
  void anOutOfOfficeRepIsSkippedAndTheReasonSaysUntilWhen() {
    RepState away = new RepState(
        "rep2",
        Set.of("dach"),
        0,
        null,
        rep("rep2", "dach").workingHours(),
        List.of(new OutOfOffice(
            Instant.parse("2026-05-30T00:00:00Z"), Instant.parse("2026-11-30T10:00:00Z"))),
        true);
    RoundRobinCursor cursor = RoundRobinCursor.empty().advance("dach", "rep1");
    RoutingDecision d = RoutingPolicy.route(
        rules(DACH), DE, List.of(rep("rep1", "dach"), away, rep("rep3", "dach")), cursor, NOW);
    assertEquals("rep3", d.ownerId());
    assertEquals(
        "territory DE/Bavaria/80331 matched rule 'dach'; rep2 skipped: out of office until 2026-11-30; "
            + "assigned to rep3 (round robin in team dach)",
        d.reason());
  }

  @Test
  void aRepAtCapacityIsSkippedAndTheirOwnMaximumWinsOverTheRule() {
    RoutingRules rules = rules(new CapacityRule("cap", 10), DACH);
    RoutingDecision d =
        route(rules, DE, with(rep("rep1", "dach"), 10, null), with(rep("rep2", "dach"), 12, 20));
    assertEquals("rep2", d.ownerId());
    assertTrue(d.reason().contains("rep1 skipped: at capacity (10/10 open leads)"), d.reason());
    assertEquals("dach", d.ruleId(), "the capacity rule filters, it does not assign");
  }

  @Test
  void anInactiveRepIsSkipped() {
    RepState gone = new RepState("rep1", Set.of("dach"), 0, null, null, List.of(), false);
    RoutingDecision d = route(rules(DACH), DE, gone, rep("rep2", "dach"));
    assertEquals("rep2", d.ownerId());
    assertTrue(d.reason().contains("rep1 skipped: inactive"));
  }

  @Test
  void boothCapturesGoToTheCapturingRepOrTheEventOwner() {
    LeadRoutingFacts booth = new LeadRoutingFacts("DE", null, null, "ev-1", "rep2", "mgr1");
    RoutingDecision byRep = route(
        rules(new EventRule("booth", Set.of(), EventMode.CAPTURING_REP)), booth, rep("rep2", "t"));
    assertEquals("rep2", byRep.ownerId());
    assertEquals(
        "event ev-1 matched rule 'booth'; assigned to rep2 (capturing rep)", byRep.reason());
    RoutingDecision byOwner = route(
        rules(new EventRule("booth", Set.of("ev-1"), EventMode.EVENT_OWNER)),
        booth,
        rep("rep2", "t"),
        rep("mgr1", "t"));
    assertEquals("mgr1", byOwner.ownerId());
  }

  @Test
  void anEventRuleIgnoresOtherEventsAndLeadsWithoutEvent() {
    RoutingRules rules = rules(new EventRule("ev2only", Set.of("ev-2"), EventMode.CAPTURING_REP));
    assertEquals(
        "inbox",
        route(rules, new LeadRoutingFacts(null, null, null, "ev-1", "rep2", null), rep("rep2", "t"))
            .queue());
    assertEquals(
        "inbox",
        route(rules, new LeadRoutingFacts(null, null, null, null, "rep2", null), rep("rep2", "t"))
            .queue());
  }

  @Test
  void whenTheCapturerIsNotARepTheNextRuleDecides() {
    RoutingRules rules = rules(
        new EventRule("booth", Set.of(), EventMode.CAPTURING_REP), new RoundRobinRule("rr", "t"));
    RoutingDecision d = route(
        rules,
        new LeadRoutingFacts(null, null, null, "ev-1", "booth-staff", null),
        rep("rep1", "t"));
    assertEquals("rep1", d.ownerId());
    assertEquals("rr", d.ruleId());
    assertEquals(
        "event ev-1 matched rule 'booth'; booth-staff skipped: not a known rep; no candidate available; "
            + "rule 'rr' applies; assigned to rep1 (round robin in team t)",
        d.reason());
  }

  @Test
  void repsInWorkingHoursArePreferredButALeadAtNightStillGetsAnOwner() {
    RepState newYork = new RepState(
        "rep1",
        Set.of("t"),
        0,
        null,
        WorkingHours.weekdays(NEW_YORK, LocalTime.of(9, 0), LocalTime.of(18, 0)),
        List.of(),
        true);
    RoutingRules rules = rules(new RoundRobinRule("rr", "t"));
    assertEquals(
        "rep2",
        route(rules, DE, newYork, rep("rep2", "t")).ownerId(),
        "04:00 in New York, 10:00 in Berlin");
    Instant night = Instant.parse("2026-06-02T23:00:00Z");
    RoutingDecision d =
        RoutingPolicy.route(rules, DE, List.of(rep("rep2", "t")), RoundRobinCursor.empty(), night);
    assertEquals("rep2", d.ownerId());
    assertTrue(d.reason().contains("nobody available is in working hours"), d.reason());
  }

  @Test
  void whenWorkingHoursAreRequiredRepsOutsideThemAreSkipped() {
    RoutingRules rules = new RoutingRules(
        1, List.of(new RoundRobinRule("rr", "t")), "night-queue", WorkingHoursMode.REQUIRE);
    Instant night = Instant.parse("2026-06-02T23:00:00Z");
    RoutingDecision d =
        RoutingPolicy.route(rules, DE, List.of(rep("rep2", "t")), RoundRobinCursor.empty(), night);
    assertEquals("night-queue", d.queue());
    assertEquals(
        "rule 'rr' applies; rep2 skipped: outside working hours; no candidate available; "
            + "queued in 'night-queue'",
        d.reason());
  }

  @Test
  void aLeadNoRuleMatchesGoesToTheFallbackQueue() {
    LeadRoutingFacts us = new LeadRoutingFacts("US", null, null, null, null, null);
    RoutingDecision d = route(rules(DACH), us, rep("rep1", "dach"));
    assertNull(d.ownerId());
    assertEquals("inbox", d.queue());
    assertEquals(RoutingDecision.FALLBACK_RULE, d.ruleId());
    assertEquals("no rule matched; queued in 'inbox'", d.reason());
    assertEquals("inbox", route(rules(), DE).queue(), "no rules at all");
  }

  @Test
  void whenEveryCandidateIsUnavailableTheLeadFallsThroughToTheQueue() {
    RoutingRules rules = rules(DACH, new RoundRobinRule("rr", "empty-team"));
    RoutingDecision d = route(rules, DE, with(rep("rep1", "dach"), 5, 5));
    assertEquals("inbox", d.queue());
    assertEquals(
        "territory DE/Bavaria/80331 matched rule 'dach'; rep1 skipped: at capacity (5/5 open leads); "
            + "no candidate available; rule 'rr' applies; team empty-team has no reps; no candidate available; "
            + "queued in 'inbox'",
        d.reason());
  }

  @Test
  void aDirectAssignmentLeavesTheCursorAsItWas() {
    RoundRobinCursor cursor = RoundRobinCursor.empty().advance("dach", "rep1");
    RoutingRules rules =
        rules(new TerritoryRule("de", Set.of("DE"), Set.of(), List.of(), Target.user("rep5")));
    assertEquals(
        cursor,
        RoutingPolicy.route(rules, DE, List.of(rep("rep5", "t")), cursor, NOW).newCursor());
  }

  @Test
  void aManagersReassignmentIsRecordedAsManual() {
    RoutingDecision d = RoutingPolicy.reassign("rep4", "mgr1", "knows the account", null);
    assertEquals("rep4", d.ownerId());
    assertEquals("manual", d.ruleId());
    assertEquals("reassigned by mgr1: knows the account", d.reason());
  }

  @Test
  void aDecisionHasExactlyOneOfOwnerAndQueue() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new RoutingDecision(null, null, "x", "why", RoundRobinCursor.empty()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RoutingDecision("rep1", "inbox", "x", "why", RoundRobinCursor.empty()));
  }
}
