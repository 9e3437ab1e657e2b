package com.fieldlead.scoring;

import com.fieldlead.scoring.ScoringRules.Bant;
import com.fieldlead.scoring.ScoringRules.Behaviour;
import com.fieldlead.scoring.ScoringRules.BehaviourRule;
import com.fieldlead.scoring.ScoringRules.Caps;
import com.fieldlead.scoring.ScoringRules.Fit;
import com.fieldlead.scoring.ScoringRules.KeywordRule;
import com.fieldlead.scoring.ScoringRules.Negatives;
import com.fieldlead.scoring.ScoringRules.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rule set a new tenant starts with, tuned for B2B field sales (trade shows, site visits, mid-market deals).
 *
 * <p>Reasoning:
 * <ul>
 *   <li><b>Three positive categories capped at 40 each</b> (fit, BANT, behaviour): no single dimension can make a lead
 *   hot on its own; a perfect-fit title at a perfect-size company is worth talking to (warm at best) but becomes hot
 *   only with qualification or engagement.</li>
 *   <li><b>Thresholds hot 70 / warm 40</b>: hot needs roughly two strong dimensions, e.g. a VP at a 201-500 software
 *   company (35) with approved budget and decision authority (30) plus any engagement.</li>
 *   <li><b>Seniority</b> is one keyword group (only the best match counts): C-level and founders 20, VP 15, Head of /
 *   Director 12, Manager 6. "Managing Director" and "Geschäftsführer" count as C-level, as they do in DACH.</li>
 *   <li><b>Company size</b> favours 201-5000 employees (budget without enterprise procurement cycles); very small
 *   companies get nothing. <b>Industries</b> are a neutral starting list to edit. <b>Countries</b> are empty: a tenant
 *   knows its own markets.</li>
 *   <li><b>BANT</b>: approved budget and a decision maker 15 each, planned budget and influencer 8, high need 10,
 *   timeline immediate 15 down to 3 within 12 months. The raw maximum (55) exceeds the cap so that a lead does not
 *   need every criterion to reach 40.</li>
 *   <li><b>Behaviour</b> halves every 30 days (a quarter's sales cycle leaves an eighth of the points):
 *   meeting held 25, demo requested 20, e-mail replied 10, visit 10, call connected 8.</li>
 *   <li><b>Negatives</b>: a competitor -100 (always cold, unless booth staff override), a student -40 (by title, or an
 *   academic e-mail domain: university buyers should be recognised by title, so the domain rule is a hint only), a
 *   disposable e-mail domain -30. Competitor domains and names are empty: they are tenant-specific.</li>
 * </ul>
 */
public final class DefaultScoringRules {

  private DefaultScoringRules() {}

  /** Version 1 of the default rules, dated {@code updatedAt}. */
  public static ScoringRules b2bFieldSales(Instant updatedAt) {
    return new ScoringRules(
        1,
        updatedAt,
        fit(),
        bant(),
        behaviour(),
        negatives(),
        new Caps(40, 40, 40, 100),
        new Thresholds(70, 40));
  }

  /** The default rules dated at the epoch (for tests and seeding; the admin service dates its copy). */
  public static ScoringRules b2bFieldSales() {
    return b2bFieldSales(Instant.EPOCH);
  }

  private static Fit fit() {
    List<KeywordRule> titles = List.of(
        new KeywordRule(
            "title.cLevel",
            "seniority",
            List.of(
                "CEO",
                "CTO",
                "CFO",
                "COO",
                "CIO",
                "CMO",
                "CRO",
                "Chief",
                "Founder",
                "Co-Founder",
                "Managing Director",
                "Geschäftsführer"),
            20),
        new KeywordRule("title.vp", "seniority", List.of("VP", "Vice President", "SVP", "EVP"), 15),
        new KeywordRule(
            "title.director",
            "seniority",
            List.of("Head of", "Director", "Leiter", "Leiterin"),
            12),
        new KeywordRule("title.manager", "seniority", List.of("Manager", "Team Lead"), 6));
    Map<String, Integer> industries = Map.of(
        "software",
        10,
        "manufacturing",
        10,
        "financial services",
        8,
        "healthcare",
        8,
        "logistics",
        8,
        "retail",
        5,
        "professional services",
        5);
    Map<String, Integer> sizes =
        Map.of("11-50", 4, "51-200", 8, "201-500", 10, "501-1000", 12, "1001-5000", 12, "5001+", 8);
    return new Fit(titles, industries, sizes, Map.of());
  }

  private static Bant bant() {
    return new Bant(
        Map.of("approved", 15, "planned", 8),
        Map.of("decision_maker", 15, "influencer", 8, "user", 3),
        Map.of("high", 10, "medium", 5),
        Map.of(
            "immediate", 15, "within_3_months", 12, "within_6_months", 6, "within_12_months", 3));
  }

  private static Behaviour behaviour() {
    return new Behaviour(
        List.of(
            new BehaviourRule("behaviour.meetingHeld", "meeting", "held", "Meeting held", 25),
            new BehaviourRule("behaviour.demoRequested", "demo", "requested", "Demo requested", 20),
            new BehaviourRule("behaviour.emailReplied", "email", "replied", "E-mail replied", 10),
            new BehaviourRule("behaviour.visit", "visit", null, "Visit", 10),
            new BehaviourRule("behaviour.callConnected", "call", "connected", "Call connected", 8)),
        Duration.ofDays(30));
  }

  private static Negatives negatives() {
    return new Negatives(
        -100,
        List.of(),
        List.of(),
        -40,
        List.of("Student", "Intern", "Trainee", "Werkstudent", "Praktikant", "PhD candidate"),
        List.of(".edu", ".ac.uk", ".edu.au", ".ac.nz", ".ac.jp", ".edu.cn"),
        -30,
        List.of(
            "mailinator.com",
            "guerrillamail.com",
            "10minutemail.com",
            "tempmail.com",
            "temp-mail.org",
            "yopmail.com",
            "trashmail.com",
            "sharklasers.com",
            "getnada.com",
            "dispostable.com",
            "maildrop.cc",
            "throwawaymail.com"));
  }
}
