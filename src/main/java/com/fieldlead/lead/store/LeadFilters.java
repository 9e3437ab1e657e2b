package com.fieldlead.lead.store;

import static com.fieldlead.lead.model.LeadFields.*;

import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.Visibility;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.conversions.Bson;

/** Lead queries as MongoDB filters: tenant and tombstones first, then visibility, filters, search and keyset. */
public final class LeadFilters {

  private LeadFilters() {}

  /** The visibility part alone (not for {@code v.all()}, which needs no filter). */
  public static Bson visible(Visibility v) {
    List<Bson> or = new ArrayList<>();
    or.add(Filters.eq(CAPTURED_BY, v.userId()));
    if (v.owned()) {
      or.add(Filters.eq(OWNER_ID, v.userId()));
    }
    List<String> teams =
        v.teamIds().stream().filter(t -> !Visibility.UNASSIGNED_QUEUE.equals(t)).toList();
    if (!teams.isEmpty()) {
      or.add(Filters.in(TEAM_ID, teams));
    }
    if (v.teamIds().contains(Visibility.UNASSIGNED_QUEUE)) {
      or.add(Filters.and(Filters.eq(TEAM_ID, null), Filters.eq(OWNER_ID, null)));
    }
    if (!v.eventIds().isEmpty()) {
      or.add(Filters.in(EVENT_ID, v.eventIds()));
    }
    return or.size() == 1 ? or.get(0) : Filters.or(or);
  }

  static List<Bson> of(String tenantId, Visibility v, LeadQuery q) {
    List<Bson> and = new ArrayList<>();
    and.add(Filters.eq(TENANT_ID, tenantId));
    and.add(Filters.eq(DELETED_AT, null));
    if (!v.all()) {
      and.add(visible(v));
    }
    if (q.statuses() != null) {
      and.add(
          q.statuses().size() == 1
              ? Filters.eq(STATUS, q.statuses().get(0))
              : Filters.in(STATUS, q.statuses()));
    }
    eq(and, OWNER_ID, q.ownerId());
    eq(and, TEAM_ID, q.teamId());
    eq(and, SOURCE, q.source());
    eq(and, CAMPAIGN, q.campaign());
    eq(and, EVENT_ID, q.eventId());
    eq(and, TEMPERATURE, q.temperature());
    eq(and, EXTERNAL_KEYS, q.externalId()); // stored as SearchKeys.external: "<system>:<id>"
    if (q.tags() != null) {
      and.add(
          q.tags().size() == 1 ? Filters.eq(TAGS, q.tags().get(0)) : Filters.in(TAGS, q.tags()));
    }
    range(and, CREATED_AT, q.createdFrom(), q.createdTo());
    range(and, UPDATED_AT, q.updatedFrom(), q.updatedTo());
    range(and, CAPTURED_AT, q.capturedFrom(), q.capturedTo());
    if (q.q() != null) {
      and.add(Filters.or(
          MongoLeadRepository.prefix(NAME_NORM, q.q()),
          MongoLeadRepository.prefix(LAST_NAME_NORM, q.q()),
          MongoLeadRepository.prefix(COMPANY_NORM, q.q()),
          MongoLeadRepository.prefix(EMAIL_NORM, q.q())));
    }
    if (q.marketable() != null) {
      and.add(
          q.marketable()
              ? Filters.ne(MARKETING_OPT_OUT, true)
              : Filters.eq(MARKETING_OPT_OUT, true));
    }
    if (q.unassigned() != null) {
      // the unassigned queue: captures routing could not place, with neither owner nor team
      Bson queued = Filters.and(Filters.eq(OWNER_ID, null), Filters.eq(TEAM_ID, null));
      and.add(q.unassigned() ? queued : Filters.nor(queued));
    }
    return and;
  }

  /** Strictly after the cursor's (value, id) in the list's order. */
  static Bson after(LeadQuery.Order order, CursorCodec.Position p) {
    String f = order.sort().field;
    Object v = MongoLeadRepository.sortValue(order.sort(), p.value());
    if (order.sort() == LeadQuery.Sort.SCORE) {
      return afterNullable(f, v, order.desc(), p.id());
    }
    if (order.desc()) {
      return Filters.or(Filters.lt(f, v), Filters.and(Filters.eq(f, v), Filters.lt(ID, p.id())));
    }
    return Filters.or(Filters.gt(f, v), Filters.and(Filters.eq(f, v), Filters.gt(ID, p.id())));
  }

  /** Keyset position on a field that may be null: MongoDB sorts null lowest, so nulls come last when descending. */
  private static Bson afterNullable(String f, Object v, boolean desc, String id) {
    Bson isNull = Filters.eq(f, null);
    if (v == null) {
      Bson nullsAfter = Filters.and(isNull, desc ? Filters.lt(ID, id) : Filters.gt(ID, id));
      return desc ? nullsAfter : Filters.or(Filters.ne(f, null), nullsAfter);
    }
    if (desc) {
      return Filters.or(
          Filters.lt(f, v), Filters.and(Filters.eq(f, v), Filters.lt(ID, id)), isNull);
    }
    return Filters.or(Filters.gt(f, v), Filters.and(Filters.eq(f, v), Filters.gt(ID, id)));
  }

  private static void eq(List<Bson> and, String field, String value) {
    if (value != null) {
      and.add(Filters.eq(field, value));
    }
  }

  private static void range(List<Bson> and, String field, Instant from, Instant to) {
    if (from != null) {
      and.add(Filters.gte(field, Date.from(from)));
    }
    if (to != null) {
      and.add(Filters.lt(field, Date.from(to)));
    }
  }
}
