package com.fieldlead.scoring;

import com.fieldlead.activity.model.Activity;
import com.fieldlead.activity.model.ActivityType;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.scoring.LeadFacts.BehaviourEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lead and its activities as {@link LeadFacts}. Pure. How activities become behaviour events:
 * <ul>
 *   <li>a meeting with outcome {@code held}: {@code (meeting, held)} at the meeting's start (else when it was logged);
 *   no-shows, cancelled and rescheduled meetings give nothing;</li>
 *   <li>a call with outcome {@code connected}: {@code (call, connected)}; voicemail, no answer, busy give nothing;</li>
 *   <li>an inbound e-mail: {@code (email, replied)} (the lead wrote to us); outbound e-mails give nothing;</li>
 *   <li>a visit (check-in at the lead's site): {@code (visit, null)};</li>
 *   <li>a demo request: any activity (typically a meeting summary or a note) with a clause (text between sentence
 *   punctuation, commas, "but" or "however") that says "demo" together with a request word (request, ask, want,
 *   interested, schedule, book, would like) gives {@code (demo, requested)}, unless a negation (not, no, never,
 *   without, none, nor, cannot, or a word ending in n't: don't, doesn't, isn't...) comes before them in that clause:
 *   "not interested in a demo" and "they don't want a demo" are no request, "not interested in the webinar, but wants
 *   a demo" is one. Only the newest such mention counts, so repeating it in notes does not pile up points.</li>
 * </ul>
 * Notes count only through the demo rule. Behaviour points decay by the rules' half-life from these instants.
 */
public final class ScoringFacts {

  private static final Pattern DEMO = Pattern.compile("(?iu)\\bdemo(s)?\\b");
  private static final Pattern ASKED = Pattern.compile(
      "(?iu)\\b(request\\w*|ask\\w*|want\\w*|interested|schedul\\w*|book\\w*|would like)\\b");

  /** Where one clause ends and the next begins: sentence punctuation, commas, line breaks, "but", "however". */
  private static final Pattern CLAUSES = Pattern.compile("(?iu)[.!?;:,\\n]+|\\b(but|however)\\b");

  private static final Pattern NEGATION =
      Pattern.compile("(?iu)\\b(not|no|never|without|none|nor|cannot)\\b|\\b\\p{L}+n['\u2019]t\\b");

  private ScoringFacts() {}

  /** The facts of {@code lead} with {@code activities} (any order). */
  public static LeadFacts of(Lead lead, List<Activity> activities) {
    Lead.Bant bant = lead.qualification().bant();
    LeadFacts.BoothOverride override = lead.scoring().hotOverride() == null
            || lead.scoring().hotOverride().by() == null
            || lead.scoring().hotOverride().at() == null
        ? null
        : new LeadFacts.BoothOverride(
            lead.scoring().hotOverride().by(), lead.scoring().hotOverride().at());
    return new LeadFacts(
        lead.contact().title(),
        lead.organization().industry(),
        lead.organization().companySize(),
        lead.organization().country(),
        LeadFacts.domainOf(lead.contact().email()),
        lead.organization().company(),
        bant == null ? null : bant.budget(),
        bant == null ? null : bant.authority(),
        bant == null ? null : bant.need(),
        bant == null ? null : bant.timeline(),
        events(activities),
        override);
  }

  /** The behaviour events of {@code activities} (see the class comment for the mapping). */
  public static List<BehaviourEvent> events(List<Activity> activities) {
    List<BehaviourEvent> out = new ArrayList<>();
    Instant demoAt = null;
    for (Activity a : activities) {
      BehaviourEvent e = event(a);
      if (e != null) {
        out.add(e);
      }
      if (mentionsDemoRequest(text(a)) && (demoAt == null || a.occurredAt().isAfter(demoAt))) {
        demoAt = a.occurredAt();
      }
    }
    if (demoAt != null) {
      out.add(new BehaviourEvent("demo", "requested", demoAt));
    }
    return out;
  }

  private static BehaviourEvent event(Activity a) {
    Instant at = a.occurredAt();
    if (at == null) {
      return null;
    }
    return switch (a.type()) {
      case MEETING ->
        a.meeting() != null && a.meeting().outcome() == Activity.MeetingOutcome.HELD
            ? new BehaviourEvent(
                "meeting", "held", a.meeting().startedAt() != null ? a.meeting().startedAt() : at)
            : null;
      case CALL ->
        a.call() != null && a.call().outcome() == Activity.CallOutcome.CONNECTED
            ? new BehaviourEvent("call", "connected", at)
            : null;
      case EMAIL ->
        a.email() != null && a.email().direction() == Activity.Direction.INBOUND
            ? new BehaviourEvent("email", "replied", at)
            : null;
      case VISIT -> new BehaviourEvent("visit", null, at);
      case NOTE -> null;
    };
  }

  static boolean mentionsDemoRequest(String text) {
    if (text == null) {
      return false;
    }
    for (String clause : CLAUSES.split(text)) {
      Matcher demo = DEMO.matcher(clause);
      Matcher asked = ASKED.matcher(clause);
      if (demo.find() && asked.find()) {
        Matcher negation = NEGATION.matcher(clause);
        if (!negation.find() || negation.start() > Math.max(demo.start(), asked.start())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String text(Activity a) {
    if (a.type() == ActivityType.NOTE) {
      return a.note() == null ? null : a.note().text();
    }
    return switch (a.type()) {
      case CALL -> a.call() == null ? null : a.call().summary();
      case EMAIL ->
        a.email() == null ? null : join(a.email().subject(), a.email().summary());
      case MEETING -> a.meeting() == null ? null : a.meeting().summary();
      case VISIT -> a.visit() == null ? null : a.visit().summary();
      case NOTE -> null;
    };
  }

  private static String join(String a, String b) {
    return a == null ? b : b == null ? a : a + " " + b;
  }

  /** {@code lead} with {@code result} as its server-owned score fields. */
  public static Lead apply(Lead lead, ScoreResult result) {
    List<Lead.ScoreLine> lines = result.explanation().stream()
        .map(c -> new Lead.ScoreLine(c.ruleId(), c.category().wire(), c.label(), c.points()))
        .toList();
    return lead.withScore(
        result.score(),
        result.temperature().wire(),
        result.labels(),
        new Lead.ScoreDetails(lines, result.rulesVersion(), result.computedAt()),
        result.nextDecayAt());
  }

  /** Whether {@code result} shows anything a reader of {@code lead} would see differently (or decay timing). */
  public static boolean changes(Lead lead, ScoreResult result) {
    return !Objects.equals(lead.scoring().score(), result.score())
        || !result.temperature().wire().equals(lead.scoring().temperature())
        || !result
            .labels()
            .equals(
                lead.scoring().scoreExplanation() == null
                    ? List.of()
                    : lead.scoring().scoreExplanation())
        || !Objects.equals(lead.scoring().scoreNextDecayAt(), result.nextDecayAt());
  }
}
