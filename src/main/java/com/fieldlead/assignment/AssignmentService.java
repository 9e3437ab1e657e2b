package com.fieldlead.assignment;

import com.fieldlead.assignment.model.Assignment;
import com.fieldlead.assignment.model.RoutingDecision;
import com.fieldlead.assignment.model.RoutingPolicy;
import com.fieldlead.assignment.model.RoutingRules;
import com.fieldlead.assignment.store.MongoAssignmentLog;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.LeadPreparer;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadChanges;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns leads: routes new ownerless leads (booth captures, imports, web forms), reroutes on an SLA breach, applies
 * managers' hand reassignments, and records every assignment ({@code lead_assignments}) with a {@code lead.assigned}
 * event stored with the lead change. Queued leads are tracked in {@code lead_queues}.
 */
public final class AssignmentService {

  private static final Logger LOG = LoggerFactory.getLogger(AssignmentService.class);
  static final String EVENT_ASSIGNED = "lead.assigned";
  static final String CAPTURE_RULE = "capture";
  static final int MAX_REASON = 500;

  /** A manual assignment: exactly one of {@code ownerId} and {@code queue}. */
  record AssignInput(String ownerId, String queue, String reason) {}

  /** How long a decision made before an insert waits for its lead's listener (an insert that never landed). */
  static final Duration PREROUTED_KEPT = Duration.ofMinutes(10);

  /** A routing decision made before the lead was stored, and when. */
  private record Prerouted(Assignment assignment, Instant at) {}

  /** Decisions {@link #prepare} made, by lead id, until the created lead's listener records them. */
  private final Map<String, Prerouted> prerouted = new ConcurrentHashMap<>();

  private final LeadRouter router;
  private final MongoAssignmentLog log;
  private final SlaService sla;
  private final LeadGateway leads;
  private final RepRoster roster;
  private final LeadLookup lookup;
  private final Clock clock;

  AssignmentService(
      LeadRouter router,
      MongoAssignmentLog log,
      SlaService sla,
      LeadGateway leads,
      RepRoster roster,
      LeadLookup lookup,
      Clock clock) {
    this.router = router;
    this.log = log;
    this.sla = sla;
    this.leads = leads;
    this.roster = roster;
    this.lookup = lookup;
    this.clock = clock;
  }

  /**
   * Leads of one tenant just created (one capture, or several captured together): those with an owner have the
   * capture recorded as their first assignment (the records in one insert, their clocks in another); those without are routed together ({@link LeadRouter#routeAll}: round
   * robin and capacity count each decision, the cursor moves once) and written in one bulk write. Should the batch
   * not get its turn (the cursor kept changing under it), its leads are routed one after another instead.
   */
  Future<Void> onCreatedAll(List<Lead> created, int inFlight) {
    List<Lead> routedBefore = new ArrayList<>();
    List<Assignment> decisions = new ArrayList<>();
    List<Lead> owned = new ArrayList<>();
    List<Lead> ownerless = new ArrayList<>();
    for (Lead lead : created) {
      Prerouted p = prerouted.remove(lead.id());
      if (p != null
          && Objects.equals(p.assignment().ownerId(), lead.routing().ownerId())
          && Objects.equals(p.assignment().teamId(), lead.routing().teamId())) {
        routedBefore.add(lead);
        decisions.add(p.assignment());
      } else if (lead.routing().ownerId() != null) {
        owned.add(lead);
      } else {
        ownerless.add(lead);
      }
    }
    Future<Void> withOwners = (routedBefore.isEmpty()
            ? Future.<Void>succeededFuture()
            : recordRouted(routedBefore, decisions))
        .compose(v -> owned.isEmpty()
            ? Future.succeededFuture()
            : log.appendAll(
                    owned.get(0).tenantId(), owned.stream().map(this::captured).toList())
                .compose(x -> sla.onAssignedAll(owned)));
    return withOwners.compose(v -> ownerless.isEmpty()
        ? Future.<Void>succeededFuture()
        : router.routeAll(ownerless).transform(decided -> {
          if (decided.succeeded()) {
            return applyAll(ownerless, decided.result());
          }
          // nothing was decided or written: route them one after another, each on the cursor as it
          // then is
          LOG.info(
              "routing {} leads one by one [tenant={}, cause={}]",
              ownerless.size(),
              ownerless.get(0).tenantId(),
              decided.cause().toString());
          return LeadChangeListener.Windows.each(ownerless, 1, lead -> route(lead, null, null));
        }));
  }

