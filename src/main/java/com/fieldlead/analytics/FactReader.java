package com.fieldlead.analytics;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.activity.model.ActivityType;
import com.fieldlead.assignment.AssignmentModule;
import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Reads the facts of the leads captured in a time window: the leads (through the {@code leads_captured} index), their
 * activities ({@code activities_lead_occurred}, by lead id) and their SLA clocks (by lead id).
 */
final class FactReader {

  /**
   * Lead ids per activity and clock query. Small: the embedded store narrows an {@code $in} through the index, then
   * checks each document found against the whole list, so a query's cost grows with the square of its list (a
   * rebuild of 100,000 leads spent most of its time there with lists of 1,000).
   */
  static final int CHUNK = 100;

  private static final String NOTE = ActivityType.NOTE.wire();

  private final MongoCollection<Document> leads;
  private final MongoCollection<Document> activities;
  private final AssignmentModule assignment;

  FactReader(MongoStore store, AssignmentModule assignment) {
    this.leads = store.collection(LeadFields.LEADS);
    this.activities = store.collection(ActivityModule.ACTIVITY_COLLECTION);
    this.assignment = assignment;
  }

  /** The live leads of {@code tenantId} captured in {@code [from, to)} as facts. */
  Future<List<LeadFact>> facts(String tenantId, Instant from, Instant to) {
    return MongoFutures.list(leads
            .find(Filters.and(
                Filters.eq(LeadFields.TENANT_ID, tenantId),
                Filters.gte(LeadFields.CAPTURED_AT, Date.from(from)),
                Filters.lt(LeadFields.CAPTURED_AT, Date.from(to))))
            .projection(Projections.include(
                LeadFields.ID,
                LeadFields.TEAM_ID,
                LeadFields.OWNER_ID,
                LeadFields.CAPTURED_BY,
                LeadFields.SOURCE,
                LeadFields.CAMPAIGN,
                LeadFields.EVENT_ID,
                LeadFields.CAPTURE_METHOD,
                LeadFields.CAPTURED_AT,
                LeadFields.STATUS,
                LeadFields.STAGE_HISTORY,
                LeadFields.BANT,
                LeadFields.CONVERSION,
                LeadFields.DELETED_AT,
                LeadFields.MERGED_INTO)))
        .compose(docs -> {
          List<Document> live = docs.stream()
              .filter(d ->
                  d.get(LeadFields.DELETED_AT) == null && d.get(LeadFields.MERGED_INTO) == null)
              .toList();
          List<String> ids = live.stream().map(d -> d.getString(LeadFields.ID)).toList();
          return Future.all(touches(tenantId, ids), clocks(tenantId, ids)).map(x -> {
            Map<String, Instant[]> touched = x.resultAt(0);
            Map<String, SlaClock> clocks = x.resultAt(1);
            List<LeadFact> out = new ArrayList<>();
            for (Document d : live) {
              String id = d.getString(LeadFields.ID);
              out.add(fact(d, touched.get(id), clocks.get(id)));
            }
            return out;
          });
        });
  }

