package com.fieldlead.analytics;

import com.fieldlead.analytics.AnalyticsReports.EventCost;
import com.fieldlead.analytics.AnalyticsReports.EventCostInput;
import com.fieldlead.analytics.AnalyticsReports.Rebuilt;
import com.fieldlead.analytics.AnalyticsReports.Settings;
import com.fieldlead.analytics.AnalyticsReports.SettingsInput;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.TradeShowEvent;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The analytics reports for managers and admins: reads the rollups of the asked days (computing marked days again
 * first), keeps the cells of the leads the caller sees and that pass the filters, names the groups and builds the
 * report. Settings, event costs and rebuilds for admins.
 */
public final class AnalyticsService {

  /** The longest range a report covers, in days. */
  static final int MAX_DAYS = 400;
  /** The range when none is given: the 90 days ending today. */
  static final int DEFAULT_DAYS = 90;
  /** Events read for names and dates. */
  static final int MAX_EVENTS = 1_000;

  /** The query's days and filters (each filter null when absent). */
  record Query(String from, String to, Map<String, String> filters) {
    Query {
      filters = filters == null ? Map.of() : Map.copyOf(filters);
    }
  }

  /** What a report is computed from: the frame, the caller's visible and filtered cells, the tenant's statuses. */
  record Input(Reports.Frame frame, List<Cell> cells, LeadSettings statuses) {}

  private final Rollups rollups;
  private final LeadModule leads;
  private final UserDirectory directory;
  private final Clock clock;

  AnalyticsService(Rollups rollups, LeadModule leads, UserDirectory directory, Clock clock) {
    this.rollups = rollups;
    this.leads = leads;
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * The caller's cells of the query's days: the range checked (400 days at most, {@code from} not after {@code to}),
   * marked days computed again, the cells of leads the caller does not see or that fail a filter left out.
   *
   * @param allDays every day of the tenant (ageing), ignoring the range
   */
  Future<Input> input(Principal p, Query q, boolean allDays, String groupDimension) {
    Objects.requireNonNull(p, "principal");
    if (!p.is(Role.ADMIN) && !p.is(Role.MANAGER)) {
      throw ProblemException.forbidden("analytics are for managers and admins");
    }
    return rollups.settings(p.tenantId()).compose(s -> {
      ZoneId zone = Rollups.zone(s);
      Instant now = clock.instant();
      LocalDate[] range = range(q, now.atZone(zone).toLocalDate());
      Future<Integer> fresh = allDays
          ? rollups.refresh(p.tenantId(), LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31))
          : rollups.refresh(p.tenantId(), range[0], range[1]);
      return fresh
          .compose(n -> Future.all(
              allDays
                  ? rollups.store().cells(p.tenantId(), null, null)
                  : rollups.store().cells(p.tenantId(), range[0], range[1]),
              leads.visibility(p),
              leads.catalogRepository().settings(p.tenantId())))
          .compose(x -> {
            List<Cell> all = x.resultAt(0);
            Visibility v = x.resultAt(1);
            List<Cell> cells = visible(p.tenantId(), v, all, q.filters());
            return labels(p.tenantId(), groupDimension, cells)
                .map(labels -> new Input(
                    new Reports.Frame(range[0], range[1], zone, Rollups.weekStart(s), now, labels),
                    cells,
                    x.resultAt(2)));
          });
    });
  }

  static LocalDate[] range(Query q, LocalDate today) {
    LocalDate to = q.to() == null ? today : date("to", q.to());
    LocalDate from = q.from() == null ? to.minusDays(DEFAULT_DAYS - 1) : date("from", q.from());
    if (from.isAfter(to)) {
      throw ProblemException.invalidField("query.to", "range", "to must not be before from");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw ProblemException.invalidField(
          "query.from", "range", "a report covers at most " + MAX_DAYS + " days");
    }
    return new LocalDate[] {from, to};
  }