  /**
   * Routes new ownerless leads before they are stored (a booth's captures, imports, web forms, scans), as
   * {@link #onCreatedAll} would after: the leads of a batch together ({@link LeadRouter#routeAll}), each then stored
   * once with its owner and team, the owner fields stamped by the system, and its {@code lead.assigned} event in the
   * same insert, instead of being inserted ownerless and rewritten (a second write of the lead, its history and its
   * change sequence). The assignment records, queue entries and SLA clocks follow once the leads are stored
   * ({@link #onCreatedAll}). Should the batch not get its turn, the leads go on ownerless and are routed after the
   * insert as before. A decision whose lead never lands (its id existed already) costs its rep a round-robin turn.
   */
  Future<List<LeadPreparer.Prepared>> prepare(List<LeadPreparer.Prepared> fresh) {
    List<Integer> at = new ArrayList<>();
    List<Lead> ownerless = new ArrayList<>();
    String tenantId = fresh.isEmpty() ? null : fresh.get(0).lead().tenantId();
    for (int i = 0; i < fresh.size(); i++) {
      Lead lead = fresh.get(i).lead();
      if (lead.routing().ownerId() == null && !lead.deleted() && lead.tenantId().equals(tenantId)) {
        at.add(i);
        ownerless.add(lead);
      }
    }
    if (ownerless.isEmpty()) {
      return Future.succeededFuture(fresh);
    }
    return router.routeAll(ownerless).transform(decided -> {
      if (decided.failed()) {
        LOG.info(
            "routing {} leads after their insert [tenant={}, cause={}]",
            ownerless.size(),
            tenantId,
            decided.cause().toString());
        return Future.succeededFuture(fresh);
      }
      Instant now = clock.instant();
      forgetStale(now);
      List<LeadPreparer.Prepared> out = new ArrayList<>(fresh);
      for (int k = 0; k < ownerless.size(); k++) {
        Lead lead = ownerless.get(k);
        LeadRouter.Routed r = decided.result().get(k);
        RoutingDecision d = r.decision();
        Assignment a = new Assignment(
            UUID.randomUUID().toString(),
            lead.id(),
            d.ownerId(),
            r.teamId(),
            d.queue(),
            d.ruleId(),
            d.reason(),
            now,
            null,
            Assignment.SYSTEM,
            null);
        Lead routed = lead.withOwner(a.ownerId(), a.teamId());
        routed = routed.toBuilder()
            .fieldMeta(LeadChanges.touch(
                lead.bookkeeping().fieldMeta(),
                LeadChanges.diff(lead, routed),
                lead.version(),
                now,
                Assignment.SYSTEM,
                null))
            .build();
        LeadPreparer.Prepared p = fresh.get(at.get(k));
        List<DomainEvent> events = new ArrayList<>(p.events());
        events.add(leads.domainEvent(assignedEvent(lead, a)));
        out.set(at.get(k), new LeadPreparer.Prepared(routed, events));
        prerouted.put(lead.id(), new Prerouted(a, now));
      }
      return Future.succeededFuture(out);
    });
  }

  /** Drops decisions whose leads never landed (kept {@link #PREROUTED_KEPT}). */
  private void forgetStale(Instant now) {
    Instant before = now.minus(PREROUTED_KEPT);
    prerouted.values().removeIf(p -> p.at().isBefore(before));
  }

  /**
   * Records what {@link #prepare} decided for leads now stored with it: the assignment records in one insert, the queue
   * entries per queue, the SLA clocks of the assigned and of the queued in one write each.
   */
  private Future<Void> recordRouted(List<Lead> stored, List<Assignment> records) {
    String tenantId = stored.get(0).tenantId();
    Instant now = clock.instant();
    List<Lead> assigned = new ArrayList<>();
    List<Lead> queued = new ArrayList<>();
    Map<String, List<String>> queues = new LinkedHashMap<>();
    for (int i = 0; i < stored.size(); i++) {
      Lead lead = stored.get(i);
      Assignment a = records.get(i);
      if (a.ownerId() == null) {
        queued.add(lead);
        queues.computeIfAbsent(a.queue(), q -> new ArrayList<>()).add(lead.id());
      } else {
        assigned.add(lead);
      }
    }
    logAssigned(stored, records);
    Future<Void> queuing = log.appendAll(tenantId, records);
    for (Map.Entry<String, List<String>> q : queues.entrySet()) {
      queuing = queuing.compose(v -> log.enqueueAll(tenantId, q.getValue(), q.getKey(), now));
    }
    return queuing.compose(v -> sla.onAssignedAll(assigned)).compose(v -> sla.onQueuedAll(queued));
  }