  /** First and last touch (activities other than notes) of each of {@code ids} that has one. */
  Future<Map<String, Instant[]>> touches(String tenantId, List<String> ids) {
    List<Future<List<Document>>> parts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      parts.add(MongoFutures.list(activities
          .find(Filters.and(
              Filters.eq(LeadFields.TENANT_ID, tenantId),
              Filters.in(
                  ActivityModule.LEAD_FIELD, ids.subList(i, Math.min(ids.size(), i + CHUNK)))))
          .projection(Projections.include(
              ActivityModule.LEAD_FIELD,
              ActivityModule.ACTIVITY_TYPE_FIELD,
              ActivityModule.ACTIVITY_OCCURRED_AT_FIELD))));
    }
    return Future.all(parts).map(x -> {
      Map<String, Instant[]> out = new HashMap<>();
      for (Future<List<Document>> part : parts) {
        for (Document a : part.result()) {
          if (NOTE.equals(a.getString(ActivityModule.ACTIVITY_TYPE_FIELD))) {
            continue;
          }
          Date at = a.getDate(ActivityModule.ACTIVITY_OCCURRED_AT_FIELD);
          if (at == null) {
            continue;
          }
          Instant t = at.toInstant();
          out.merge(a.getString(ActivityModule.LEAD_FIELD), new Instant[] {t, t}, (p, q) ->
              new Instant[] {p[0].isBefore(q[0]) ? p[0] : q[0], p[1].isAfter(q[1]) ? p[1] : q[1]});
        }
      }
      return out;
    });
  }

  private Future<Map<String, SlaClock>> clocks(String tenantId, List<String> ids) {
    List<Future<Map<String, SlaClock>>> parts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      parts.add(assignment.slaClocks(tenantId, ids.subList(i, Math.min(ids.size(), i + CHUNK))));
    }
    return Future.all(parts).map(x -> {
      Map<String, SlaClock> out = new HashMap<>();
      parts.forEach(p -> out.putAll(p.result()));
      return out;
    });
  }

  static LeadFact fact(Document d, Instant[] touch, SlaClock clock) {
    String status = d.getString(LeadFields.STATUS);
    Set<String> statuses = new LinkedHashSet<>();
    List<Document> history = d.getList(LeadFields.STAGE_HISTORY, Document.class);
    if (history != null) {
      history.forEach(h -> {
        if (h.getString("to") != null) {
          statuses.add(h.getString("to"));
        }
      });
    }
    if (status != null) {
      statuses.add(status);
    }
    List<LeadFact.Stay> stays = stays(history);
    Document bant = d.get(LeadFields.BANT, Document.class);
    Document conversion = d.get(LeadFields.CONVERSION, Document.class);
    boolean qualified = bant != null
        && LeadFact.qualified(
            bant.getString("budget"),
            bant.getString("authority"),
            bant.getString("need"),
            bant.getString("timeline"));
    return new LeadFact(
        d.getString(LeadFields.ID),
        new LeadFact.Dims(
            d.getString(LeadFields.TEAM_ID),
            d.getString(LeadFields.OWNER_ID),
            d.getString(LeadFields.CAPTURED_BY),
            d.getString(LeadFields.SOURCE),
            d.getString(LeadFields.CAMPAIGN),
            d.getString(LeadFields.EVENT_ID),
            d.getString(LeadFields.CAPTURE_METHOD)),
        d.getDate(LeadFields.CAPTURED_AT).toInstant(),
        status,
        statuses,
        qualified,
        conversion != null,
        conversion == null ? null : conversion.getString("currency"),
        conversion == null ? null : decimal(conversion.get("value")),
        bant == null ? null : decimal(bant.get("budgetAmount")),
        touch == null ? null : touch[0],
        touch == null ? null : touch[1],
        clock == null ? null : clock.status(),
        clock == null ? null : clock.dueAt(),
        stays);
  }

  /**
   * The stays a stage history records as ended: each change into a status starts a stay, the next change ends it
   * (a stay's seconds are from one change's time to the next's, 0 when the times run backwards). The stay in the
   * status the lead is in now has not ended and is left out; so is a change without a time.
   */
  static List<LeadFact.Stay> stays(List<Document> history) {
    if (history == null || history.size() < 2) {
      return List.of();
    }
    List<LeadFact.Stay> out = new ArrayList<>(history.size() - 1);
    for (int i = 0; i + 1 < history.size(); i++) {
      String status = history.get(i).getString("to");
      Instant from = instant(history.get(i).get("at"));
      Instant to = instant(history.get(i + 1).get("at"));
      if (status != null && from != null && to != null) {
        out.add(new LeadFact.Stay(status, Math.max(0, Duration.between(from, to).getSeconds())));
      }
    }
    return out;
  }

  /** A stored time: a BSON date (as the lead store writes it), epoch milliseconds or ISO text. */
  static Instant instant(Object v) {
    if (v instanceof Date d) {
      return d.toInstant();
    }
    if (v instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    if (v instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  static BigDecimal decimal(Object v) {
    if (v instanceof Decimal128 d) {
      return d.bigDecimalValue();
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
