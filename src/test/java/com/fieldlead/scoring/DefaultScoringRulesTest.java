package com.fieldlead.scoring;

import static com.fieldlead.scoring.TestRules.NOW;
import static com.fieldlead.scoring.TestRules.facts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.scoring.LeadFacts.BehaviourEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultScoringRulesTest {

  private static final ScoringRules RULES = DefaultScoringRules.b2bFieldSales();

  private static ScoreResult score(TestRules.Facts f) {
    return LeadScorer.score(RULES, f.build(), NOW);
  }

  @Test
  void theDefaultRulesAreValid() {
    assertEquals(List.of(), ScoringRulesValidator.validate(RULES));
  }

  @Test
  void aQualifiedVpAtAMidSizeSoftwareCompanyIsHot() {
    ScoreResult r = score(facts()
        .title("VP Sales")
        .industry("Software")
        .size("201-500")
        .bant("approved", "decision_maker", "high", "within_3_months"));
    assertEquals(75, r.score(), r.labels().toString());
    assertEquals(Temperature.HOT, r.temperature());
  }

  @Test
  void aGoodFitWithoutQualificationOrEngagementIsNotHot() {
    ScoreResult r =
        score(facts().title("Managing Director").industry("manufacturing").size("501-1000"));
    assertEquals(40, r.score(), "c-level 20 (not also director 12) + 10 + 12, capped at 40");
    assertEquals(Temperature.WARM, r.temperature());
  }

  @Test
  void aRecentMeetingAndDemoRequestWarmUpAnUnqualifiedLead() {
    ScoreResult r = score(facts()
        .title("Head of IT")
        .events(
            new BehaviourEvent("meeting", "held", NOW),
            new BehaviourEvent("demo", "requested", NOW.minus(Duration.ofDays(30)))));
    assertEquals(12 + 25 + 10, r.score());
    assertEquals(Temperature.WARM, r.temperature());
  }

  @Test
  void aStudentWithAnAcademicAddressIsCold() {
    ScoreResult r =
        score(facts().title("Working Student Marketing").email("x@tum.edu").industry("software"));
    assertEquals(0, r.score());
    assertEquals(Temperature.COLD, r.temperature());
    assertTrue(
        r.labels().contains("Title suggests a student ('Student') (-40)"),
        r.labels().toString());
  }
}