  /**
   * Applies routing decisions made together: the owners in one bulk write (events with them), the assignment records
   * in one insert, the queue entries and the SLA clocks in one write each. A lead that moved on since it was routed
   * is applied alone (which reads it fresh).
   */
  private Future<Void> applyAll(List<Lead> batch, List<LeadRouter.Routed> routed) {
    String tenantId = batch.get(0).tenantId();
    Instant now = clock.instant();
    List<Assignment> records = new ArrayList<>();
    List<LeadGateway.OwnerChange> changes = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Lead lead = batch.get(i);
      RoutingDecision d = routed.get(i).decision();
      Assignment a = new Assignment(
          UUID.randomUUID().toString(),
          lead.id(),
          d.ownerId(),
          routed.get(i).teamId(),
          d.queue(),
          d.ruleId(),
          d.reason(),
          now,
          null,
          Assignment.SYSTEM,
          lead.routing().ownerId());
      records.add(a);
      changes.add(
          new LeadGateway.OwnerChange(a.ownerId(), a.teamId(), List.of(assignedEvent(lead, a))));
    }
    return leads.setOwners(tenantId, batch, changes).compose(stored -> {
      List<Assignment> landed = new ArrayList<>();
      List<Lead> assigned = new ArrayList<>();
      List<Lead> queued = new ArrayList<>();
      Map<String, List<String>> queues = new LinkedHashMap<>();
      List<Future<?>> alone = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Assignment a = records.get(i);
        Lead lead = stored.get(i);
        if (lead == null) {
          alone.add(apply(
              batch.get(i),
              a.ownerId(),
              a.teamId(),
              a.queue(),
              a.ruleId(),
              a.reason(),
              null,
              Assignment.SYSTEM));
          continue;
        }
        landed.add(a);
        if (a.ownerId() == null) {
          queued.add(lead);
          queues.computeIfAbsent(a.queue(), q -> new ArrayList<>()).add(lead.id());
        } else {
          assigned.add(lead);
        }
      }
      logAssigned(stored.stream().filter(Objects::nonNull).toList(), landed);
      Future<Void> queuing = log.appendAll(tenantId, landed)
          .compose(v -> log.dequeueAll(tenantId, assigned.stream().map(Lead::id).toList()));
      for (Map.Entry<String, List<String>> q : queues.entrySet()) {
        queuing = queuing.compose(v -> log.enqueueAll(tenantId, q.getValue(), q.getKey(), now));
      }
      Future<Void> together =
          queuing.compose(v -> sla.onAssignedAll(assigned)).compose(v -> sla.onQueuedAll(queued));
      return Future.all(together, Future.join(alone)).mapEmpty();
    });
  }

  private Assignment captured(Lead lead) {
    return new Assignment(
        UUID.randomUUID().toString(),
        lead.id(),
        lead.routing().ownerId(),
        lead.routing().teamId(),
        null,
        CAPTURE_RULE,
        "captured by its owner",
        clock.instant(),
        lead.capture().capturedBy(),
        Assignment.SYSTEM,
        null);
  }

  /** Routes {@code lead} again, never to {@code excludeOwner} (SLA breach with {@code reassignOnBreach}). */
  Future<Assignment> route(Lead lead, String excludeOwner, String why) {
    return router.route(lead, excludeOwner).compose(r -> {
      RoutingDecision d = r.decision();
      String reason = why == null ? d.reason() : why + "; " + d.reason();
      return apply(
          lead, d.ownerId(), r.teamId(), d.queue(), d.ruleId(), reason, null, Assignment.SYSTEM);
    });
  }

  /** A manager's or admin's reassignment (managers: leads of their teams, to members of their teams). */
  Future<Assignment> assign(Principal p, String leadId, AssignInput in) {
    check(in);
    return lookup
        .visible(p, leadId)
        .compose(summary -> leads.find(p.tenantId(), leadId))
        .compose(found -> {
          Lead lead = found.orElseThrow(() -> ProblemException.notFound("lead " + leadId));
          if (p.is(Role.MANAGER) && !managesLead(p, lead)) {
            throw ProblemException.forbidden("managers reassign leads of the teams they manage");
          }
          String note = in.reason() == null ? null : in.reason().trim();
          if (in.queue() != null) {
            return router.rules(p.tenantId()).compose(rules -> {
              if (!rules.fallbackQueue().equals(in.queue())) {
                throw ProblemException.invalidField(
                    "/queue",
                    "unknown",
                    "no queue '" + in.queue() + "' in the routing rules; queues: ["
                        + rules.fallbackQueue() + "]");
              }
              String why = "queued in '" + in.queue() + "' by " + p.userId()
                  + (note == null || note.isEmpty() ? "" : ": " + note);
              return apply(
                  lead,
                  null,
                  lead.routing().teamId(),
                  in.queue(),
                  RoutingDecision.MANUAL_RULE,
                  why,
                  p.userId(),
                  p.role().wire());
            });
          }
          return roster.directory().user(p.tenantId(), in.ownerId()).compose(u -> {
            UserInfo owner = u.filter(RepRoster::routable)
                .orElseThrow(() -> ProblemException.invalidField(
                    "/ownerId",
                    "unknown",
                    "no active rep or manager " + in.ownerId() + " in your tenant"));
            String team = teamFor(p, owner, lead);
            RoutingDecision d = RoutingPolicy.reassign(owner.id(), p.userId(), note, null);
            return apply(
                lead,
                owner.id(),
                team,
                null,
                d.ruleId(),
                d.reason(),
                p.userId(),
                p.role().wire());
          });
        });
  }

  private static void check(AssignInput in) {
    if ((in.ownerId() == null) == (in.queue() == null)) {
      String field = in.ownerId() == null ? "/ownerId" : "/queue";
      throw ProblemException.invalidField(field, "oneOf", "send exactly one of ownerId and queue");
    }
    if (in.reason() != null && in.reason().length() > MAX_REASON) {
      throw ProblemException.invalidField(
          "/reason", "maxLength", "at most " + MAX_REASON + " characters");
    }
  }

  private static boolean managesLead(Principal p, Lead lead) {
    return lead.routing().teamId() != null
            && p.managedTeamIds().contains(lead.routing().teamId())
        || p.userId().equals(lead.routing().ownerId())
        || lead.routing().ownerId() == null && lead.routing().teamId() == null;
  }

  /** Managers assign within their teams; the new owner must be a member of one of them. */
  private static String teamFor(Principal p, UserInfo owner, Lead lead) {
    List<String> allowed = p.is(Role.MANAGER)
        ? owner.teamIds().stream().filter(p.managedTeamIds()::contains).toList()
        : owner.teamIds();
    if (p.is(Role.MANAGER) && allowed.isEmpty()) {
      throw ProblemException.forbidden("managers assign leads to members of the teams they manage; "
          + owner.id() + " is not one");
    }
    if (lead.routing().teamId() != null && allowed.contains(lead.routing().teamId())) {
      return lead.routing().teamId();
    }
    return allowed.isEmpty() ? null : allowed.get(0);
  }

  /** The lead's assignments, oldest first; 404 when the caller cannot see the lead. */
  Future<List<Assignment>> history(Principal p, String leadId) {
    return lookup.visible(p, leadId).compose(s -> log.history(p.tenantId(), leadId, 500));
  }

  /**
   * Moves every lead waiting in a queue that {@code rules} no longer has into its fallback queue, recording each
   * move; answers how many moved.
   */
  Future<Integer> requeue(String tenantId, RoutingRules rules, String by) {
    return log.queuedOutside(tenantId, rules.fallbackQueue(), 1000).compose(queued -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (MongoAssignmentLog.Queued q : queued) {
        chain =
            chain.compose(n -> requeueOne(tenantId, q, rules, by).map(moved -> moved ? n + 1 : n));
      }
      return chain;
    });
  }

  private Future<Boolean> requeueOne(
      String tenantId, MongoAssignmentLog.Queued q, RoutingRules rules, String by) {
    Instant now = clock.instant();
    return log.move(tenantId, q.leadId(), q.queue(), rules.fallbackQueue(), now).compose(moved -> {
      if (!moved) {
        return Future.succeededFuture(false);
      }
      String why = "queue '" + q.queue() + "' is not in routing rules version " + rules.version()
          + "; moved to '" + rules.fallbackQueue() + "'";
      Assignment a = new Assignment(
          UUID.randomUUID().toString(),
          q.leadId(),
          null,
          null,
          rules.fallbackQueue(),
          RoutingDecision.FALLBACK_RULE,
          why,
          now,
          by,
          Assignment.SYSTEM,
          null);
      LOG.info(
          "lead requeued [tenant={}, lead={}, from={}, to={}]",
          tenantId,
          q.leadId(),
          q.queue(),
          rules.fallbackQueue());
      return log.append(tenantId, a).map(true);
    });
  }

  private Future<Assignment> apply(
      Lead lead,
      String ownerId,
      String teamId,
      String queue,
      String ruleId,
      String reason,
      String by,
      String byKind) {
    Instant now = clock.instant();
    Assignment a = new Assignment(
        UUID.randomUUID().toString(),
        lead.id(),
        ownerId,
        teamId,
        queue,
        ruleId,
        reason,
        now,
        by,
        byKind,
        lead.routing().ownerId());
    List<LeadGateway.Event> events = List.of(assignedEvent(lead, a));
    return leads
        .setOwner(lead.tenantId(), lead.id(), ownerId, teamId, events)
        .compose(stored -> log.append(lead.tenantId(), a)
            .compose(v -> queue == null
                ? log.dequeue(lead.tenantId(), lead.id())
                : log.enqueue(lead.tenantId(), lead.id(), queue, now))
            .compose(v -> ownerId == null ? sla.onQueued(stored) : sla.onAssigned(stored)))
        .map(v -> {
          logAssigned(lead, a);
          return a;
        });
  }

  /** The {@code lead.assigned} event stored with the owner change. */
  private static LeadGateway.Event assignedEvent(Lead lead, Assignment a) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("assignmentId", a.id());
    payload.put("ownerId", a.ownerId());
    payload.put("teamId", a.teamId());
    payload.put("queue", a.queue());
    payload.put("previousOwnerId", lead.routing().ownerId());
    payload.put("ruleId", a.ruleId());
    payload.put("reason", a.reason());
    payload.put("by", a.by() == null ? Assignment.SYSTEM : a.by());
    return new LeadGateway.Event(EVENT_ASSIGNED, lead.tenantId(), lead.id(), payload);
  }

  /**
   * Logs leads routed together: each lead at INFO when it is the only one, otherwise one INFO line for the batch (how
   * many went to each owner and queue) and the single lines at DEBUG, so a 100,000-row import does not write 100,000
   * log lines; the assignment log ({@code GET /v1/leads/{id}/assignments}) keeps every decision either way.
   */
  private static void logAssigned(List<Lead> leads, List<Assignment> records) {
    if (leads.size() == 1) {
      logAssigned(leads.get(0), records.get(0));
      return;
    }
    if (leads.isEmpty()) {
      return;
    }
    Map<String, Integer> byTarget = new TreeMap<>();
    for (int i = 0; i < leads.size(); i++) {
      Assignment a = records.get(i);
      byTarget.merge(a.ownerId() != null ? a.ownerId() : "queue:" + a.queue(), 1, Integer::sum);
      if (LOG.isDebugEnabled()) {
        logAssigned(leads.get(i), a, true);
      }
    }
    LOG.info(
        "leads routed together [tenant={}, leads={}, to={}]",
        leads.get(0).tenantId(),
        leads.size(),
        byTarget);
  }

  private static void logAssigned(Lead lead, Assignment a) {
    logAssigned(lead, a, false);
  }

  private static void logAssigned(Lead lead, Assignment a, boolean debug) {
    (debug ? LOG.atDebug() : LOG.atInfo())
        .log(
            "lead assigned [tenant={}, lead={}, owner={}, team={}, queue={}, rule={}, by={}]",
            lead.tenantId(),
            lead.id(),
            a.ownerId(),
            a.teamId(),
            a.queue(),
            a.ruleId(),
            a.by() == null ? Assignment.SYSTEM : a.by());
  }
}
