package com.fieldlead.assignment.store;

import static com.fieldlead.assignment.store.AssignmentSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * SLA clocks, one per lead ({@code sla_clocks}). Every state change is a conditional update, so two instances (or a
 * contact racing the breach job) cannot both win: a breach is claimed only from {@code pending} without contact.
 */
public final class MongoSlaClocks {

  private final MongoCollection<Document> clocks;

  public MongoSlaClocks(MongoStore store) {
    this.clocks = store.collection(SLA_CLOCKS);
  }

  public Future<Optional<SlaClock>> find(String tenantId, String leadId) {
    return MongoFutures.first(clocks.find(key(tenantId, leadId)).limit(1))
        .map(d -> d.map(MongoSlaClocks::toClock));
  }

  /** The clocks of several leads of one tenant in one read, by lead id. */
  public Future<Map<String, SlaClock>> findAll(String tenantId, Collection<String> leadIds) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return MongoFutures.list(clocks.find(Filters.and(
            Filters.eq(TENANT_ID, tenantId), Filters.in(LEAD_ID, List.copyOf(leadIds)))))
        .map(docs -> {
          Map<String, SlaClock> out = new HashMap<>();
          docs.forEach(d -> {
            SlaClock c = toClock(d);
            out.put(c.leadId(), c);
          });
          return out;
        });
  }

  /** A pending clock's new due time (and its lead's owner and team), for many clocks in one bulk write. */
  public record Retime(
      String tenantId, String leadId, String ownerId, String teamId, Instant dueAt) {}

  /** Moves pending clocks to new due times in one bulk write (a clock no longer pending is left as it is). */
  public Future<Void> retimeAll(List<Retime> all) {
    if (all.isEmpty()) {
      return Future.succeededFuture();
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (Retime r : all) {
      writes.add(new UpdateOneModel<>(
          Filters.and(key(r.tenantId(), r.leadId()), Filters.eq(STATUS, SlaClock.PENDING)),
          new Document(
              "$set",
              new Document(OWNER_ID, r.ownerId())
                  .append(TEAM_ID, r.teamId())
                  .append(DUE_AT, date(r.dueAt())))));
    }
    return MongoFutures.one(clocks.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
        .mapEmpty();
  }

  /** Inserts {@code c}; false when the lead has a clock already. */
  /** Inserts several clocks in one insert; answers the indexes of those refused (that lead has a clock already). */
  public Future<Set<Integer>> insertAll(List<SlaClock> all) {
    return all.isEmpty()
        ? Future.succeededFuture(Set.of())
        : MongoFutures.insertSkippingDuplicates(
            clocks, all.stream().map(MongoSlaClocks::toDocument).toList());
  }

  public Future<Boolean> insert(SlaClock c) {
    return MongoFutures.one(clocks.insertOne(toDocument(c)))
        .map(r -> true)
        .recover(e -> isDuplicateKey(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /** A new owner: owner, team and (while still pending) the due time move with it. */
  public Future<Void> reassign(
      String tenantId, String leadId, String ownerId, String teamId, Instant dueAt, Instant at) {
    Document set =
        new Document(OWNER_ID, ownerId).append(TEAM_ID, teamId).append(ASSIGNED_AT, date(at));
    Future<?> owner =
        MongoFutures.one(clocks.updateOne(key(tenantId, leadId), new Document("$set", set)));
    return owner
        .compose(x -> dueAt == null
            ? Future.succeededFuture()
            : MongoFutures.one(clocks.updateOne(
                Filters.and(key(tenantId, leadId), Filters.eq(STATUS, SlaClock.PENDING)),
                new Document("$set", new Document(DUE_AT, date(dueAt))))))
        .mapEmpty();
  }

  /**
   * Records the first contact at {@code at} unless an earlier one is known: met when at or before the due time,
   * breached after it (a breach already claimed by the job stays breached). False when nothing changed.
   */
  public Future<Boolean> contact(SlaClock c, Instant at) {
    if (c.dueAt() == null) {
      return Future.succeededFuture(false);
    }
    String status = at.isAfter(c.dueAt()) || SlaClock.BREACHED.equals(c.status())
        ? SlaClock.BREACHED
        : SlaClock.MET;
    Bson filter = Filters.and(
        key(c.tenantId(), c.leadId()),
        Filters.or(Filters.eq(FIRST_CONTACT_AT, null), Filters.gt(FIRST_CONTACT_AT, date(at))));
    Document set = new Document(FIRST_CONTACT_AT, date(at)).append(STATUS, status);
    return MongoFutures.one(clocks.updateOne(filter, new Document("$set", set)))
        .map(r -> r.getModifiedCount() == 1);
  }

  /** Pending clocks due at or before {@code now}, oldest first, across tenants. */
  public Future<List<SlaClock>> overdue(Instant now, int limit) {
    return MongoFutures.list(clocks
            .find(Filters.and(Filters.eq(STATUS, SlaClock.PENDING), Filters.lte(DUE_AT, date(now))))
            .sort(Sorts.ascending(DUE_AT))
            .limit(limit))
        .map(docs -> docs.stream().map(MongoSlaClocks::toClock).toList());
  }

  /** Claims the breach of a still pending, uncontacted, overdue clock; true for exactly one caller. */
  public Future<Boolean> claimBreach(SlaClock c, Instant now) {
    Bson filter = Filters.and(
        key(c.tenantId(), c.leadId()),
        Filters.eq(STATUS, SlaClock.PENDING),
        Filters.eq(FIRST_CONTACT_AT, null),
        Filters.lte(DUE_AT, date(now)));
    return MongoFutures.one(clocks.updateOne(
            filter,
            new Document(
                "$set", new Document(STATUS, SlaClock.BREACHED).append(BREACHED_AT, date(now)))))
        .map(r -> r.getModifiedCount() == 1);
  }

  /**
   * Clocks started in {@code [from, to)} (either may be null), limited to {@code teamIds} unless null (then also
   * those of {@code ownerIds} and of leads waiting with neither owner nor team, which every manager sees).
   */
  public Future<List<SlaClock>> started(
      String tenantId,
      Instant from,
      Instant to,
      List<String> teamIds,
      List<String> ownerIds,
      int limit) {
    List<Bson> and = new ArrayList<>();
    and.add(Filters.eq(TENANT_ID, tenantId));
    if (from != null) {
      and.add(Filters.gte(START_AT, date(from)));
    }
    if (to != null) {
      and.add(Filters.lt(START_AT, date(to)));
    }
    if (teamIds != null) {
      and.add(within(teamIds, ownerIds));
    }
    return MongoFutures.list(clocks.find(Filters.and(and)).limit(limit))
        .map(docs -> docs.stream().map(MongoSlaClocks::toClock).toList());
  }

  /**
   * Uncontacted pending or breached clocks of a tenant due in {@code (after, upTo]} (either may be null), in due
   * order ({@code newestFirst}: latest due first), limited to {@code teamIds} unless null (then also those of
   * {@code ownerIds} and of leads waiting with neither owner nor team), as {@link #started} limits them.
   */
  public Future<List<SlaClock>> uncontacted(
      String tenantId,
      Instant after,
      Instant upTo,
      boolean newestFirst,
      List<String> teamIds,
      List<String> ownerIds,
      int limit) {
    List<Bson> and = new ArrayList<>();
    and.add(Filters.eq(TENANT_ID, tenantId));
    and.add(Filters.in(STATUS, List.of(SlaClock.PENDING, SlaClock.BREACHED)));
    and.add(Filters.eq(FIRST_CONTACT_AT, null));
    if (after != null) {
      and.add(Filters.gt(DUE_AT, date(after)));
    }
    if (upTo != null) {
      and.add(Filters.lte(DUE_AT, date(upTo)));
    }
    if (teamIds != null) {
      and.add(within(teamIds, ownerIds));
    }
    return MongoFutures.list(clocks
            .find(Filters.and(and))
            .sort(newestFirst ? Sorts.descending(DUE_AT) : Sorts.ascending(DUE_AT))
            .limit(limit))
        .map(docs -> docs.stream().map(MongoSlaClocks::toClock).toList());
  }

  private static Bson within(List<String> teamIds, List<String> ownerIds) {
    List<Bson> or = new ArrayList<>();
    or.add(Filters.in(TEAM_ID, teamIds));
    if (ownerIds != null && !ownerIds.isEmpty()) {
      or.add(Filters.in(OWNER_ID, ownerIds));
    }
    or.add(Filters.and(Filters.eq(OWNER_ID, null), Filters.eq(TEAM_ID, null)));
    return Filters.or(or);
  }

  private static Bson key(String tenantId, String leadId) {
    return Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(LEAD_ID, leadId));
  }

  private static Document toDocument(SlaClock c) {
    return new Document(TENANT_ID, c.tenantId())
        .append(LEAD_ID, c.leadId())
        .append(OWNER_ID, c.ownerId())
        .append(TEAM_ID, c.teamId())
        .append(EVENT_ID, c.eventId())
        .append(SOURCE, c.source())
        .append(TEMPERATURE, c.temperature())
        .append(RULE_ID, c.ruleId())
        .append(START_AT, date(c.startAt()))
        .append(DUE_AT, date(c.dueAt()))
        .append(STATUS, c.status())
        .append(FIRST_CONTACT_AT, date(c.firstContactAt()))
        .append(BREACHED_AT, date(c.breachedAt()))
        .append(ASSIGNED_AT, date(c.assignedAt()));
  }

  private static SlaClock toClock(Document d) {
    return new SlaClock(
        d.getString(TENANT_ID),
        d.getString(LEAD_ID),
        d.getString(OWNER_ID),
        d.getString(TEAM_ID),
        d.getString(EVENT_ID),
        d.getString(SOURCE),
        d.getString(TEMPERATURE),
        d.getString(RULE_ID),
        instant(d.getDate(START_AT)),
        instant(d.getDate(DUE_AT)),
        d.getString(STATUS),
        instant(d.getDate(FIRST_CONTACT_AT)),
        instant(d.getDate(BREACHED_AT)),
        instant(d.getDate(ASSIGNED_AT)));
  }
}
