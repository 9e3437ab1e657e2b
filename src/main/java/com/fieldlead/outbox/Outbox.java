package com.fieldlead.outbox;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A durable, per-lead-ordered outbox of work copied from the domain events (the webhooks' deliveries, the CRM
 * connectors' pushes): one document per event and target (a webhook subscription, a CRM connection), its {@code _id}
 * derived from both (so a fan-out repeated after a crash adds nothing), with the body the worker needs, a
 * {@code chain} (target and lead: items of one chain go out one at a time, in {@code seq} order) and the delivery
 * state. Workers on every instance claim due chain heads with conditional updates (a lease), so two instances never
 * send one item at once; a crashed worker's lease expires and the item is sent again (at least once, with the same
 * event id). The target's field name is the feature's ({@code subscriptionId}, {@code connectionId}).
 */
public final class Outbox {

  /** How much of a response body an outcome keeps. */
  public static final int RESPONSE_CHARS = 300;

  public static final String TENANT_ID = "tenantId";
  public static final String EVENT_ID = "eventId";
  public static final String EVENT_TYPE = "eventType";
  public static final String LEAD_ID = "leadId";
  public static final String CHAIN = "chain";
  public static final String SEQ = "seq";
  public static final String BODY = "body";
  public static final String STATUS = "status";
  public static final String ATTEMPTS = "attempts";
  public static final String CREATED_AT = "createdAt";
  public static final String WINDOW_START = "windowStart";
  public static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
  public static final String LEASE_OWNER = "leaseOwner";
  public static final String LEASE_UNTIL = "leaseUntil";
  public static final String LAST_ATTEMPT_AT = "lastAttemptAt";
  public static final String DELIVERED_AT = "deliveredAt";
  public static final String RESPONSE_STATUS = "responseStatus";
  public static final String LATENCY_MS = "latencyMs";
  public static final String ERROR = "error";
  public static final String RESPONSE_BODY = "responseBody";

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  /** An item a worker holds: where it goes ({@code target}) and what it sends. */
  public record Claimed(
      String id,
      String target,
      String eventId,
      String eventType,
      String leadId,
      String chain,
      String body,
      int attempts,
      Instant windowStart) {}

  /**
   * What one attempt came to, as the worker writes it back; {@code details} are further fields the feature keeps on
   * the item (null: none).
   */
  public record Outcome(
      String id,
      String status,
      int attempts,
      Instant attemptedAt,
      Instant nextAttemptAt,
      Integer responseStatus,
      Long latencyMs,
      String error,
      String responseBody,
      Map<String, Object> details) {

    public Outcome(
        String id,
        String status,
        int attempts,
        Instant attemptedAt,
        Instant nextAttemptAt,
        Integer responseStatus,
        Long latencyMs,
        String error,
        String responseBody) {
      this(
          id,
          status,
          attempts,
          attemptedAt,
          nextAttemptAt,
          responseStatus,
          latencyMs,
          error,
          responseBody,
          null);
    }
  }

  private final String collection;
  private final String target;
  private final MongoCollection<Document> deliveries;
  private final MongoCollection<Document> counters;

  /**
   * The outbox in {@code collection}, its sequence numbers in {@code countersCollection}, its target's id in field
   * {@code targetField}.
   */
  public Outbox(
      MongoStore store, String collection, String countersCollection, String targetField) {
    this.collection = collection;
    this.target = targetField;
    this.deliveries = store.collection(collection);
    this.counters = store.collection(countersCollection);
  }

  /** The name of the field holding an item's target. */
  public String targetField() {
    return target;
  }

