package com.fieldlead.analytics;

import com.fieldlead.analytics.AnalyticsReports.HotItem;
import com.fieldlead.analytics.AnalyticsReports.HotUntouched;
import com.fieldlead.assignment.AssignmentModule;
import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.LeadStatus;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Hot open leads nobody has touched (no activity other than a note), read live: the tenant's most recently created
 * hot leads ({@code leads_temperature_created} index, at most {@link #CANDIDATES}), those the caller sees, without a
 * touch, longest waiting first.
 */
final class HotLeads {

  /** Hot leads looked at, newest first: older untouched hot leads beyond them are not listed. */
  static final int CANDIDATES = 1_000;

  static final String HOT = "hot";

  private final MongoCollection<Document> leads;
  private final FactReader facts;
  private final LeadModule leadModule;
  private final AssignmentModule assignment;
  private final UserDirectory directory;
  private final Clock clock;

  HotLeads(
      MongoStore store,
      FactReader facts,
      LeadModule leadModule,
      AssignmentModule assignment,
      UserDirectory directory,
      Clock clock) {
    this.leads = store.collection(LeadFields.LEADS);
    this.facts = facts;
    this.leadModule = leadModule;
    this.assignment = assignment;
    this.directory = directory;
    this.clock = clock;
  }

  Future<HotUntouched> untouched(Principal p, Map<String, String> filters, int limit) {
    String tenantId = p.tenantId();
    Future<List<Document>> found = MongoFutures.list(leads
        .find(Filters.and(
            Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.eq(LeadFields.TEMPERATURE, HOT)))
        .sort(Sorts.descending(LeadFields.CREATED_AT, LeadFields.ID))
        .limit(CANDIDATES)
        .projection(Projections.include(
            LeadFields.ID,
            LeadFields.FIRST_NAME,
            LeadFields.LAST_NAME,
            LeadFields.COMPANY,
            LeadFields.SCORE,
            LeadFields.STATUS,
            LeadFields.OWNER_ID,
            LeadFields.TEAM_ID,
            LeadFields.CAPTURED_BY,
            LeadFields.EVENT_ID,
            LeadFields.SOURCE,
            LeadFields.CAMPAIGN,
            LeadFields.CAPTURE_METHOD,
            LeadFields.CAPTURED_AT,
            LeadFields.DELETED_AT,
            LeadFields.MERGED_INTO)));
    return Future.all(
            found, leadModule.visibility(p), leadModule.catalogRepository().settings(tenantId))
        .compose(x -> {
          Visibility v = x.resultAt(1);
          LeadSettings statuses = x.resultAt(2);
          List<Document> candidates = found.result().stream()
              .filter(d -> d.get(LeadFields.DELETED_AT) == null
                  && d.get(LeadFields.MERGED_INTO) == null
                  && d.getDate(LeadFields.CAPTURED_AT) != null
                  && statuses
                      .status(d.getString(LeadFields.STATUS))
                      .map(LeadStatus::open)
                      .orElse(false)
                  && passes(d, filters)
                  && v.sees(asLead(tenantId, d)))
              .toList();
          List<String> ids =
              candidates.stream().map(d -> d.getString(LeadFields.ID)).toList();
          return facts.touches(tenantId, ids).compose(touched -> {
            List<Document> waiting = candidates.stream()
                .filter(d -> !touched.containsKey(d.getString(LeadFields.ID)))
                .sorted(Comparator.comparing((Document d) -> d.getDate(LeadFields.CAPTURED_AT))
                    .thenComparing(d -> d.getString(LeadFields.ID)))
                .limit(limit)
                .toList();
            return items(tenantId, waiting);
          });
        });
  }

  private Future<HotUntouched> items(String tenantId, List<Document> waiting) {
    List<String> ids = waiting.stream().map(d -> d.getString(LeadFields.ID)).toList();
    List<String> owners = waiting.stream()
        .map(d -> d.getString(LeadFields.OWNER_ID))
        .filter(o -> o != null)
        .distinct()
        .toList();
    Future<Map<String, SlaClock>> clocks = assignment.slaClocks(tenantId, ids);
    Future<Map<String, String>> names = directory.users(tenantId, owners).map(users -> {
      Map<String, String> out = new HashMap<>();
      users.forEach(u -> out.put(u.id(), u.name() != null ? u.name() : u.email()));
      return out;
    });
    Instant now = clock.instant();
    return Future.all(clocks, names).map(x -> {
      List<HotItem> items = new ArrayList<>();
      for (Document d : waiting) {
        SlaClock c = clocks.result().get(d.getString(LeadFields.ID));
        Instant captured = d.getDate(LeadFields.CAPTURED_AT).toInstant();
        String owner = d.getString(LeadFields.OWNER_ID);
        items.add(new HotItem(
            d.getString(LeadFields.ID),
            d.getString(LeadFields.FIRST_NAME),
            d.getString(LeadFields.LAST_NAME),
            d.getString(LeadFields.COMPANY),
            d.getInteger(LeadFields.SCORE),
            d.getString(LeadFields.STATUS),
            owner,
            owner == null ? null : names.result().get(owner),
            d.getString(LeadFields.TEAM_ID),
            d.getString(LeadFields.EVENT_ID),
            captured,
            Math.max(0, Duration.between(captured, now).getSeconds()),
            c == null ? null : c.dueAt(),
            c == null ? null : slaStatus(c, now)));
      }
      return new HotUntouched(now, items);
    });
  }

  private static String slaStatus(SlaClock c, Instant now) {
    if (SlaClock.PENDING.equals(c.status())) {
      return c.dueAt() != null && now.isAfter(c.dueAt()) ? SlaClock.BREACHED : SlaClock.PENDING;
    }
    return SlaClock.BREACHED.equals(c.status()) ? SlaClock.BREACHED : SlaClock.NONE;
  }

  private static boolean passes(Document d, Map<String, String> filters) {
    for (Map.Entry<String, String> f : filters.entrySet()) {
      if (f.getValue() != null && !f.getValue().equals(d.getString(field(f.getKey())))) {
        return false;
      }
    }
    return true;
  }

  private static String field(String dimension) {
    return switch (dimension) {
      case "team" -> LeadFields.TEAM_ID;
      case "owner" -> LeadFields.OWNER_ID;
      case "event" -> LeadFields.EVENT_ID;
      case "source" -> LeadFields.SOURCE;
      case "campaign" -> LeadFields.CAMPAIGN;
      default -> LeadFields.CAPTURE_METHOD;
    };
  }

  private static Lead asLead(String tenantId, Document d) {
    return Lead.builder()
        .tenantId(tenantId)
        .teamId(d.getString(LeadFields.TEAM_ID))
        .ownerId(d.getString(LeadFields.OWNER_ID))
        .capturedBy(d.getString(LeadFields.CAPTURED_BY))
        .eventId(d.getString(LeadFields.EVENT_ID))
        .build();
  }
}
