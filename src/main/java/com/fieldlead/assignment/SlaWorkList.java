package com.fieldlead.assignment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.assignment.store.MongoSlaClocks;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.model.LeadSummary;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The speed-to-lead work list of {@code GET /v1/sla/open}: open leads not yet contacted whose clock is past due, and
 * those due soon, with the lead's name. Visibility is {@link SlaCompliance}'s: managers see the clocks of their teams,
 * of their members and of the unassigned queue; admins the tenant's.
 */
final class SlaWorkList {

  /** One entry: a lead whose first contact is still awaited. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(
      String leadId,
      String leadName,
      String status,
      String ownerId,
      String teamId,
      String temperature,
      Instant startAt,
      Instant dueAt) {}

  /** The two lists, each in the order a manager works it. */
  record View(Instant asOf, int dueWithinMinutes, List<Entry> breached, List<Entry> dueSoon) {}

  private final MongoSlaClocks clocks;
  private final UserDirectory directory;
  private final LeadLookup leads;
  private final Clock clock;

  SlaWorkList(MongoSlaClocks clocks, UserDirectory directory, LeadLookup leads, Clock clock) {
    this.clocks = clocks;
    this.directory = directory;
    this.leads = leads;
    this.clock = clock;
  }

  Future<View> open(Principal p, int dueWithinMinutes, int limit) {
    if (!p.is(Role.ADMIN) && !p.is(Role.MANAGER)) {
      return Future.failedFuture(
          ProblemException.forbidden("managers and admins read the SLA work list"));
    }
    Instant now = clock.instant();
    Instant soon = now.plus(Duration.ofMinutes(dueWithinMinutes));
    return scope(p).compose(scope -> {
      // read a little more than asked: closed leads are dropped after the read
      int read = Math.min(limit * 2, 400);
      Future<List<SlaClock>> late =
          clocks.uncontacted(p.tenantId(), null, now, true, scope.teams(), scope.owners(), read);
      Future<List<SlaClock>> due =
          clocks.uncontacted(p.tenantId(), now, soon, false, scope.teams(), scope.owners(), read);
      return Future.all(late, due).compose(x -> {
        Set<String> ids = new HashSet<>();
        late.result().forEach(c -> ids.add(c.leadId()));
        due.result().forEach(c -> ids.add(c.leadId()));
        return leads
            .byIds(p.tenantId(), ids)
            .map(found -> new View(
                now,
                dueWithinMinutes,
                entries(late.result(), found, SlaClock.BREACHED, limit),
                entries(due.result(), found, SlaClock.PENDING, limit)));
      });
    });
  }

  private record Scope(List<String> teams, List<String> owners) {}

  private Future<Scope> scope(Principal p) {
    if (p.is(Role.ADMIN)) {
      return Future.succeededFuture(new Scope(null, null));
    }
    List<Future<List<UserInfo>>> members = p.managedTeamIds().stream()
        .map(t -> directory.teamMembers(p.tenantId(), t))
        .toList();
    return Future.all(members).map(x -> {
      List<String> owners = new ArrayList<>();
      members.forEach(m -> m.result().forEach(u -> owners.add(u.id())));
      return new Scope(p.managedTeamIds(), owners);
    });
  }

  /** The clocks whose lead is still open, as entries, at most {@code limit}. */
  static List<Entry> entries(
      List<SlaClock> list, Map<String, LeadSummary> leads, String status, int limit) {
    List<Entry> out = new ArrayList<>();
    for (SlaClock c : list) {
      LeadSummary l = leads.get(c.leadId());
      if (l == null || !l.open() || out.size() >= limit) {
        continue;
      }
      out.add(new Entry(
          c.leadId(),
          l.displayName(),
          status,
          l.ownerId(),
          l.teamId(),
          c.temperature(),
          c.startAt(),
          c.dueAt()));
    }
    return out;
  }
}
