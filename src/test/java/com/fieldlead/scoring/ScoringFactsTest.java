package com.fieldlead.scoring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How activity text becomes a demo request: a request for a demo counts, a negated one does not. */
class ScoringFactsTest {

  @Test
  void aDemoRequestCounts() {
    for (String text : List.of(
        "Asked for a demo next week",
        "Wants a demo for the ops team",
        "Very interested in a demo",
        "Demo requested by the CFO",
        "Booked a demo for Tuesday",
        "Not interested in the webinar, but wants a demo",
        "Would like a demo, not a quote",
        "No budget yet. Interested in a demo anyway")) {
      assertTrue(ScoringFacts.mentionsDemoRequest(text), text);
    }
  }

  @Test
  void aNegatedDemoRequestDoesNotCount() {
    for (String text : List.of(
        "Not interested in a demo",
        "not interested in a demo",
        "No demo wanted",
        "They don't want a demo",
        "They don\u2019t want a demo",
        "Doesn't need a demo, asked for pricing",
        "Never asked for a demo",
        "Booked the meeting without a demo",
        "We do not want any demos",
        "Is not interested at all in a demo")) {
      assertFalse(ScoringFacts.mentionsDemoRequest(text), text);
    }
  }
}