  private static LocalDate date(String name, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(
          "query." + name, "format", name + " is a date such as 2026-11-30");
    }
  }

  private static boolean passes(Cell c, Map<String, String> filters) {
    for (Map.Entry<String, String> f : filters.entrySet()) {
      if (f.getValue() != null && !f.getValue().equals(c.dims().get(f.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The cells that pass the filters and whose leads the caller sees. The rule is the lead list's, asked once per
   * distinct team, owner, capturer and event (a day has a cell per distinct set of dimensions, far more cells than
   * such sets); an admin sees every cell.
   */
  static List<Cell> visible(
      String tenantId, Visibility v, List<Cell> all, Map<String, String> filters) {
    List<Cell> out = new ArrayList<>(all.size());
    Map<List<String>, Boolean> seen = new HashMap<>();
    for (Cell c : all) {
      if (!filters.isEmpty() && !passes(c, filters)) {
        continue;
      }
      LeadFact.Dims d = c.dims();
      boolean sees = v.all()
          || seen.computeIfAbsent(
              Arrays.asList(d.teamId(), d.ownerId(), d.capturedBy(), d.eventId()),
              k -> v.sees(asLead(tenantId, c)));
      if (sees) {
        out.add(c);
      }
    }
    return out;
  }

  /** The cell's dimensions as a lead, for the lead list's visibility rule. */
  private static Lead asLead(String tenantId, Cell c) {
    return Lead.builder()
        .tenantId(tenantId)
        .teamId(c.dims().teamId())
        .ownerId(c.dims().ownerId())
        .capturedBy(c.dims().capturedBy())
        .eventId(c.dims().eventId())
        .build();
  }

  /** Names of the groups' keys when they are ids (reps, teams, events). */
  private Future<Reports.Labels> labels(String tenantId, String dimension, List<Cell> cells) {
    if (dimension == null || !Set.of("owner", "team", "event").contains(dimension)) {
      return Future.succeededFuture((d, k) -> null);
    }
    Set<String> keys = new LinkedHashSet<>();
    cells.forEach(c -> {
      String k = c.dims().get(dimension);
      if (k != null) {
        keys.add(k);
      }
    });
    Future<Map<String, String>> names =
        switch (dimension) {
          case "owner" ->
            directory.users(tenantId, keys).map(users -> {
              Map<String, String> out = new HashMap<>();
              users.forEach(u -> out.put(u.id(), u.name() != null ? u.name() : u.email()));
              return out;
            });
          case "team" -> directory.teamNames(tenantId, keys);
          default ->
            events(tenantId).map(list -> {
              Map<String, String> out = new HashMap<>();
              list.forEach(e -> out.put(e.id(), e.name()));
              return out;
            });
        };
    return names.map(m -> (d, k) -> dimension.equals(d) ? m.get(k) : null);
  }

  Future<List<TradeShowEvent>> events(String tenantId) {
    return leads.catalogRepository().events(tenantId, MAX_EVENTS);
  }

  Future<Map<String, EventCost>> costs(String tenantId) {
    return rollups.store().costs(tenantId);
  }

  /** The tenant's settings (the defaults until an admin sets them). */
  Future<Settings> settings(Principal p) {
    return rollups.settings(p.tenantId());
  }

  /** Sets the tenant's zone and first day of the week, then rebuilds its rollups in them. */
  Future<Settings> saveSettings(Principal p, SettingsInput in) {
    String zone = in.timeZone() == null ? "" : in.timeZone().trim();
    try {
      if (!ZoneId.getAvailableZoneIds().contains(zone)) {
        throw new DateTimeException(zone);
      }
    } catch (DateTimeException e) {
      throw ProblemException.invalidField(
          "/timeZone", "format", "'" + zone + "' is not an IANA time zone such as Europe/Berlin");
    }
    String week = in.weekStartsOn() == null ? "monday" : in.weekStartsOn().toLowerCase(Locale.ROOT);
    Settings s = new Settings(zone, week, clock.instant(), p.userId());
    return rollups
        .store()
        .saveSettings(p.tenantId(), s)
        .compose(v -> rollups.rebuild(p.tenantId()))
        .map(r -> s);
  }

  /** Sets what an event cost (the event must be the tenant's). */
  Future<EventCost> saveCost(Principal p, String eventId, EventCostInput in) {
    if (in.amount() == null || in.amount().compareTo(BigDecimal.ZERO) < 0) {
      throw ProblemException.invalidField("/amount", "minimum", "amount is 0 or more");
    }
    return knownEvent(p, eventId).compose(e -> {
      EventCost c = new EventCost(eventId, in.amount(), in.currency(), clock.instant(), p.userId());
      return rollups.store().saveCost(p.tenantId(), c).map(c);
    });
  }

  Future<Void> deleteCost(Principal p, String eventId) {
    return knownEvent(p, eventId).compose(e -> rollups.store().deleteCost(p.tenantId(), eventId));
  }

  private Future<TradeShowEvent> knownEvent(Principal p, String eventId) {
    return leads
        .event(p.tenantId(), eventId)
        .map(o -> o.orElseThrow(() -> ProblemException.notFound("event")));
  }

  /** Rebuilds the caller's tenant's rollups. */
  Future<Rebuilt> rebuild(Principal p) {
    return rollups.rebuild(p.tenantId());
  }

  /** Rebuilds one tenant's rollups (the command line's rebuild); answers what it did, in words. */
  public Future<String> rebuildSummary(String tenantId) {
    return rollups
        .rebuild(tenantId)
        .map(r -> "analytics of tenant " + tenantId + " rebuilt: " + r.days() + " days, "
            + r.leads() + " leads in " + r.tookMs() + " ms");
  }
}
