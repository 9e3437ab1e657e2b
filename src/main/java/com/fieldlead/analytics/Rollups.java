package com.fieldlead.analytics;

import com.fieldlead.analytics.AnalyticsReports.Rebuilt;
import com.fieldlead.analytics.AnalyticsReports.Settings;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.store.LeadCatalogRepository;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daily rollups current: a lead write or an activity marks the lead's capture day (tenant's zone) to be
 * computed again; the refresh job, and each report for the days it reads, computes marked days again from their leads.
 * Computing a day replaces its document, so it is idempotent, and a rebuild is every day computed again.
 */
final class Rollups {

  private static final Logger LOG = LoggerFactory.getLogger(Rollups.class);

  /** Settings of a tenant nobody configured. */
  static final Settings DEFAULTS = new Settings("UTC", "monday", null, null);

  /** Leads read per page of a rebuild's walk over capture times. */
  static final int REBUILD_PAGE = 5_000;

  /** Days a rebuild computes at once. */
  static final int REBUILD_LANES = 4;

  /** A day computed faster than this is not rested (see {@link #rest}). */
  static final Duration REST_FROM = Duration.ofMillis(200);

  /** A rested day waits this many times as long as its compute took. */
  static final int REST_FACTOR = 30;

  /** The longest a rested day waits. */
  static final Duration REST_AT_MOST = Duration.ofMinutes(10);

  private final MongoRollups store;
  private final FactReader facts;
  private final LeadCatalogRepository catalog;
  private final MongoCollection<Document> leads;
  private final Clock clock;

  /** Days the refresh job leaves alone until the instant (this instance's job; the job is leased). */
  private final Map<String, Instant> resting = new ConcurrentHashMap<>();

  Rollups(
      MongoRollups store,
      FactReader facts,
      LeadCatalogRepository catalog,
      MongoStore mongo,
      Clock clock) {
    this.store = store;
    this.facts = facts;
    this.catalog = catalog;
    this.leads = mongo.collection(LeadFields.LEADS);
    this.clock = clock;
  }

  MongoRollups store() {
    return store;
  }

  /** The tenant's settings, or the defaults (UTC, weeks from Monday). */
  Future<Settings> settings(String tenantId) {
    return store.settings(tenantId).map(o -> o.orElse(DEFAULTS));
  }

  static ZoneId zone(Settings s) {
    return ZoneId.of(s.timeZone());
  }

  static DayOfWeek weekStart(Settings s) {
    return DayOfWeek.valueOf(s.weekStartsOn().toUpperCase(Locale.ROOT));
  }

  /** Marks the capture days (before and after) of written leads. */
  LeadChangeListener leadListener() {
    return (changes, actor, inFlight) -> {
      Map<String, List<Instant>> byTenant = new HashMap<>();
      for (LeadChangeListener.Change c : changes) {
        for (Lead l : new Lead[] {c.before(), c.after()}) {
          if (l != null && l.capture().capturedAt() != null) {
            byTenant
                .computeIfAbsent(l.tenantId(), k -> new ArrayList<>())
                .add(l.capture().capturedAt());
          }
        }
      }
      List<Future<Void>> marks = new ArrayList<>();
      byTenant.forEach((tenant, times) -> marks.add(mark(tenant, times)));
      return Future.all(marks).mapEmpty();
    };
  }

  /** Marks the days (tenant's zone) of {@code times}. */
  Future<Void> mark(String tenantId, List<Instant> times) {
    return settings(tenantId).compose(s -> {
      ZoneId zone = zone(s);
      Set<LocalDate> days = new TreeSet<>();
      times.forEach(t -> days.add(t.atZone(zone).toLocalDate()));
      return store.markDirty(tenantId, days, clock.instant());
    });
  }

  /**
   * Marks every capture day of a tenant's leads (found as a rebuild finds them, through {@code leads_captured}) to be
   * computed again; answers how many days.
   */
  Future<Integer> markEveryCaptureDay(String tenantId) {
    return settings(tenantId)
        .compose(s -> days(tenantId, zone(s), null, new TreeSet<>())
            .compose(days -> store.markDirty(tenantId, days, clock.instant()).map(days.size())));
  }

  /** Computes one day of a tenant again from its leads and replaces its rollup. */
  Future<Integer> computeDay(String tenantId, LocalDate day, Settings s, LeadSettings statuses) {
    ZoneId zone = zone(s);
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    return facts
        .facts(tenantId, start, end)
        .compose(list -> store
            .saveDay(
                tenantId,
                day,
                s.timeZone(),
                DayRollup.cells(day, list, statuses, zone),
                clock.instant())
            .map(list.size()));
  }

  /** Computes the marked days of a tenant in {@code [from, to]} again; answers how many. */
  Future<Integer> refresh(String tenantId, LocalDate from, LocalDate to) {
    return store.dirtyIn(tenantId, from, to).compose(this::computeMarked);
  }

  /** One run of the refresh job: the oldest marks across tenants, except days resting after a long compute. */
  Future<Integer> refreshOldest(int limit) {
    Instant now = clock.instant();
    resting.values().removeIf(until -> !until.isAfter(now));
    return store.oldestDirty(now, limit + resting.size()).compose(marks -> {
      List<MongoRollups.Dirty> due = marks.stream()
          .filter(d -> !resting.containsKey(restKey(d)))
          .limit(limit)
          .toList();
      return computeMarked(due, true);
    });
  }

