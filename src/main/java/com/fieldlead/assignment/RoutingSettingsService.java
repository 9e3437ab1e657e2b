package com.fieldlead.assignment;

import com.fieldlead.assignment.model.Availability;
import com.fieldlead.assignment.model.RoutingRule;
import com.fieldlead.assignment.model.RoutingRules;
import com.fieldlead.assignment.model.RoutingRulesWire;
import com.fieldlead.assignment.store.MongoRoutingSettings;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's routing rules (versioned; admins write, managers read) and reps' availability (the user, their manager
 * or an admin). Saving rules whose fallback queue changed moves the leads waiting in the old queue to the new one, so
 * a rule change never leaves a lead without owner or queue.
 */
final class RoutingSettingsService {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingSettingsService.class);

  private final MongoRoutingSettings settings;
  private final UserDirectory directory;
  private final Clock clock;
  private volatile AssignmentService assignments;

  private final LeadGateway leads;

  RoutingSettingsService(
      MongoRoutingSettings settings, UserDirectory directory, LeadGateway leads, Clock clock) {
    this.leads = leads;
    this.settings = settings;
    this.directory = directory;
    this.clock = clock;
  }

  void assignments(AssignmentService a) {
    this.assignments = a;
  }

  Future<RoutingRulesWire.View> rules(Principal p) {
    return settings
        .currentRules(p.tenantId())
        .map(r -> r.map(s -> RoutingRulesWire.view(s.rules(), false, s.at(), s.by(), null))
            .orElseGet(
                () -> RoutingRulesWire.view(RoutingRulesWire.defaults(), true, null, null, null)));
  }

  /** Validates and stores the next version; 409 when another save took that version first. */
  Future<RoutingRulesWire.View> save(Principal p, RoutingRulesWire.Input in) {
    return settings
        .currentRules(p.tenantId())
        .compose(current -> {
          int version = current.map(s -> s.rules().version()).orElse(0) + 1;
          RoutingRules next = RoutingRulesWire.toRules(in, version);
          return references(p.tenantId(), next).map(next);
        })
        .compose(next -> {
          int version = next.version();
          var now = clock.instant();
          return settings.insertRules(p.tenantId(), next, now, p.userId()).compose(ok -> {
            if (!ok) {
              throw new ProblemException(
                  ErrorCode.CONFLICT,
                  "the routing rules were changed at the same time; get them" + " again");
            }
            LOG.info(
                "routing rules saved [tenant={}, version={}, rules={}, by={}]",
                p.tenantId(),
                version,
                next.rules().size(),
                p.userId());
            return assignments
                .requeue(p.tenantId(), next, p.userId())
                .map(n -> RoutingRulesWire.view(next, false, now, p.userId(), n));
          });
        });
  }

  /**
   * Every team, user and event the rules name must be of the tenant (a round robin's {@code "*"} is every rep): fails
   * with a 400 naming each rule's field otherwise.
   */
  private Future<Void> references(String tenantId, RoutingRules rules) {
    Map<String, String> teams = new LinkedHashMap<>(); // pointer -> team id
    Map<String, String> users = new LinkedHashMap<>();
    Map<String, String> events = new LinkedHashMap<>();
    for (int i = 0; i < rules.rules().size(); i++) {
      RoutingRule r = rules.rules().get(i);
      String at = "/rules/" + i;
      if (r instanceof RoutingRule.RoundRobinRule rr
          && !RoutingRulesWire.ALL_REPS.equals(rr.teamId())) {
        teams.put(at + "/teamId", rr.teamId());
      } else if (r instanceof RoutingRule.TerritoryRule t
          && t.target() != null
          && t.target().id() != null) {
        (t.target().kind() == RoutingRule.Target.Kind.TEAM ? teams : users)
            .put(at + "/target/id", t.target().id());
      } else if (r instanceof RoutingRule.EventRule e && e.eventIds() != null) {
        int j = 0;
        for (String event : e.eventIds()) {
          events.put(at + "/eventIds/" + j++, event);
        }
      }
    }
    Future<Map<String, String>> knownTeams =
        directory.teamNames(tenantId, Set.copyOf(teams.values()));
    Future<List<UserInfo>> knownUsers = directory.users(tenantId, Set.copyOf(users.values()));
    Map<String, Future<Boolean>> knownEvents = new LinkedHashMap<>();
    events
        .values()
        .forEach(id -> knownEvents.computeIfAbsent(
            id, e -> leads.event(tenantId, e).map(Optional::isPresent)));
    return Future.all(knownTeams, knownUsers, Future.all(List.copyOf(knownEvents.values())))
        .map(x -> {
          List<FieldError> errors = new ArrayList<>();
          teams.forEach((at, id) -> {
            if (!knownTeams.result().containsKey(id)) {
              errors.add(new FieldError(at, "unknown", "no team " + id + " in your tenant"));
            }
          });
          Set<String> active = new HashSet<>();
          knownUsers.result().stream().filter(u -> !u.disabled()).forEach(u -> active.add(u.id()));
          users.forEach((at, id) -> {
            if (!active.contains(id)) {
              errors.add(new FieldError(at, "unknown", "no active user " + id + " in your tenant"));
            }
          });
          events.forEach((at, id) -> {
            if (!knownEvents.get(id).result()) {
              errors.add(new FieldError(at, "unknown", "no event " + id + " in your tenant"));
            }
          });
          if (!errors.isEmpty()) {
            throw new ProblemException(
                ErrorCode.VALIDATION_FAILED,
                errors.get(0).field() + ": " + errors.get(0).message(),
                errors,
                Map.of());
          }
          return null;
        });
  }

  Future<Availability> availability(Principal p, String userId) {
    return target(p, userId)
        .compose(user -> settings
            .availability(p.tenantId(), userId)
            .map(a -> a.orElseGet(() -> Availability.unset(userId, user.timeZone()))));
  }

  Future<Availability> saveAvailability(Principal p, String userId, Availability.Input in) {
    return target(p, userId)
        .compose(user -> settings.availability(p.tenantId(), userId).compose(current -> {
          long version =
              current.map(a -> a.version() == null ? 0L : a.version()).orElse(0L) + 1;
          Availability next =
              Availability.from(userId, in, user.timeZone(), version, clock.instant(), p.userId());
          return settings.saveAvailability(p.tenantId(), next).map(ok -> {
            if (!ok) {
              throw new ProblemException(
                  ErrorCode.CONFLICT,
                  "the availability was changed at the same time; get it" + " again");
            }
            LOG.info(
                "availability saved [tenant={}, user={}, version={}, by={}]",
                p.tenantId(),
                userId,
                version,
                p.userId());
            return next;
          });
        }));
  }

  /** The user whose availability {@code p} may read and write: themself, a member of a team they manage, anyone for admins. */
  private Future<UserInfo> target(Principal p, String userId) {
    return directory.user(p.tenantId(), userId).map(found -> {
      UserInfo u = found.orElseThrow(() -> ProblemException.notFound("user " + userId));
      boolean manages =
          p.is(Role.MANAGER) && u.teamIds().stream().anyMatch(p.managedTeamIds()::contains);
      if (!p.is(Role.ADMIN) && !p.userId().equals(userId) && !manages) {
        throw ProblemException.forbidden(
            "availability is set by the user, their manager or an admin");
      }
      return u;
    });
  }
}
