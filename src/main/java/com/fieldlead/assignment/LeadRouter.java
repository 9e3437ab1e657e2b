package com.fieldlead.assignment;

import com.fieldlead.assignment.model.Availability;
import com.fieldlead.assignment.model.LeadRoutingFacts;
import com.fieldlead.assignment.model.RepState;
import com.fieldlead.assignment.model.RoundRobinCursor;
import com.fieldlead.assignment.model.RoutingDecision;
import com.fieldlead.assignment.model.RoutingPolicy;
import com.fieldlead.assignment.model.RoutingRule;
import com.fieldlead.assignment.model.RoutingRule.RoundRobinRule;
import com.fieldlead.assignment.model.RoutingRule.Target;
import com.fieldlead.assignment.model.RoutingRule.TerritoryRule;
import com.fieldlead.assignment.model.RoutingRules;
import com.fieldlead.assignment.model.RoutingRulesWire;
import com.fieldlead.assignment.store.MongoRoutingSettings;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Routes one lead: loads the tenant's rules (or the default), builds a {@link RepState} per candidate from the user
 * directory, their availability and open-lead counts, asks the pure {@link RoutingPolicy}, and persists the
 * round-robin cursor with compare-and-set (a lost race routes again on the fresh cursor, so two instances never hand
 * the same turn to one rep twice).
 */
final class LeadRouter {

  /** A decision and the team the lead goes with (null: keep none / the lead's own for a queue). */
  record Routed(RoutingDecision decision, String teamId, RoutingRules rules) {}

  private static final int CAS_ATTEMPTS = 8;
  private static final List<String> POSTAL_KEYS =
      List.of("postalCode", "postal_code", "zip", "postcode");

  private final MongoRoutingSettings settings;
  private final RepRoster roster;
  private final LeadGateway leads;
  private final Clock clock;

  LeadRouter(MongoRoutingSettings settings, RepRoster roster, LeadGateway leads, Clock clock) {
    this.settings = settings;
    this.roster = roster;
    this.leads = leads;
    this.clock = clock;
  }

  /** The tenant's current rules, or the default ones (version 0). */
  Future<RoutingRules> rules(String tenantId) {
    return settings
        .currentRules(tenantId)
        .map(r ->
            r.map(MongoRoutingSettings.StoredRules::rules).orElseGet(RoutingRulesWire::defaults));
  }

  /** Routes {@code lead}, never to {@code excludeOwner} (may be null). */
  Future<Routed> route(Lead lead, String excludeOwner) {
    String tenantId = lead.tenantId();
    Future<RoutingRules> rules = rules(tenantId);
    Future<String> eventOwner = lead.capture().eventId() == null
        ? Future.succeededFuture(null)
        : leads
            .event(tenantId, lead.capture().eventId())
            .map(e -> e.map(x -> x.ownerId()).orElse(null));
    return Future.all(rules, eventOwner).compose(x -> {
      LeadRoutingFacts facts = new LeadRoutingFacts(
          lead.organization().country(),
          lead.organization().region(),
          postalCode(lead),
          lead.capture().eventId(),
          lead.capture().capturedBy(),
          eventOwner.result());
      return reps(tenantId, rules.result(), List.of(facts), excludeOwner)
          .compose(reps -> decideAll(List.of(lead), rules.result(), List.of(facts), reps, 0))
          .map(decided -> decided.get(0));
    });
  }

