package com.fieldlead.assignment;

import com.fieldlead.assignment.model.Assignment;
import com.fieldlead.assignment.model.Availability;
import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.assignment.model.SlaPolicy;
import com.fieldlead.assignment.model.SlaSettings;
import com.fieldlead.assignment.model.WorkingHours;
import com.fieldlead.assignment.store.MongoRoutingSettings;
import com.fieldlead.assignment.store.MongoSlaClocks;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.scoring.Temperature;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speed-to-lead: the tenant's SLA settings, a clock per assigned lead (due time from its temperature, capture time on
 * the device and the owner's working hours), first contact from activities, and the breach check that escalates to the
 * owner's managers ({@code sla.breached}) exactly once per lead, however many instances run it.
 */
public final class SlaService {

  private static final Logger LOG = LoggerFactory.getLogger(SlaService.class);
  static final String EVENT_BREACHED = "sla.breached";
  static final int BREACH_BATCH = 200;

  /** Hooks the breach check needs from assignment (set once at wiring). */
  interface Rerouter {
    Future<Assignment> route(Lead lead, String excludeOwner, String why);
  }

  private final MongoRoutingSettings settings;
  private final MongoSlaClocks clocks;
  private final LeadGateway leads;
  private final UserDirectory directory;
  private final Clock clock;
  private final SlaCompliance compliance;
  private volatile Rerouter rerouter;
  private volatile BiFunction<String, String, Future<String>> locales =
      (tenantId, userId) -> Future.succeededFuture(null);

  SlaService(
      MongoRoutingSettings settings,
      MongoSlaClocks clocks,
      LeadGateway leads,
      UserDirectory directory,
      Clock clock) {
    this.settings = settings;
    this.clocks = clocks;
    this.leads = leads;
    this.directory = directory;
    this.clock = clock;
    this.compliance = new SlaCompliance(clocks, directory, clock);
  }

  void rerouter(Rerouter r) {
    this.rerouter = r;
  }

  /** Where report labels find a reader's language (tenant id, user id): their own, else the tenant's. */
  public void locales(BiFunction<String, String, Future<String>> localeOf) {
    this.locales = Objects.requireNonNull(localeOf, "localeOf");
  }

  Future<SlaSettings> settings(String tenantId) {
    return settings.currentSla(tenantId).map(s -> s.orElseGet(SlaSettings::defaults));
  }

  /** {@link #settings} as read at most a couple of seconds ago (starting one lead's clock after another). */
  private Future<SlaSettings> recentSettings(String tenantId) {
    return settings.recentSla(tenantId).map(s -> s.orElseGet(SlaSettings::defaults));
  }

  Future<SlaSettings.View> save(Principal p, SlaSettings.Input in) {
    return settings(p.tenantId()).compose(current -> {
      SlaSettings next = SlaSettings.from(in, current.version() + 1, clock.instant(), p.userId());
      return settings.insertSla(p.tenantId(), next).map(ok -> {
        if (!ok) {
          throw new ProblemException(
              ErrorCode.CONFLICT, "the SLA policy was changed at the same time; get it again");
        }
        LOG.info(
            "sla policy saved [tenant={}, version={}, by={}]",
            p.tenantId(),
            next.version(),
            p.userId());
        return next.view();
      });
    });
  }

  /** The lead got an owner: start its clock, or move a running one to the new owner's hours. */
  Future<Void> onAssigned(Lead lead) {
    return Future.all(
            recentSettings(lead.tenantId()),
            hours(lead.tenantId(), lead.routing().ownerId()))
        .compose(x -> {
          SlaSettings s = x.resultAt(0);
          WorkingHours hours = x.resultAt(1);
          Instant now = clock.instant();
          SlaClock fresh = clockOf(lead, s.policy(), hours, now);
          // one clock per lead (unique): a refused insert means it runs already and moves to the
          // new owner
          return clocks
              .insert(fresh)
              .compose(inserted -> inserted
                  ? Future.<Void>succeededFuture()
                  : clocks.reassign(
                      lead.tenantId(),
                      lead.id(),
                      lead.routing().ownerId(),
                      lead.routing().teamId(),
                      fresh.dueAt(),
                      now));
        });
  }