  /**
   * How long the refresh job leaves a day alone after computing it, given how long that took: nothing below {@link
   * #REST_FROM}, else {@link #REST_FACTOR} times the compute, at most {@link #REST_AT_MOST}. A trade show's day is
   * written all day long, so it stays marked; computed again every 5 s from its 10,000 leads, it would hold a core
   * away from the captures. Resting bounds the job to about a thirtieth of one core; no report answers from a stale day,
   * since a report that reads a marked day computes it first, so the rest only delays the job's own head start, by
   * at most {@link #REST_AT_MOST}.
   */
  static Duration rest(Duration took) {
    if (took.compareTo(REST_FROM) < 0) {
      return Duration.ZERO;
    }
    Duration r = took.multipliedBy(REST_FACTOR);
    return r.compareTo(REST_AT_MOST) > 0 ? REST_AT_MOST : r;
  }

  private static String restKey(MongoRollups.Dirty d) {
    return d.tenantId() + "|" + d.day();
  }

  private Future<Integer> computeMarked(List<MongoRollups.Dirty> marks) {
    return computeMarked(marks, false);
  }

  private Future<Integer> computeMarked(List<MongoRollups.Dirty> marks, boolean rests) {
    if (marks.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Future<Integer> chain = Future.succeededFuture(0);
    for (MongoRollups.Dirty d : marks) {
      chain = chain.compose(n -> {
        long started = System.nanoTime();
        return Future.all(settings(d.tenantId()), catalog.settings(d.tenantId()))
            .compose(x -> computeDay(d.tenantId(), d.day(), x.resultAt(0), x.resultAt(1)))
            .compose(leadsOfDay -> store.clear(d))
            .map(v -> {
              Duration rest = rest(Duration.ofNanos(System.nanoTime() - started));
              if (rests && !rest.isZero()) {
                resting.put(restKey(d), clock.instant().plus(rest));
              }
              return n + 1;
            });
      });
    }
    return chain;
  }

  /**
   * Every day of a tenant computed again: its rollups removed, then each day that has a capture computed from its
   * leads (days found by walking the tenant's capture times through the {@code leads_captured} index).
   */
  Future<Rebuilt> rebuild(String tenantId) {
    long started = System.nanoTime();
    return Future.all(settings(tenantId), catalog.settings(tenantId)).compose(x -> {
      Settings s = x.resultAt(0);
      LeadSettings statuses = x.resultAt(1);
      ZoneId zone = zone(s);
      return days(tenantId, zone, null, new TreeSet<>())
          .compose(days -> store.deleteDays(tenantId).map(days))
          .compose(days -> {
            // a few days in flight at once: one day's reads wait on the store while another's are
            // counted
            List<LocalDate> all = new ArrayList<>(days);
            int[] acc = new int[2];
            List<Future<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < REBUILD_LANES; lane++) {
              Future<Void> chain = Future.succeededFuture();
              for (int i = lane; i < all.size(); i += REBUILD_LANES) {
                LocalDate d = all.get(i);
                chain = chain.compose(v -> computeDay(tenantId, d, s, statuses).map(n -> {
                  acc[0]++;
                  acc[1] += n;
                  return null;
                }));
              }
              lanes.add(chain);
            }
            return Future.all(lanes).map(acc);
          })
          .map(acc -> {
            long ms = (System.nanoTime() - started) / 1_000_000;
            LOG.info(
                "analytics rebuilt [tenant={}, days={}, leads={}, ms={}]",
                tenantId,
                acc[0],
                acc[1],
                ms);
            return new Rebuilt(acc[0], acc[1], ms);
          });
    });
  }

  /**
   * The capture days of a tenant's leads, walking capture times downward (the order of {@code leads_captured}) a page
   * at a time; each next page starts below the first instant of the earliest day seen, so a day is read once however
   * many leads it has beyond a page.
   */
  private Future<TreeSet<LocalDate>> days(
      String tenantId, ZoneId zone, Instant before, TreeSet<LocalDate> into) {
    Bson filter = before == null
        ? Filters.and(
            Filters.eq(LeadFields.TENANT_ID, tenantId),
            Filters.gte(LeadFields.CAPTURED_AT, new Date(0)))
        : Filters.and(
            Filters.eq(LeadFields.TENANT_ID, tenantId),
            Filters.gte(LeadFields.CAPTURED_AT, new Date(0)),
            Filters.lt(LeadFields.CAPTURED_AT, Date.from(before)));
    return MongoFutures.list(leads
            .find(filter)
            .projection(Projections.include(LeadFields.CAPTURED_AT))
            .sort(Sorts.descending(LeadFields.CAPTURED_AT, LeadFields.ID))
            .limit(REBUILD_PAGE))
        .compose(docs -> {
          Instant last = null;
          for (Document d : docs) {
            last = d.getDate(LeadFields.CAPTURED_AT).toInstant();
            into.add(last.atZone(zone).toLocalDate());
          }
          if (docs.size() < REBUILD_PAGE || last == null) {
            return Future.succeededFuture(into);
          }
          LocalDate earliest = last.atZone(zone).toLocalDate();
          return days(tenantId, zone, earliest.atStartOfDay(zone).toInstant(), into);
        });
  }
}
