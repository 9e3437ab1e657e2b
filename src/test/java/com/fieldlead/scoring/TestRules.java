package com.fieldlead.scoring;

import com.fieldlead.scoring.ScoringRules.Bant;
import com.fieldlead.scoring.ScoringRules.Behaviour;
import com.fieldlead.scoring.ScoringRules.Caps;
import com.fieldlead.scoring.ScoringRules.Fit;
import com.fieldlead.scoring.ScoringRules.Negatives;
import com.fieldlead.scoring.ScoringRules.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small rule sets for tests: everything empty, caps wide open, thresholds 70 / 40, half-life 10 days. */
final class TestRules {

  static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");

  private TestRules() {}

  static ScoringRules empty() {
    return new ScoringRules(
        7,
        NOW,
        new Fit(List.of(), Map.of(), Map.of(), Map.of()),
        new Bant(Map.of(), Map.of(), Map.of(), Map.of()),
        new Behaviour(List.of(), Duration.ofDays(10)),
        new Negatives(0, List.of(), List.of(), 0, List.of(), List.of(), 0, List.of()),
        new Caps(100, 100, 100, 100),
        new Thresholds(70, 40));
  }

  static ScoringRules with(ScoringRules r, Fit fit) {
    return new ScoringRules(
        r.version(),
        r.updatedAt(),
        fit,
        r.bant(),
        r.behaviour(),
        r.negatives(),
        r.caps(),
        r.thresholds());
  }

  static ScoringRules with(ScoringRules r, Bant bant) {
    return new ScoringRules(
        r.version(),
        r.updatedAt(),
        r.fit(),
        bant,
        r.behaviour(),
        r.negatives(),
        r.caps(),
        r.thresholds());
  }

  static ScoringRules with(ScoringRules r, Behaviour behaviour) {
    return new ScoringRules(
        r.version(),
        r.updatedAt(),
        r.fit(),
        r.bant(),
        behaviour,
        r.negatives(),
        r.caps(),
        r.thresholds());
  }

  static ScoringRules with(ScoringRules r, Negatives negatives) {
    return new ScoringRules(
        r.version(),
        r.updatedAt(),
        r.fit(),
        r.bant(),
        r.behaviour(),
        negatives,
        r.caps(),
        r.thresholds());
  }

  static ScoringRules with(ScoringRules r, Caps caps) {
    return new ScoringRules(
        r.version(),
        r.updatedAt(),
        r.fit(),
        r.bant(),
        r.behaviour(),
        r.negatives(),
        caps,
        r.thresholds());
  }

  static ScoringRules with(ScoringRules r, Thresholds thresholds) {
    return new ScoringRules(
        r.version(),
        r.updatedAt(),
        r.fit(),
        r.bant(),
        r.behaviour(),
        r.negatives(),
        r.caps(),
        thresholds);
  }

  /** Facts builder over the record's canonical constructor. */
  static final class Facts {
    String title;
    String industry;
    String size;
    String country;
    String emailDomain;
    String company;
    String budget;
    String authority;
    String need;
    String timeline;
    List<LeadFacts.BehaviourEvent> events = List.of();
    LeadFacts.BoothOverride override;

    Facts title(String v) {
      title = v;
      return this;
    }

    Facts industry(String v) {
      industry = v;
      return this;
    }

    Facts size(String v) {
      size = v;
      return this;
    }

    Facts country(String v) {
      country = v;
      return this;
    }

    Facts email(String v) {
      emailDomain = LeadFacts.domainOf(v);
      return this;
    }

    Facts company(String v) {
      company = v;
      return this;
    }

    Facts bant(String b, String a, String n, String t) {
      budget = b;
      authority = a;
      need = n;
      timeline = t;
      return this;
    }

    Facts events(LeadFacts.BehaviourEvent... v) {
      events = List.of(v);
      return this;
    }

    Facts override(String by, Instant at) {
      override = new LeadFacts.BoothOverride(by, at);
      return this;
    }

    LeadFacts build() {
      return new LeadFacts(
          title,
          industry,
          size,
          country,
          emailDomain,
          company,
          budget,
          authority,
          need,
          timeline,
          events,
          override);
    }
  }

  static Facts facts() {
    return new Facts();
  }
}