  public List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(collection, collection + "_due", Indexes.ascending(STATUS, NEXT_ATTEMPT_AT)),
        IndexDef.of(collection, collection + "_chain", Indexes.ascending(CHAIN, STATUS, SEQ)),
        IndexDef.of(
            collection,
            collection + "_log",
            Indexes.compoundIndex(Indexes.ascending(TENANT_ID, target), Indexes.descending(SEQ))));
  }

  /** The item id of {@code eventId} to {@code targetId}: the same on every instance and every run. */
  public static String idOf(String targetId, String eventId) {
    return UUID.nameUUIDFromBytes((targetId + "/" + eventId).getBytes()).toString();
  }

  /** Reserves {@code n} consecutive sequence numbers; answers the first. */
  public Future<Long> reserve(int n) {
    return MongoFutures.first(counters.findOneAndUpdate(
            Filters.eq("_id", "deliveries"),
            Updates.inc("next", (long) n),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)))
        .map(d -> d.map(x -> ((Number) x.get("next")).longValue()).orElse(0L));
  }

  /** Stores new items, skipping those stored before; answers how many were new. */
  public Future<Integer> insertAll(List<Document> docs) {
    if (docs.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return MongoFutures.insertSkippingDuplicates(deliveries, docs)
        .map(refused -> docs.size() - refused.size());
  }

  /** A new item of {@code eventId} for {@code targetId}, due now, chained by lead (or alone without one). */
  public Document newItem(
      String tenantId,
      String targetId,
      String eventId,
      String eventType,
      String leadId,
      long seq,
      String body,
      Instant now) {
    return new Document("_id", idOf(targetId, eventId))
        .append(TENANT_ID, tenantId)
        .append(target, targetId)
        .append(EVENT_ID, eventId)
        .append(EVENT_TYPE, eventType)
        .append(LEAD_ID, leadId)
        .append(CHAIN, targetId + "/" + (leadId == null ? eventId : leadId))
        .append(SEQ, seq)
        .append(BODY, body)
        .append(STATUS, PENDING)
        .append(ATTEMPTS, 0)
        .append(CREATED_AT, Date.from(now))
        .append(WINDOW_START, Date.from(now))
        .append(NEXT_ATTEMPT_AT, Date.from(now))
        .append(LEASE_OWNER, null)
        .append(LEASE_UNTIL, null);
  }

  private static Bson due(Instant now) {
    return Filters.and(
        Filters.eq(STATUS, PENDING),
        Filters.lte(NEXT_ATTEMPT_AT, Date.from(now)),
        Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, Date.from(now))));
  }

  /**
   * Claims up to {@code n} due deliveries that head their chain (no earlier pending delivery of the same subscription
   * and lead), for {@code lease}: the due candidates, their chains' heads in one aggregation, one conditional update
   * of the heads with this claim's token, and a read of the ones it won. A due delivery waiting behind a head that is
   * not due (in backoff) is moved to the head's time, so it stops coming back as a candidate.
   */
  public Future<List<Claimed>> claim(String owner, int n, Duration lease, Instant now) {
    Bson due = due(now);
    return MongoFutures.list(deliveries
            .find(due)
            .sort(Sorts.ascending(NEXT_ATTEMPT_AT))
            .limit(n)
            .projection(Projections.include(CHAIN, SEQ)))
        .compose(candidates -> {
          if (candidates.isEmpty()) {
            return Future.succeededFuture(List.<Claimed>of());
          }
          List<String> chains =
              candidates.stream().map(d -> d.getString(CHAIN)).distinct().toList();
          return heads(chains).compose(heads -> {
            List<Object> ids = new ArrayList<>();
            Map<Date, List<Object>> deferred = new HashMap<>();
            for (Document c : candidates) {
              Document head = heads.get(c.getString(CHAIN));
              if (head == null || head.get("_id").equals(c.get("_id"))) {
                ids.add(c.get("_id"));
              } else if (head.getDate(NEXT_ATTEMPT_AT).toInstant().isAfter(now)) {
                deferred
                    .computeIfAbsent(head.getDate(NEXT_ATTEMPT_AT), k -> new ArrayList<>())
                    .add(c.get("_id"));
              }
            }
            Future<Void> moved = defer(deferred);
            if (ids.isEmpty()) {
              return moved.map(v -> List.<Claimed>of());
            }
            String token = owner + "/" + UUID.randomUUID();
            Bson update = Updates.combine(
                Updates.set(LEASE_OWNER, token),
                Updates.set(LEASE_UNTIL, Date.from(now.plus(lease))),
                Updates.inc(ATTEMPTS, 1));
            return moved
                .compose(v -> MongoFutures.one(
                    deliveries.updateMany(Filters.and(Filters.in("_id", ids), due), update)))
                .compose(r -> r.getModifiedCount() == 0
                    ? Future.succeededFuture(List.<Document>of())
                    : MongoFutures.list(deliveries.find(
                        Filters.and(Filters.in("_id", ids), Filters.eq(LEASE_OWNER, token)))))
                .map(won -> won.stream()
                    .sorted(Comparator.comparing(d -> ((Number) d.get(SEQ)).longValue()))
                    .map(this::claimed)
                    .toList());
          });
        });
  }

  /** Per chain, its pending delivery of the lowest {@code seq} ({@code _id} and {@code nextAttemptAt}). */
  private Future<Map<String, Document>> heads(List<String> chains) {
    return MongoFutures.list(deliveries.aggregate(List.of(
            Aggregates.match(Filters.and(Filters.in(CHAIN, chains), Filters.eq(STATUS, PENDING))),
            Aggregates.sort(Sorts.ascending(CHAIN, SEQ)),
            Aggregates.group(
                "$" + CHAIN,
                Accumulators.first("id", "$_id"),
                Accumulators.first(NEXT_ATTEMPT_AT, "$" + NEXT_ATTEMPT_AT)))))
        .map(docs -> {
          Map<String, Document> out = new HashMap<>();
          docs.forEach(d -> out.put(
              d.getString("_id"),
              new Document("_id", d.get("id")).append(NEXT_ATTEMPT_AT, d.get(NEXT_ATTEMPT_AT))));
          return out;
        });
  }

  private Future<Void> defer(Map<Date, List<Object>> byTime) {
    List<Future<Void>> all = new ArrayList<>();
    byTime.forEach((at, ids) -> all.add(MongoFutures.one(deliveries.updateMany(
            Filters.and(Filters.in("_id", ids), Filters.eq(STATUS, PENDING)),
            Updates.set(NEXT_ATTEMPT_AT, at)))
        .mapEmpty()));
    return Future.all(all).mapEmpty();
  }

  private Claimed claimed(Document d) {
    return new Claimed(
        d.getString("_id"),
        d.getString(target),
        d.getString(EVENT_ID),
        d.getString(EVENT_TYPE),
        d.getString(LEAD_ID),
        d.getString(CHAIN),
        d.getString(BODY),
        d.getInteger(ATTEMPTS, 1),
        d.getDate(WINDOW_START).toInstant());
  }

  /** Writes the outcomes back in one bulk write, each only while its claim still holds it. */
  public Future<Void> record(List<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (Outcome o : outcomes) {
      List<Bson> sets = new ArrayList<>(List.of(
          Updates.set(STATUS, o.status()),
          Updates.set(LEASE_OWNER, null),
          Updates.set(LEASE_UNTIL, null),
          Updates.set(LAST_ATTEMPT_AT, Date.from(o.attemptedAt())),
          Updates.set(RESPONSE_STATUS, o.responseStatus()),
          Updates.set(LATENCY_MS, o.latencyMs()),
          Updates.set(ERROR, o.error()),
          Updates.set(RESPONSE_BODY, o.responseBody())));
      if (o.nextAttemptAt() != null) {
        sets.add(Updates.set(NEXT_ATTEMPT_AT, Date.from(o.nextAttemptAt())));
      }
      if (o.details() != null) {
        o.details().forEach((k, v) -> sets.add(Updates.set(k, v)));
      }
      if (DELIVERED.equals(o.status())) {
        sets.add(Updates.set(DELIVERED_AT, Date.from(o.attemptedAt())));
      }
      writes.add(new UpdateOneModel<>(
          Filters.and(Filters.eq("_id", o.id()), Filters.eq(ATTEMPTS, o.attempts())),
          Updates.combine(sets)));
    }
    return MongoFutures.one(deliveries.bulkWrite(writes)).mapEmpty();
  }

  /** The target's items, newest first, optionally of one status. */
  public Future<List<Document>> list(String tenantId, String targetId, String status, int limit) {
    Bson filter = Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(target, targetId));
    if (status != null) {
      filter = Filters.and(filter, Filters.eq(STATUS, status));
    }
    return MongoFutures.list(deliveries.find(filter).sort(Sorts.descending(SEQ)).limit(limit));
  }

  /** The target's items whose last attempt failed (given up, or pending a retry), newest first. */
  public Future<List<Document>> failures(String tenantId, String targetId, int limit) {
    return MongoFutures.list(deliveries
        .find(Filters.and(
            Filters.eq(TENANT_ID, tenantId),
            Filters.eq(target, targetId),
            Filters.in(STATUS, List.of(PENDING, FAILED)),
            Filters.ne(ERROR, null)))
        .sort(Sorts.descending(SEQ))
        .limit(limit));
  }

  public Future<Optional<Document>> find(String tenantId, String targetId, String id) {
    return MongoFutures.first(deliveries.find(Filters.and(
        Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId), Filters.eq(target, targetId))));
  }

  /**
   * Sends the item again: pending, due now, a fresh retry window and a new place at the end of its chain (a
   * redelivery is a new send, not a step back in the lead's order). Not while a worker holds it.
   */
  public Future<Optional<Document>> redeliver(
      String tenantId, String targetId, String id, long seq, Instant now) {
    return MongoFutures.first(deliveries.findOneAndUpdate(
        Filters.and(
            Filters.eq("_id", id),
            Filters.eq(TENANT_ID, tenantId),
            Filters.eq(target, targetId),
            Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, Date.from(now)))),
        Updates.combine(
            Updates.set(STATUS, PENDING),
            Updates.set(SEQ, seq),
            Updates.set(NEXT_ATTEMPT_AT, Date.from(now)),
            Updates.set(WINDOW_START, Date.from(now)),
            Updates.set(LEASE_OWNER, null),
            Updates.set(LEASE_UNTIL, null)),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
  }

  /** {@code d}'s time field as an instant (null when absent). */
  public static Instant instant(Document d, String field) {
    Date at = d.getDate(field);
    return at == null ? null : at.toInstant();
  }
}