  /**
   * Routes leads of one tenant captured together, in their order, as {@link #route} would one after another: the
   * rules, event owners, candidates and cursors read once, each decision counting the leads handed out before it
   * (round-robin turn, open leads against capacity), and each team's cursor moved once, with compare-and-set (a lost
   * race decides the whole batch again on the fresh cursors). Answers one decision per lead, in order.
   */
  Future<List<Routed>> routeAll(List<Lead> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String tenantId = batch.get(0).tenantId();
    Future<RoutingRules> rules = rules(tenantId);
    List<String> eventIds = batch.stream()
        .map(l -> l.capture().eventId())
        .filter(Objects::nonNull)
        .distinct()
        .toList();
    List<Future<String>> owners = eventIds.stream()
        .map(id -> leads.event(tenantId, id).map(e -> e.map(x -> x.ownerId()).orElse(null)))
        .toList();
    return Future.all(rules, Future.all(owners)).compose(x -> {
      Map<String, String> ownerOf = new HashMap<>();
      for (int i = 0; i < eventIds.size(); i++) {
        ownerOf.put(eventIds.get(i), owners.get(i).result());
      }
      List<LeadRoutingFacts> facts = new ArrayList<>();
      for (Lead lead : batch) {
        if (!lead.tenantId().equals(tenantId)) {
          throw new IllegalArgumentException(
              "routeAll: lead " + lead.id() + " is not of tenant " + tenantId);
        }
        facts.add(new LeadRoutingFacts(
            lead.organization().country(),
            lead.organization().region(),
            postalCode(lead),
            lead.capture().eventId(),
            lead.capture().capturedBy(),
            lead.capture().eventId() == null ? null : ownerOf.get(lead.capture().eventId())));
      }
      return reps(tenantId, rules.result(), facts, null)
          .compose(reps -> decideAll(batch, rules.result(), facts, reps, 0));
    });
  }

