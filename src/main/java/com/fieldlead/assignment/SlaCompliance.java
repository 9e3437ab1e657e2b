package com.fieldlead.assignment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.assignment.store.MongoSlaClocks;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * SLA compliance per rep, team, event or source over clocks started (captured) in {@code [from, to)}: leads, met,
 * breached (a pending clock past due counts as breached), pending, and the median time from capture to first contact.
 * Managers see their teams' leads (by team, or owned by a member); admins the tenant's.
 */
final class SlaCompliance {

  static final int MAX_CLOCKS = 50_000;
  static final String NONE_KEY = "(none)";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Group(
      String key,
      int leads,
      int met,
      int breached,
      int pending,
      Long medianSecondsToFirstContact,
      String label) {

    Group(
        String key,
        int leads,
        int met,
        int breached,
        int pending,
        Long medianSecondsToFirstContact) {
      this(key, leads, met, breached, pending, medianSecondsToFirstContact, null);
    }

    Group labelled(String text) {
      return new Group(key, leads, met, breached, pending, medianSecondsToFirstContact, text);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Report(String groupBy, Instant from, Instant to, Instant asOf, List<Group> groups) {}

  private final MongoSlaClocks clocks;
  private final UserDirectory directory;
  private final Clock clock;

  SlaCompliance(MongoSlaClocks clocks, UserDirectory directory, Clock clock) {
    this.clocks = clocks;
    this.directory = directory;
    this.clock = clock;
  }

  Future<Report> report(Principal p, String groupBy, Instant from, Instant to) {
    Function<SlaClock, String> key =
        switch (groupBy == null ? "rep" : groupBy) {
          case "rep" -> SlaClock::ownerId;
          case "team" -> SlaClock::teamId;
          case "event" -> SlaClock::eventId;
          case "source" -> SlaClock::source;
          default ->
            throw ProblemException.invalidField(
                "query.groupBy", "enum", "groupBy is rep, team, event or source");
        };
    if (from != null && to != null && !from.isBefore(to)) {
      throw ProblemException.invalidField("query.to", "range", "to must be after from");
    }
    Future<List<SlaClock>> found;
    if (p.is(Role.ADMIN)) {
      found = clocks.started(p.tenantId(), from, to, null, null, MAX_CLOCKS);
    } else {
      List<Future<List<UserInfo>>> members = p.managedTeamIds().stream()
          .map(t -> directory.teamMembers(p.tenantId(), t))
          .toList();
      found = Future.all(members).compose(x -> {
        List<String> owners = new ArrayList<>();
        members.forEach(m -> m.result().forEach(u -> owners.add(u.id())));
        return clocks.started(p.tenantId(), from, to, p.managedTeamIds(), owners, MAX_CLOCKS);
      });
    }
    Instant now = clock.instant();
    return found.map(list ->
        new Report(groupBy == null ? "rep" : groupBy, from, to, now, groups(list, key, now)));
  }

  static List<Group> groups(List<SlaClock> list, Function<SlaClock, String> key, Instant now) {
    Map<String, List<SlaClock>> by = new TreeMap<>();
    for (SlaClock c : list) {
      String k = key.apply(c);
      by.computeIfAbsent(k == null ? NONE_KEY : k, x -> new ArrayList<>()).add(c);
    }
    List<Group> out = new ArrayList<>();
    by.forEach((k, clocks) -> {
      int met = 0;
      int breached = 0;
      int pending = 0;
      List<Long> times = new ArrayList<>();
      for (SlaClock c : clocks) {
        switch (statusAt(c, now)) {
          case SlaClock.MET -> met++;
          case SlaClock.BREACHED -> breached++;
          case SlaClock.PENDING -> pending++;
          default -> {}
        }
        if (c.firstContactAt() != null) {
          Duration d = Duration.between(c.startAt(), c.firstContactAt());
          times.add(Math.max(0, d.getSeconds()));
        }
      }
      out.add(new Group(k, clocks.size(), met, breached, pending, median(times)));
    });
    return out;
  }

  static String statusAt(SlaClock c, Instant now) {
    if (SlaClock.PENDING.equals(c.status()) && c.dueAt() != null && now.isAfter(c.dueAt())) {
      return SlaClock.BREACHED;
    }
    return c.status() == null ? SlaClock.NONE : c.status();
  }

  static Long median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static Set<String> groupings() {
    return Set.of("rep", "team", "event", "source");
  }
}