  /**
   * {@link #onAssigned} for several leads of one tenant captured together: the clocks in one insert; a lead whose
   * clock runs already takes {@link #onAssigned} (its clock moves to the owner).
   */
  Future<Void> onAssignedAll(List<Lead> leads) {
    if (leads.isEmpty()) {
      return Future.succeededFuture();
    }
    String tenantId = leads.get(0).tenantId();
    List<String> owners =
        leads.stream().map(l -> l.routing().ownerId()).distinct().toList();
    List<Future<WorkingHours>> hours =
        owners.stream().map(o -> hours(tenantId, o)).toList();
    return Future.all(recentSettings(tenantId), Future.join(hours)).compose(x -> {
      SlaSettings s = x.resultAt(0);
      Map<String, WorkingHours> byOwner = new HashMap<>();
      for (int i = 0; i < owners.size(); i++) {
        byOwner.put(owners.get(i), hours.get(i).result());
      }
      Instant now = clock.instant();
      List<SlaClock> fresh = leads.stream()
          .map(l -> clockOf(l, s.policy(), byOwner.get(l.routing().ownerId()), now))
          .toList();
      return clocks
          .insertAll(fresh)
          .compose(refused -> Future.join(
                  refused.stream().map(i -> onAssigned(leads.get(i))).toList())
              .mapEmpty());
    });
  }

  /** The lead waits in a queue: its clock runs on the wall clock from capture (nobody's hours apply). */
  Future<Void> onQueued(Lead lead) {
    return recentSettings(
            lead.tenantId()) // an existing clock is left as it is: the insert is refused
        .compose(
            s -> clocks.insert(clockOf(lead, s.policy(), null, clock.instant())).mapEmpty());
  }

  /** {@link #onQueued} for several leads of one tenant, in one insert. */
  Future<Void> onQueuedAll(List<Lead> leads) {
    if (leads.isEmpty()) {
      return Future.succeededFuture();
    }
    return recentSettings(leads.get(0).tenantId()).compose(s -> {
      Instant now = clock.instant();
      return clocks
          .insertAll(leads.stream().map(l -> clockOf(l, s.policy(), null, now)).toList())
          .mapEmpty();
    });
  }