  private Future<List<Routed>> decideAll(
      List<Lead> batch,
      RoutingRules rules,
      List<LeadRoutingFacts> facts,
      Map<String, Rep> reps,
      int attempt) {
    if (attempt >= CAS_ATTEMPTS) {
      return Future.failedFuture(
          new ProblemException(ErrorCode.CONFLICT, "routing cursor kept changing; try again"));
    }
    String tenantId = batch.get(0).tenantId();
    return settings.cursors(tenantId).compose(entries -> {
      Map<String, MongoRoutingSettings.CursorEntry> byTeam = new HashMap<>();
      Map<String, String> last = new HashMap<>();
      entries.forEach(e -> {
        byTeam.put(e.teamId(), e);
        last.put(e.teamId(), e.lastAssigned());
      });
      RoundRobinCursor start = new RoundRobinCursor(last);
      RoundRobinCursor cursor = start;
      Map<String, RepState> states = new TreeMap<>();
      reps.forEach((id, rep) -> states.put(id, rep.state()));
      Instant now = clock.instant();
      List<Routed> out = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        RoutingDecision d =
            RoutingPolicy.route(rules, facts.get(i), List.copyOf(states.values()), cursor, now);
        String rrTeam = changedTeam(cursor, d.newCursor());
        cursor = d.newCursor();
        RepState owner = d.ownerId() == null ? null : states.get(d.ownerId());
        if (owner != null) {
          states.put(owner.userId(), owner.withOneMoreLead());
        }
        out.add(new Routed(d, team(d, rrTeam, reps, batch.get(i), facts.get(i)), rules));
      }
      Future<Boolean> saved = Future.succeededFuture(true);
      for (Map.Entry<String, String> e : cursor.lastAssigned().entrySet()) {
        if (!Objects.equals(start.last(e.getKey()), e.getValue())) {
          String team = e.getKey();
          saved = saved.compose(ok -> !ok
              ? Future.succeededFuture(false)
              : settings.advanceCursor(tenantId, team, byTeam.get(team), e.getValue()));
        }
      }
      return saved.compose(ok ->
          ok ? Future.succeededFuture(out) : decideAll(batch, rules, facts, reps, attempt + 1));
    });
  }

  /**
   * The team the lead goes with. A queued lead keeps its own team, else takes the team of its event's owner (the
   * teams they manage first), so that team's managers see it; with neither it has no team and waits in the tenant's
   * unassigned queue, which every manager sees.
   */
  private static String team(
      RoutingDecision d, String rrTeam, Map<String, Rep> reps, Lead lead, LeadRoutingFacts facts) {
    if (d.queued()) {
      Rep eventOwner = facts.eventOwnerId() == null ? null : reps.get(facts.eventOwnerId());
      if (lead.routing().teamId() != null || eventOwner == null) {
        return lead.routing().teamId();
      }
      UserInfo u = eventOwner.info();
      return !u.managedTeamIds().isEmpty()
          ? u.managedTeamIds().get(0)
          : u.teamIds().isEmpty() ? null : u.teamIds().get(0);
    }
    if (rrTeam != null && !RoutingRulesWire.ALL_REPS.equals(rrTeam)) {
      return rrTeam;
    }
    Rep rep = reps.get(d.ownerId());
    return rep == null || rep.info().teamIds().isEmpty()
        ? null
        : rep.info().teamIds().get(0);
  }

  private static String changedTeam(RoundRobinCursor before, RoundRobinCursor after) {
    for (Map.Entry<String, String> e : after.lastAssigned().entrySet()) {
      if (!Objects.equals(before.last(e.getKey()), e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  /** A candidate: directory entry and routing state. */
  record Rep(UserInfo info, RepState state) {}

  /** The candidates the rules can name, with availability and (for reps with a cap) open-lead counts. */
  Future<Map<String, Rep>> reps(
      String tenantId, RoutingRules rules, List<LeadRoutingFacts> routed, String excludeOwner) {
    Set<String> teams = new HashSet<>();
    Set<String> users = new HashSet<>();
    for (RoutingRule r : rules.rules()) {
      if (r instanceof RoundRobinRule rr) {
        teams.add(rr.teamId());
      } else if (r instanceof TerritoryRule t
          && t.target() != null
          && t.target().id() != null) {
        (t.target().kind() == Target.Kind.TEAM ? teams : users).add(t.target().id());
      }
    }
    for (LeadRoutingFacts facts : routed) {
      if (facts.capturedBy() != null) {
        users.add(facts.capturedBy());
      }
      if (facts.eventOwnerId() != null) {
        users.add(facts.eventOwnerId());
      }
    }
    return roster.candidates(tenantId, teams, users).compose(found -> {
      List<UserInfo> infos =
          found.stream().filter(u -> !u.id().equals(excludeOwner)).toList();
      List<String> ids = infos.stream().map(UserInfo::id).toList();
      boolean capacityRule =
          rules.rules().stream().anyMatch(RoutingRule.CapacityRule.class::isInstance);
      return settings.availabilities(tenantId, ids).compose(avail -> {
        // open leads are counted only for reps with a cap (the rules' or their own): the count
        // reads every open lead
        // of the rep, which a tenant without caps need not pay for on each routed batch
        List<String> capped = capacityRule
            ? ids
            : ids.stream()
                .filter(id -> avail.get(id) != null && avail.get(id).maxOpenLeads() != null)
                .toList();
        Future<Map<String, Integer>> open =
            capped.isEmpty() ? Future.succeededFuture(Map.of()) : leads.openLeads(tenantId, capped);
        return open.map(counts -> {
          Map<String, Rep> out = new HashMap<>();
          for (UserInfo u : infos) {
            out.put(
                u.id(), new Rep(u, state(u, avail.get(u.id()), counts.getOrDefault(u.id(), 0))));
          }
          return out;
        });
      });
    });
  }

  static RepState state(UserInfo u, Availability a, int openLeads) {
    Set<String> teams = new HashSet<>(u.teamIds());
    if (u.role() == Role.REP) {
      teams.add(RoutingRulesWire.ALL_REPS);
    }
    if (a == null) {
      return new RepState(u.id(), teams, openLeads, null, null, List.of(), true);
    }
    return new RepState(
        u.id(), teams, openLeads, a.maxOpenLeads(), a.hours(), a.away(), a.isActive());
  }

  static String postalCode(Lead lead) {
    if (lead.qualification().customFields() == null) {
      return null;
    }
    for (String k : POSTAL_KEYS) {
      Object v = lead.qualification().customFields().get(k);
      if (v != null) {
        return String.valueOf(v);
      }
    }
    return null;
  }
}
