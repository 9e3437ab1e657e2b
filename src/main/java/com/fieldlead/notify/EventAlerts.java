package com.fieldlead.notify;

import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.events.EventLog;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.LeadSummary;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  EventAlerts(EventLog log, LeadLookup leads, UserDirectory directory, NotificationService notifications,
      Backoff backoff, Clock clock, Duration lease, String consumer) {
    this.log = log;
    this.leads = leads;
    this.directory = directory;
    this.notifications = notifications;
    this.backoff = backoff;
    this.clock = clock;
    this.lease = lease;
    this.consumer = consumer;
  }

  /** Claims and handles one batch; answers how many events were claimed. */
  Future<Integer> runOnce() {
    return log.claim(consumer, BATCH, lease, clock.instant()).compose(claimed -> {
      List<Future<Void>> all = new ArrayList<>();
      for (EventLog.Claimed c : claimed) {
        all.add(handle(c.event())
            .compose(v -> log.complete(c.event().id(), clock.instant()))
            .recover(t -> {
              LOG.warn("event not turned into notifications [event={}, type={}, attempt={}]", c.event().id(),
                  c.event().type(), c.attempts(), t);
              return backoff.exhausted(c.attempts()) ? log.dead(c.event().id(), String.valueOf(t))
                  : log.retryLater(c.event().id(), clock.instant().plus(backoff.delay(c.attempts(), null)),
                      String.valueOf(t));
            }));
      }
      return Future.join(all).map(claimed.size());
    });
  }

  Future<Void> handle(DomainEvent e) {
    return switch (e.type()) {
      case DomainEvent.LEAD_HOT -> leads.byId(e.tenantId(), e.leadId()).compose(lead -> recipients(e, lead, true, true)
          .compose(users -> notifyAll(e, users, NotificationKind.HOT_LEAD, "Hot lead",
              describe(e, "is hot: call them now"))));
      case DomainEvent.LEAD_ASSIGNED -> leads.byId(e.tenantId(), e.leadId()).compose(lead -> recipients(e, lead, true,
              false)
          .compose(users -> notifyAll(e, users, NotificationKind.ASSIGNMENT, "New lead assigned to you",
              describe(e, "is yours now"))));
      case DomainEvent.SLA_BREACHED -> leads.byId(e.tenantId(), e.leadId()).compose(lead -> recipients(e, lead, false,
              true)
          .compose(users -> notifyAll(e, users, NotificationKind.SLA_BREACH, "First-touch SLA missed",
              describe(e, "has not been contacted in time"))));
      default -> Future.succeededFuture();
    };
  }

  private Future<Void> notifyAll(DomainEvent e, Set<String> users, NotificationKind kind, String title, String body) {
    List<Future<Boolean>> created = new ArrayList<>();
    for (String user : users) {
      created.add(notifications.create(new NewNotification(e.tenantId(), user, kind, "event:" + e.id(), title, body,
          Map.of("leadId", e.leadId() == null ? "" : e.leadId()), kind == NotificationKind.HOT_LEAD, null)));
    }
    return Future.all(created).<Void>mapEmpty()
        .onSuccess(v -> LOG.info("event notified [event={}, type={}, lead={}, users={}]", e.id(), e.type(),
            e.leadId(), users.size()));
  }

  /**
   * The event's recipients hint plus the owner and/or the managers of the lead's team (or, without one, of the
   * owner's teams). Disabled managers are left out.
   */
  private Future<Set<String>> recipients(DomainEvent e, LeadSummary lead, boolean owner, boolean managers) {
    Set<String> out = new LinkedHashSet<>();
    if (e.recipients() != null) {
      out.addAll(e.recipients());
    }
    String ownerId = lead.ownerId() != null ? lead.ownerId()
        : e.data().get("ownerId") instanceof String s ? s : null;
    if (owner && ownerId != null) {
      out.add(ownerId);
    }
    if (!managers) {
      return Future.succeededFuture(out);
    }
    String teamId = lead.teamId() != null ? lead.teamId() : e.data().get("teamId") instanceof String t ? t : null;
    Future<List<String>> teams = teamId != null ? Future.succeededFuture(List.of(teamId))
        : ownerId == null ? Future.succeededFuture(List.of())
            : directory.user(e.tenantId(), ownerId).map(u -> u.map(UserInfo::teamIds).orElse(List.of()));
    return teams.compose(ids -> {
      List<Future<List<UserInfo>>> lookups = new ArrayList<>();
      ids.forEach(t -> lookups.add(directory.teamManagers(e.tenantId(), t)));
      return Future.all(lookups).map(all -> {
        for (int i = 0; i < all.size(); i++) {
          all.<List<UserInfo>>resultAt(i).stream().filter(u -> !u.disabled()).forEach(u -> out.add(u.id()));
        }
        return out;
      });
    });
  }

  private static String describe(DomainEvent e, String what) {
    Object name = e.data().getOrDefault("leadName", e.data().get("name"));
    Object company = e.data().get("company");
    StringBuilder sb = new StringBuilder(name == null ? "A lead" : String.valueOf(name));
    if (company != null) {
      sb.append(" (").append(company).append(')');
    }
    return sb.append(' ').append(what).toString();
  }
}
