package com.fieldlead.assignment.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One routing rule of a tenant. Rules are evaluated in order; the first that matches the lead and yields an available
 * candidate assigns it. A {@link CapacityRule} assigns nobody: it is a filter on every candidate, wherever it stands.
 */
public sealed interface RoutingRule
    permits RoutingRule.TerritoryRule,
        RoutingRule.EventRule,
        RoutingRule.RoundRobinRule,
        RoutingRule.CapacityRule {

  /** The rule's id, recorded on every assignment it makes. */
  String id();

  /**
   * Leads whose country (ISO alpha-2), region and postal code prefix match go to {@code target}: a user, or a team
   * (round robin inside it). Empty criteria match anything; at least one must be given.
   */
  record TerritoryRule(
      String id,
      Set<String> countries,
      Set<String> regions,
      List<String> postalPrefixes,
      Target target)
      implements RoutingRule {
    public TerritoryRule {
      countries = Set.copyOf(countries == null ? Set.of() : countries);
      regions = Set.copyOf(regions == null ? Set.of() : regions);
      postalPrefixes = List.copyOf(postalPrefixes == null ? List.of() : postalPrefixes);
    }
  }

  /** Leads captured at an event ({@code eventIds} empty: any event) go to the capturing rep or the event's owner. */
  record EventRule(String id, Set<String> eventIds, EventMode mode) implements RoutingRule {
    public EventRule {
      eventIds = Set.copyOf(eventIds == null ? Set.of() : eventIds);
    }
  }

  /** Whom an {@link EventRule} assigns. */
  enum EventMode {
    CAPTURING_REP,
    EVENT_OWNER
  }

  /** Any lead goes to the next available member of {@code teamId}, in user-id order after the last one assigned. */
  record RoundRobinRule(String id, String teamId) implements RoutingRule {}

  /** Reps with {@code maxOpenLeads} or more open leads are skipped (a rep's own maximum wins over this one). */
  record CapacityRule(String id, int maxOpenLeads) implements RoutingRule {}

  /** A user or a team. */
  record Target(Kind kind, String id) {
    public Target {
      Objects.requireNonNull(kind, "kind");
    }

    public static Target user(String userId) {
      return new Target(Kind.USER, userId);
    }

    public static Target team(String teamId) {
      return new Target(Kind.TEAM, teamId);
    }

    /** What a target names. */
    public enum Kind {
      USER,
      TEAM
    }
  }
}
