package com.fieldlead.notify;

import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.EventLog;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.model.LeadSummary;
import com.fieldlead.notify.model.Backoff;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.model.PushTexts;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns durable domain events into notifications: claim an event, create its notifications (idempotent: the ids
 * derive from the event id, so a re-claimed event after a crash creates nothing twice), then complete it. Hot lead:
 * the owner and the managers of the lead's team; assignment: the new owner; SLA breach: the managers.
 */
final class EventAlerts {

  private static final Logger LOG = LoggerFactory.getLogger(EventAlerts.class);
  static final String JOB = "notify.events";
  static final int BATCH = 100;

  private final EventLog log;
  private final LeadLookup leads;
  private final UserDirectory directory;
  private final NotificationService notifications;
  private final Backoff backoff;
  private final Clock clock;
  private final Duration lease;
  private final String consumer;

  EventAlerts(
      EventLog log,
      LeadLookup leads,
      UserDirectory directory,
      NotificationService notifications,
      Backoff backoff,
      Clock clock,
      Duration lease,
      String consumer) {
    this.log = log;
    this.leads = leads;
    this.directory = directory;
    this.notifications = notifications;
    this.backoff = backoff;
    this.clock = clock;
    this.lease = lease;
    this.consumer = consumer;
  }

  /**
   * Claims and handles one batch; answers how many events were claimed. The batch costs a bounded number of store
   * commands whatever its size: one claim, one read of the leads per tenant, one of the users and managers per owner
   * and team, one of preferences, one insert of the notifications, one completion. An event that cannot be handled
   * (its lead is gone) is retried on its own, and dropped after the last attempt.
   */
  Future<Integer> runOnce() {
    Instant now = clock.instant();
    return log.claimBatch(consumer, BATCH, lease, now).compose(claimed -> {
      if (claimed.isEmpty()) {
        return Future.succeededFuture(0);
      }
      Map<String, List<EventLog.Claimed>> byTenant = new LinkedHashMap<>();
      claimed.forEach(c ->
          byTenant.computeIfAbsent(c.event().tenantId(), t -> new ArrayList<>()).add(c));
      Directory memo = new Directory();
      List<Future<Void>> tenants = new ArrayList<>();
      byTenant.forEach((tenant, events) -> tenants.add(handleTenant(tenant, events, memo)));
      return Future.join(tenants).map(claimed.size());
    });
  }

