package com.fieldlead.assignment.model;

import com.fieldlead.assignment.model.RoutingRule.CapacityRule;
import com.fieldlead.assignment.model.RoutingRule.EventMode;
import com.fieldlead.assignment.model.RoutingRule.EventRule;
import com.fieldlead.assignment.model.RoutingRule.RoundRobinRule;
import com.fieldlead.assignment.model.RoutingRule.TerritoryRule;
import com.fieldlead.assignment.model.RoutingRules.WorkingHoursMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pure routing policy: rules, lead, reps, round-robin cursor and {@code now} in, a {@link RoutingDecision} out.
 * Deterministic (team members rotate in user-id order). Rules are tried in order; a matching rule whose candidates are
 * all unavailable (inactive, out of office, at capacity, outside working hours when required) falls through to the
 * next rule, and when no rule assigns an owner the lead goes to the fallback queue. The reason names the matching rule
 * and every rep skipped and why.
 */
public final class RoutingPolicy {

  private RoutingPolicy() {}

  /** Routes {@code lead}; never answers without an owner or a queue. */
  public static RoutingDecision route(
      RoutingRules rules,
      LeadRoutingFacts lead,
      List<RepState> reps,
      RoundRobinCursor cursor,
      Instant now) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(now, "now");
    RoundRobinCursor rr = cursor == null ? RoundRobinCursor.empty() : cursor;
    Candidates candidates =
        new Candidates(reps == null ? List.of() : reps, capacity(rules), rules.workingHours(), now);
    List<String> notes = new ArrayList<>();
    for (RoutingRule rule : rules.rules()) {
      Attempt attempt = attempt(rule, lead, candidates, rr);
      if (attempt == null) {
        continue; // did not match
      }
      if (attempt.pick().userId() != null) {
        String reason = join(
            notes,
            attempt.matched(),
            attempt.pick().notes(),
            "assigned to " + attempt.pick().userId() + attempt.how());
        RoundRobinCursor next = attempt.teamId() == null
            ? rr
            : rr.advance(attempt.teamId(), attempt.pick().userId());
        return new RoutingDecision(attempt.pick().userId(), null, rule.id(), reason, next);
      }
      notes.add(
          join(List.of(), attempt.matched(), attempt.pick().notes(), "no candidate available"));
    }
    String tail = "queued in '" + rules.fallbackQueue() + "'";
    String reason =
        notes.isEmpty() ? "no rule matched; " + tail : String.join("; ", notes) + "; " + tail;
    return new RoutingDecision(
        null, rules.fallbackQueue(), RoutingDecision.FALLBACK_RULE, reason, rr);
  }

  /** A manager's hand reassignment, recorded like any other decision. */
  public static RoutingDecision reassign(
      String newOwnerId, String byUserId, String note, RoundRobinCursor cursor) {
    Objects.requireNonNull(newOwnerId, "newOwnerId");
    String why =
        "reassigned by " + byUserId + (note == null || note.isBlank() ? "" : ": " + note.trim());
    return new RoutingDecision(
        newOwnerId,
        null,
        RoutingDecision.MANUAL_RULE,
        why,
        cursor == null ? RoundRobinCursor.empty() : cursor);
  }

  private record Attempt(String matched, Candidates.Pick pick, String teamId, String how) {}

  private static Attempt attempt(
      RoutingRule rule, LeadRoutingFacts lead, Candidates c, RoundRobinCursor rr) {
    if (rule instanceof TerritoryRule t) {
      if (!matches(t, lead)) {
        return null;
      }
      String matched = "territory " + territoryOf(lead) + " matched rule '" + t.id() + "'";
      if (t.target() == null || t.target().id() == null) {
        return new Attempt(
            matched, new Candidates.Pick(null, List.of("rule has no target")), null, "");
      }
      if (t.target().kind() == RoutingRule.Target.Kind.USER) {
        return new Attempt(matched, c.pickFixed(t.target().id()), null, "");
      }
      return roundRobin(matched, t.target().id(), c, rr);
    }
    if (rule instanceof EventRule e) {
      if (lead.eventId() == null
          || (!e.eventIds().isEmpty() && !e.eventIds().contains(lead.eventId()))) {
        return null;
      }
      boolean capturer = e.mode() == EventMode.CAPTURING_REP;
      String who = capturer ? lead.capturedBy() : lead.eventOwnerId();
      String matched = "event " + lead.eventId() + " matched rule '" + e.id() + "'";
      if (who == null) {
        String missing = capturer ? "no capturing rep" : "event has no owner";
        return new Attempt(matched, new Candidates.Pick(null, List.of(missing)), null, "");
      }
      return new Attempt(
          matched, c.pickFixed(who), null, capturer ? " (capturing rep)" : " (event owner)");
    }
    if (rule instanceof RoundRobinRule r) {
      return roundRobin("rule '" + r.id() + "' applies", r.teamId(), c, rr);
    }
    return null; // CapacityRule: a filter, applied through Candidates
  }

  private static Attempt roundRobin(
      String matched, String teamId, Candidates c, RoundRobinCursor rr) {
    return new Attempt(
        matched,
        c.pickRotating(teamId, rr.last(teamId)),
        teamId,
        " (round robin in team " + teamId + ")");
  }

  private static boolean matches(TerritoryRule t, LeadRoutingFacts lead) {
    if (t.countries().isEmpty() && t.regions().isEmpty() && t.postalPrefixes().isEmpty()) {
      return false; // a rule without criteria is refused by the validator; never let it swallow
      // every lead
    }
    boolean country = t.countries().isEmpty()
        || (lead.country() != null
            && t.countries().stream()
                .anyMatch(x -> x.trim().equalsIgnoreCase(lead.country().trim())));
    boolean region = t.regions().isEmpty()
        || (lead.region() != null
            && t.regions().stream()
                .anyMatch(x -> x.trim().equalsIgnoreCase(lead.region().trim())));
    String postal = postal(lead.postalCode());
    boolean prefix = t.postalPrefixes().isEmpty()
        || (postal != null
            && t.postalPrefixes().stream().anyMatch(p -> postal.startsWith(postal(p))));
    return country && region && prefix;
  }

  private static String postal(String code) {
    return code == null ? null : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }

  private static String territoryOf(LeadRoutingFacts lead) {
    List<String> parts = new ArrayList<>();
    for (String p : new String[] {lead.country(), lead.region(), lead.postalCode()}) {
      if (p != null && !p.isBlank()) {
        parts.add(p.trim());
      }
    }
    return parts.isEmpty() ? "(none)" : String.join("/", parts);
  }

  private static Integer capacity(RoutingRules rules) {
    return rules.rules().stream()
        .filter(CapacityRule.class::isInstance)
        .map(CapacityRule.class::cast)
        .map(CapacityRule::maxOpenLeads)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  private static String join(
      List<String> before, String matched, List<String> skips, String outcome) {
    List<String> parts = new ArrayList<>(before);
    parts.add(matched);
    parts.addAll(skips);
    parts.add(outcome);
    return String.join("; ", parts);
  }

  /** Candidate filtering (availability, capacity, working hours) and picking. */
  static final class Candidates {

    record Pick(String userId, List<String> notes) {}

    private final Map<String, RepState> byId;
    private final List<RepState> sorted;
    private final Integer defaultCapacity;
    private final WorkingHoursMode mode;
    private final Instant now;

    Candidates(List<RepState> reps, Integer defaultCapacity, WorkingHoursMode mode, Instant now) {
      this.byId = reps.stream()
          .collect(Collectors.toMap(RepState::userId, Function.identity(), (a, b) -> a));
      this.sorted =
          byId.values().stream().sorted(Comparator.comparing(RepState::userId)).toList();
      this.defaultCapacity = defaultCapacity;
      this.mode = mode;
      this.now = now;
    }

    Pick pickFixed(String userId) {
      RepState rep = byId.get(userId);
      if (rep == null) {
        return new Pick(null, List.of(userId + " skipped: not a known rep"));
      }
      return pick(List.of(rep));
    }

    Pick pickRotating(String teamId, String last) {
      List<RepState> team =
          sorted.stream().filter(r -> r.teamIds().contains(teamId)).toList();
      if (team.isEmpty()) {
        return new Pick(null, List.of("team " + teamId + " has no reps"));
      }
      int start = 0;
      if (last != null) {
        // the first member after the last one assigned, by id; still right when that member has
        // left the team
        start =
            (int) team.stream().filter(r -> r.userId().compareTo(last) <= 0).count() % team.size();
      }
      List<RepState> order = new ArrayList<>(team.subList(start, team.size()));
      order.addAll(team.subList(0, start));
      return pick(order);
    }

    private Pick pick(List<RepState> order) {
      List<String> notes = new ArrayList<>();
      RepState firstAvailable = null;
      for (RepState rep : order) {
        String why = unavailable(rep);
        if (why != null) {
          notes.add(rep.userId() + " skipped: " + why);
          continue;
        }
        boolean working = rep.workingHours() == null || rep.workingHours().isWorking(now);
        if (working || mode == WorkingHoursMode.IGNORE) {
          return new Pick(rep.userId(), notes);
        }
        if (mode == WorkingHoursMode.REQUIRE) {
          notes.add(rep.userId() + " skipped: outside working hours");
        } else if (firstAvailable == null) {
          firstAvailable = rep;
        }
      }
      if (firstAvailable != null) {
        notes.add("nobody available is in working hours");
        return new Pick(firstAvailable.userId(), notes);
      }
      return new Pick(null, notes);
    }

    private String unavailable(RepState rep) {
      if (!rep.active()) {
        return "inactive";
      }
      var away = rep.absentAt(now);
      if (away.isPresent()) {
        return "out of office until " + away.get().to().atZone(rep.timeZone()).toLocalDate();
      }
      Integer max = rep.maxOpenLeads() != null ? rep.maxOpenLeads() : defaultCapacity;
      if (max != null && rep.openLeads() >= max) {
        return "at capacity (" + rep.openLeads() + "/" + max + " open leads)";
      }
      return null;
    }
  }
}