  /**
   * Clocks for leads stored without the change listeners (the demo seed), as their history says it went: a lead that
   * left its first status was first contacted a while after its capture (5 minutes to 36 hours, fixed per lead), one
   * still new never was. A clock past due is stored breached already, as history, not as a breach for the job to
   * escalate now. Leads with a clock keep it.
   */
  Future<Void> seedHistory(List<Lead> leads) {
    if (leads.isEmpty()) {
      return Future.succeededFuture();
    }
    return settings(leads.get(0).tenantId()).compose(s -> {
      Instant now = clock.instant();
      List<SlaClock> history = new ArrayList<>();
      for (Lead l : leads) {
        Instant captured = l.capture().deviceCapturedAt() != null
            ? l.capture().deviceCapturedAt()
            : l.capture().capturedAt();
        boolean contacted = l.qualification().stageHistory() != null
            && l.qualification().stageHistory().size() > 1;
        Instant contact = contacted
            ? min(
                captured.plus(Duration.ofMinutes(5 + Math.floorMod(l.id().hashCode(), 36 * 60))),
                now)
            : null;
        SlaPolicy.Evaluation e = s.policy()
            .evaluate(temperature(l.scoring().temperature()), captured, null, contact, now);
        if (e.status() == SlaPolicy.Status.NONE) {
          continue;
        }
        String status = e.status() == SlaPolicy.Status.MET
            ? SlaClock.MET
            : e.status() == SlaPolicy.Status.BREACHED ? SlaClock.BREACHED : SlaClock.PENDING;
        Instant breachedAt =
            SlaClock.BREACHED.equals(status) ? (contact != null ? contact : e.dueAt()) : null;
        history.add(new SlaClock(
            l.tenantId(),
            l.id(),
            l.routing().ownerId(),
            l.routing().teamId(),
            l.capture().eventId(),
            l.capture().source(),
            temperature(l.scoring().temperature()).wire(),
            e.ruleId(),
            captured,
            e.dueAt(),
            status,
            contact,
            breachedAt,
            captured));
      }
      return clocks.insertAll(history).mapEmpty();
    });
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** The lead's temperature changed (scoring): a pending clock's due time follows the rule for the new one. */
  Future<Void> onTemperature(Lead lead) {
    return clocks.find(lead.tenantId(), lead.id()).compose(existing -> {
      if (existing.isEmpty() || !SlaClock.PENDING.equals(existing.get().status())) {
        return Future.succeededFuture();
      }
      return Future.all(
              recentSettings(lead.tenantId()),
              hours(lead.tenantId(), lead.routing().ownerId()))
          .compose(x -> {
            SlaClock fresh =
                clockOf(lead, x.<SlaSettings>resultAt(0).policy(), x.resultAt(1), clock.instant());
            return clocks.reassign(
                lead.tenantId(),
                lead.id(),
                lead.routing().ownerId(),
                lead.routing().teamId(),
                fresh.dueAt(),
                existing.get().assignedAt());
          });
    });
  }

  /**
   * {@link #onTemperature} for several leads (a push's edits rescored together): their clocks in one read, the moved
   * due times in one bulk write.
   */
  Future<Void> onTemperatureAll(List<Lead> leads) {
    if (leads.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, List<Lead>> byTenant = new LinkedHashMap<>();
    leads.forEach(
        l -> byTenant.computeIfAbsent(l.tenantId(), t -> new ArrayList<>()).add(l));
    List<Future<Void>> tenants = new ArrayList<>();
    byTenant.forEach((tenantId, mine) -> tenants.add(clocks
        .findAll(tenantId, mine.stream().map(Lead::id).toList())
        .compose(found -> {
          List<Lead> pending = mine.stream()
              .filter(l -> found.get(l.id()) != null
                  && SlaClock.PENDING.equals(found.get(l.id()).status()))
              .toList();
          if (pending.isEmpty()) {
            return Future.succeededFuture();
          }
          List<String> owners = pending.stream()
              .map(l -> l.routing().ownerId())
              .filter(Objects::nonNull)
              .distinct()
              .toList();
          List<Future<WorkingHours>> hours =
              owners.stream().map(o -> hours(tenantId, o)).toList();
          return Future.all(recentSettings(tenantId), Future.join(hours)).compose(x -> {
            SlaSettings s = x.resultAt(0);
            Map<String, WorkingHours> byOwner = new HashMap<>();
            for (int i = 0; i < owners.size(); i++) {
              byOwner.put(owners.get(i), hours.get(i).result());
            }
            Instant now = clock.instant();
            List<MongoSlaClocks.Retime> retimed = new ArrayList<>();
            for (Lead l : pending) {
              SlaClock fresh = clockOf(
                  l,
                  s.policy(),
                  l.routing().ownerId() == null ? null : byOwner.get(l.routing().ownerId()),
                  now);
              if (fresh.dueAt() != null) {
                retimed.add(new MongoSlaClocks.Retime(
                    tenantId, l.id(), l.routing().ownerId(), l.routing().teamId(), fresh.dueAt()));
              }
            }
            return clocks.retimeAll(retimed);
          });
        })));
    return Future.all(tenants).mapEmpty();
  }

  /** An activity was recorded: a call, meeting or e-mail (as configured) is the first contact if none is earlier. */
  Future<Void> onActivity(String tenantId, String leadId, String type, Instant occurredAt) {
    return recentSettings(tenantId).compose(s -> {
      if (type == null || !s.policy().contactTypes().contains(type.toLowerCase(Locale.ROOT))) {
        return Future.succeededFuture();
      }
      return clocks
          .find(tenantId, leadId)
          .compose(c ->
              c.isEmpty() ? Future.succeededFuture(false) : clocks.contact(c.get(), occurredAt))
          .map(changed -> {
            if (changed) {
              LOG.info(
                  "sla first contact [tenant={}, lead={}, at={}]", tenantId, leadId, occurredAt);
            }
            return null;
          });
    });
  }

  /**
   * Finds clocks past due without contact and handles each breach once: claims it with a conditional update, stores
   * {@code sla.breached} naming the owner's managers, and reroutes when the tenant's policy says so. Answers how many
   * breaches this call handled.
   */
  public Future<Integer> checkBreaches() {
    Instant now = clock.instant();
    return clocks.overdue(now, BREACH_BATCH).compose(due -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (SlaClock c : due) {
        chain = chain.compose(n -> clocks
            .claimBreach(c, now)
            .compose(won -> won
                ? breach(c, now).map(n + 1).recover(e -> {
                  LOG.error(
                      "sla breach handling failed [tenant={}, lead={}]",
                      c.tenantId(),
                      c.leadId(),
                      e);
                  return Future.succeededFuture(n + 1);
                })
                : Future.succeededFuture(n)));
      }
      return chain;
    });
  }

  private Future<Void> breach(SlaClock c, Instant now) {
    return managersOf(c).compose(managers -> {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("eventKey", c.leadId() + ":" + c.dueAt());
      payload.put("ownerId", c.ownerId());
      payload.put("teamId", c.teamId());
      payload.put("managerIds", managers);
      payload.put("ruleId", c.ruleId());
      payload.put("startAt", c.startAt().toString());
      payload.put("dueAt", c.dueAt().toString());
      payload.put("breachedAt", now.toString());
      LOG.warn(
          "sla breached [tenant={}, lead={}, owner={}, due={}, managers={}]",
          c.tenantId(),
          c.leadId(),
          c.ownerId(),
          c.dueAt(),
          managers);
      return leads
          .publish(new LeadGateway.Event(EVENT_BREACHED, c.tenantId(), c.leadId(), payload))
          .compose(v -> settings(c.tenantId()))
          .compose(s ->
              s.reassignOnBreach() && rerouter != null ? reroute(c) : Future.succeededFuture());
    });
  }

  private Future<Void> reroute(SlaClock c) {
    return leads
        .find(c.tenantId(), c.leadId())
        .compose(l -> l.isEmpty() || l.get().deleted()
            ? Future.succeededFuture()
            : rerouter
                .route(l.get(), c.ownerId(), "SLA " + c.ruleId() + " breached by " + c.ownerId())
                .mapEmpty());
  }

  private Future<List<String>> managersOf(SlaClock c) {
    if (c.ownerId() == null
        && c.teamId() == null) { // the unassigned queue: every manager of the tenant sees it
      return directory
          .usersWithRole(c.tenantId(), Role.MANAGER)
          .map(all -> all.stream().filter(u -> !u.disabled()).map(UserInfo::id).toList());
    }
    Future<List<String>> teams = c.ownerId() == null
        ? Future.succeededFuture(c.teamId() == null ? List.of() : List.of(c.teamId()))
        : directory.user(c.tenantId(), c.ownerId()).map(u -> {
          Set<String> all = new LinkedHashSet<>(u.map(UserInfo::teamIds).orElse(List.of()));
          if (c.teamId() != null) {
            all.add(c.teamId());
          }
          return List.copyOf(all);
        });
    return teams.compose(ids -> {
      List<Future<List<UserInfo>>> found =
          ids.stream().map(t -> directory.teamManagers(c.tenantId(), t)).toList();
      return Future.all(found).map(x -> {
        Set<String> out = new LinkedHashSet<>();
        found.forEach(f -> f.result().forEach(u -> out.add(u.id())));
        out.remove(c.ownerId());
        return List.copyOf(out);
      });
    });
  }

  Future<SlaCompliance.Report> compliance(Principal p, String groupBy, Instant from, Instant to) {
    if (!p.is(Role.ADMIN) && !p.is(Role.MANAGER)) {
      return Future.failedFuture(
          ProblemException.forbidden("managers and admins read SLA compliance"));
    }
    return compliance.report(p, groupBy, from, to).compose(r -> labelled(p, r));
  }

  /**
   * {@code r} with a label on each group in the reader's language: the rep's, team's or event's name (the id when it
   * has none), a lead source's name, or what a group without a value means ("No owner").
   */
  private Future<SlaCompliance.Report> labelled(Principal p, SlaCompliance.Report r) {
    String tenantId = p.tenantId();
    List<String> keys = r.groups().stream()
        .map(SlaCompliance.Group::key)
        .filter(k -> !SlaCompliance.NONE_KEY.equals(k))
        .toList();
    Future<Map<String, String>> names =
        switch (r.groupBy()) {
          case "rep" ->
            directory.users(tenantId, keys).map(users -> {
              Map<String, String> out = new HashMap<>();
              users.forEach(u -> out.put(u.id(), u.name() != null ? u.name() : u.email()));
              return out;
            });
          case "team" -> directory.teamNames(tenantId, keys);
          case "event" -> {
            List<Future<Optional<TradeShowEvent>>> found =
                keys.stream().map(k -> leads.event(tenantId, k)).toList();
            yield Future.all(found).map(x -> {
              Map<String, String> out = new HashMap<>();
              found.forEach(f -> f.result().ifPresent(e -> out.put(e.id(), e.name())));
              return out;
            });
          }
          default -> Future.succeededFuture(Map.of());
        };
    Future<String> locale = locales.apply(tenantId, p.userId());
    return Future.all(names, locale)
        .map(x -> new SlaCompliance.Report(
            r.groupBy(),
            r.from(),
            r.to(),
            r.asOf(),
            r.groups().stream()
                .map(g -> g.labelled(label(r.groupBy(), g.key(), names.result(), locale.result())))
                .toList()));
  }

  private static String label(
      String groupBy, String key, Map<String, String> names, String locale) {
    String fixed = SlaCompliance.NONE_KEY.equals(key)
        ? ReportLabels.label(locale, "none." + groupBy)
        : "source".equals(groupBy) ? ReportLabels.label(locale, "source." + key) : names.get(key);
    return fixed != null ? fixed : key;
  }

  private Future<WorkingHours> hours(String tenantId, String ownerId) {
    if (ownerId == null) {
      return Future.succeededFuture(null);
    }
    return settings
        .recentAvailability(tenantId, ownerId)
        .map(a -> a.map(Availability::hours).orElse(null));
  }

  /** The clock of {@code lead} under {@code policy}; time runs from the device's capture time when known. */
  static SlaClock clockOf(Lead lead, SlaPolicy policy, WorkingHours ownerHours, Instant now) {
    Instant captured = lead.capture().deviceCapturedAt() != null
        ? lead.capture().deviceCapturedAt()
        : lead.capture().capturedAt();
    Temperature t = temperature(lead.scoring().temperature());
    SlaPolicy.Evaluation e = policy.evaluate(t, captured, ownerHours, null, now);
    Instant start = captured == null || captured.isAfter(now) ? now : captured;
    String status = e.status() == SlaPolicy.Status.NONE ? SlaClock.NONE : SlaClock.PENDING;
    return new SlaClock(
        lead.tenantId(),
        lead.id(),
        lead.routing().ownerId(),
        lead.routing().teamId(),
        lead.capture().eventId(),
        lead.capture().source(),
        t.wire(),
        e.ruleId(),
        start,
        e.dueAt(),
        status,
        null,
        null,
        now);
  }

  private static Temperature temperature(String wire) {
    try {
      return wire == null ? Temperature.COLD : Temperature.of(wire);
    } catch (IllegalArgumentException e) {
      return Temperature.COLD;
    }
  }
}