  private Future<Void> handleTenant(
      String tenantId, List<EventLog.Claimed> claimed, Directory memo) {
    List<String> leadIds = claimed.stream()
        .map(c -> c.event().leadId())
        .filter(Objects::nonNull)
        .distinct()
        .toList();
    return leads.byIds(tenantId, leadIds).compose(found -> {
      List<Future<List<NewNotification>>> planned = new ArrayList<>();
      for (EventLog.Claimed c : claimed) {
        LeadSummary lead =
            c.event().leadId() == null ? null : found.get(c.event().leadId());
        planned.add(
            lead == null && isAlert(c.event())
                ? Future.failedFuture(
                    new IllegalStateException("lead " + c.event().leadId() + " not found"))
                : plan(c.event(), lead, memo));
      }
      return Future.join(planned).transform(x -> {
        List<NewNotification> all = new ArrayList<>();
        List<String> done = new ArrayList<>();
        List<Future<Void>> failed = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
          EventLog.Claimed c = claimed.get(i);
          if (planned.get(i).succeeded()) {
            all.addAll(planned.get(i).result());
            done.add(c.event().id());
          } else {
            failed.add(giveBack(c, planned.get(i).cause()));
          }
        }
        Future<Void> created = notifications
            .createAll(all)
            .compose(n -> log.completeAll(done, clock.instant()))
            .onSuccess(v -> LOG.info(
                "events notified [tenant={}, events={}, notifications={}]",
                tenantId,
                done.size(),
                all.size()))
            .recover(t -> Future.join(claimed.stream()
                    .filter(c -> done.contains(c.event().id()))
                    .map(c -> giveBack(c, t))
                    .toList())
                .mapEmpty());
        failed.add(created);
        return Future.join(failed).mapEmpty();
      });
    });
  }

  private static boolean isAlert(DomainEvent e) {
    return switch (e.type()) {
      case DomainEvent.LEAD_HOT, DomainEvent.LEAD_ASSIGNED, DomainEvent.SLA_BREACHED -> true;
      default -> false;
    };
  }

  /** An event that could not be turned into notifications: due again later, or dead after the last attempt. */
  private Future<Void> giveBack(EventLog.Claimed c, Throwable t) {
    LOG.warn(
        "event not turned into notifications [event={}, type={}, attempt={}]",
        c.event().id(),
        c.event().type(),
        c.attempts(),
        t);
    return backoff.exhausted(c.attempts())
        ? log.dead(c.event().id(), String.valueOf(t))
        : log.retryLater(
            c.event().id(),
            clock.instant().plus(backoff.delay(c.attempts(), null)),
            String.valueOf(t));
  }

  /** The notifications event {@code e} asks for (none for types that alert nobody). */
  Future<List<NewNotification>> plan(DomainEvent e, LeadSummary lead, Directory memo) {
    return switch (e.type()) {
      case DomainEvent.LEAD_HOT ->
        recipients(e, lead, true, true, memo)
            .map(users -> notifications(
                e, users, NotificationKind.HOT_LEAD, PushTexts.Text.of("hot_lead", name(e, lead))));
      case DomainEvent.LEAD_ASSIGNED ->
        queue(e) != null
            ? queueWatchers(e, lead, memo)
                .map(users -> notifications(
                    e,
                    users,
                    NotificationKind.ASSIGNMENT,
                    PushTexts.Text.of("queued", name(e, lead), queue(e))))
            : recipients(e, lead, true, false, memo)
                .map(users -> notifications(
                    e,
                    users,
                    NotificationKind.ASSIGNMENT,
                    PushTexts.Text.of("assignment", name(e, lead))));
      case DomainEvent.SLA_BREACHED ->
        recipients(e, lead, false, true, memo)
            .compose(users -> ownerName(e, lead, memo)
                .map(owner -> notifications(
                    e,
                    users,
                    NotificationKind.SLA_BREACH,
                    PushTexts.Text.of("sla_breach", name(e, lead), owner))));
      default -> Future.succeededFuture(List.of());
    };
  }

  /** One event, handled on its own (tests): its notifications written. */
  Future<Void> handle(DomainEvent e) {
    if (!isAlert(e)) {
      return Future.succeededFuture();
    }
    return leads
        .byId(e.tenantId(), e.leadId())
        .compose(lead -> plan(e, lead, new Directory()))
        .compose(all -> notifications.createAll(all))
        .mapEmpty();
  }

  /** One notification per user, its title and body rendered from {@code text} in each user's language. */
  private static List<NewNotification> notifications(
      DomainEvent e, Set<String> users, NotificationKind kind, PushTexts.Text text) {
    List<NewNotification> out = new ArrayList<>();
    for (String user : users) {
      out.add(NewNotification.of(
              e.tenantId(),
              user,
              kind,
              "event:" + e.id(),
              text,
              Map.of("leadId", e.leadId() == null ? "" : e.leadId()),
              kind == NotificationKind.HOT_LEAD,
              null)
          .tracedBy(e.traceparent()));
    }
    return out;
  }

  /** The lead's name as people say it (null: the template's "a lead"). */
  private static String name(DomainEvent e, LeadSummary lead) {
    if (lead != null && lead.displayName() != null) {
      return lead.displayName();
    }
    Object name = e.data().getOrDefault("leadName", e.data().get("name"));
    return name == null ? null : String.valueOf(name);
  }

  /** The name of the lead's owner (null: nobody, or a user without a name). */
  private static Future<String> ownerName(DomainEvent e, LeadSummary lead, Directory memo) {
    String ownerId =
        e.data().get("ownerId") instanceof String s ? s : lead == null ? null : lead.ownerId();
    return ownerId == null
        ? Future.succeededFuture(null)
        : memo.user(e.tenantId(), ownerId).map(u -> u.map(UserInfo::name).orElse(null));
  }

  /** The users and team managers a batch looks up, each once. */
  final class Directory {
    private final Map<String, Future<Optional<UserInfo>>> users = new HashMap<>();
    private final Map<String, Future<List<UserInfo>>> managers = new HashMap<>();

    Future<Optional<UserInfo>> user(String tenantId, String userId) {
      return users.computeIfAbsent(tenantId + "/" + userId, k -> directory.user(tenantId, userId));
    }

    Future<List<UserInfo>> teamManagers(String tenantId, String teamId) {
      return managers.computeIfAbsent(
          tenantId + "/" + teamId, k -> directory.teamManagers(tenantId, teamId));
    }
  }

  /**
   * The event's recipients hint plus the owner and/or the managers of the lead's team (or, without one, of the
   * owner's teams). Disabled managers are left out.
   */
  private Future<Set<String>> recipients(
      DomainEvent e, LeadSummary lead, boolean owner, boolean managers, Directory memo) {
    Set<String> out = new LinkedHashSet<>();
    if (e.recipients() != null) {
      out.addAll(e.recipients());
    }
    String ownerId = lead != null && lead.ownerId() != null
        ? lead.ownerId()
        : e.data().get("ownerId") instanceof String s ? s : null;
    if (owner && ownerId != null) {
      out.add(ownerId);
    }
    if (!managers) {
      return Future.succeededFuture(out);
    }
    String teamId = lead != null && lead.teamId() != null
        ? lead.teamId()
        : e.data().get("teamId") instanceof String t ? t : null;
    if (teamId == null
        && ownerId == null) { // the unassigned queue: every manager of the tenant sees it
      return queueWatchers(e, lead, memo).map(all -> {
        out.addAll(all);
        return out;
      });
    }
    Future<List<String>> teams = teamId != null
        ? Future.succeededFuture(List.of(teamId))
        : ownerId == null
            ? Future.succeededFuture(List.of())
            : memo.user(e.tenantId(), ownerId).map(u -> u.map(UserInfo::teamIds).orElse(List.of()));
    return teams.compose(ids -> {
      List<Future<List<UserInfo>>> lookups = new ArrayList<>();
      ids.forEach(t -> lookups.add(memo.teamManagers(e.tenantId(), t)));
      return Future.all(lookups).map(all -> {
        for (int i = 0; i < all.size(); i++) {
          all.<List<UserInfo>>resultAt(i).stream()
              .filter(u -> !u.disabled())
              .forEach(u -> out.add(u.id()));
        }
        return out;
      });
    });
  }

  /** The queue a {@code lead.assigned} event put its lead in (no owner), or null. */
  private static String queue(DomainEvent e) {
    return e.data().get("ownerId") instanceof String
        ? null
        : e.data().get("queue") instanceof String q ? q : null;
  }

  /**
   * Who is told that a lead waits in a queue: the managers of its team, or, for a lead without a team (the tenant's
   * unassigned queue, which every manager sees), every manager of the tenant. Disabled users are left out.
   */
  private Future<Set<String>> queueWatchers(DomainEvent e, LeadSummary lead, Directory memo) {
    String teamId = lead != null && lead.teamId() != null
        ? lead.teamId()
        : e.data().get("teamId") instanceof String t ? t : null;
    Future<List<UserInfo>> managers = teamId != null
        ? memo.teamManagers(e.tenantId(), teamId)
        : directory.usersWithRole(e.tenantId(), Role.MANAGER);
    return managers.map(all -> {
      Set<String> out = new LinkedHashSet<>();
      all.stream().filter(u -> !u.disabled()).forEach(u -> out.add(u.id()));
      return out;
    });
  }
}
