package com.fieldlead.events;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.LoggerFactory;

/**
 * The durable domain event log (collection {@code domain_events}; the name {@code events} belongs to trade-show
 * events), filled by the {@link EventRelay} and consumed by delivery work (push alerts). Each event document is the
 * event ({@code _id} = its id) plus delivery state: {@code status} ({@code pending}, {@code delivered}, {@code dead}),
 * {@code attempts}, {@code nextAttemptAt}, {@code leaseOwner}, {@code leaseUntil}.
 *
 * <p>Consumers {@link #claim} events with conditional single-document updates (no transactions), so two instances
 * never hold the same event; a crashed consumer's claim expires with its lease and the event is claimed again
 * (at-least-once: consumers must be idempotent per event id). One delivery pipeline per event: a second independent
 * consumer would need its own status fields: the one other consumer, the fan-out of outgoing webhooks, has
 * {@code fanout} ({@code pending} until it has copied the event into its own outbox, then removed), read with
 * {@link #fanoutDue} and cleared with {@link #fanoutDone}.
 */
public final class EventLog {

  public static final String COLLECTION = "domain_events";
  public static final String STATUS = "status";
  public static final String ATTEMPTS = "attempts";
  public static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
  public static final String LEASE_OWNER = "leaseOwner";
  public static final String LEASE_UNTIL = "leaseUntil";
  public static final String CREATED_AT = "createdAt";
  public static final String DELIVERED_AT = "deliveredAt";
  public static final String LAST_ERROR = "lastError";
  /** The second consumer's mark (webhook fan-out): {@code pending} until copied, then removed. */
  public static final String FANOUT = "fanout";

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";

  /** A claimed event and how many times it has been claimed, this claim included. */
  public record Claimed(DomainEvent event, int attempts) {}

  private final MongoCollection<Document> events;

  private final List<Consumer<DomainEvent>> storedListeners = new CopyOnWriteArrayList<>();
  private final List<String> marks = new CopyOnWriteArrayList<>(List.of(FANOUT));

  public EventLog(MongoStore store) {
    this.events = store.collection(COLLECTION);
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(List.of(
        IndexDef.of(COLLECTION, "domain_events_due", Indexes.ascending(STATUS, NEXT_ATTEMPT_AT)),
        IndexDef.of(
            COLLECTION,
            "domain_events_lead",
            Indexes.ascending(
                DomainEventCodec.TENANT_ID,
                DomainEventCodec.LEAD_ID,
                DomainEventCodec.OCCURRED_AT)),
        IndexDef.of(COLLECTION, "domain_events_fanout", Indexes.ascending(FANOUT, CREATED_AT))));
    marks.stream()
        .filter(m -> !FANOUT.equals(m))
        .forEach(m -> all.add(
            IndexDef.of(COLLECTION, "domain_events_" + m, Indexes.ascending(m, CREATED_AT))));
    return all;
  }

  /**
   * Registers another outbox fan-out beside the webhooks' (before the server starts): every event stored from now on
   * carries {@code field} = {@code pending} until that fan-out clears it ({@link #markedDue}, {@link #markDone}).
   */
  public void addOutboxMark(String field) {
    Objects.requireNonNull(field, "field");
    if (!marks.contains(field)) {
      marks.add(field);
    }
  }

  private Document marked(Document doc) {
    for (String m : marks) {
      doc.append(m, PENDING);
    }
    return doc;
  }

  /**
   * Stores {@code event} as pending, due at once. False when it is there already (copied before: the relay's
   * idempotence, detected by the duplicate {@code _id}).
   */
  /**
   * Tells {@code listener} each event once, when it is first stored (not when a relay copies it again): how the
   * business metrics count SLA breaches and alerts. Called on the storing instance; must be cheap and not throw.
   */
  public void onStored(Consumer<DomainEvent> listener) {
    storedListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void stored(DomainEvent event) {
    for (Consumer<DomainEvent> l : storedListeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(EventLog.class).warn("event listener failed: {}", e.toString());
      }
    }
  }

  public Future<Boolean> append(DomainEvent event, Instant now) {
    Document doc = DomainEventCodec.toDocument(event)
        .append("_id", event.id())
        .append(STATUS, PENDING)
        .append(ATTEMPTS, 0)
        .append(NEXT_ATTEMPT_AT, Date.from(now))
        .append(LEASE_OWNER, null)
        .append(LEASE_UNTIL, null)
        .append(CREATED_AT, Date.from(now));
    return MongoFutures.one(events.insertOne(marked(doc)))
        .map(r -> {
          stored(event);
          return true;
        })
        .recover(e -> {
          if (e instanceof MongoWriteException w
              && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(e);
        });
  }

  /**
   * Stores {@code events} as pending, due at once, in one unordered insert; those stored before (a relay that copied
   * them and died before removing them from their source) are left as they are. Answers how many were new.
   */
  public Future<Integer> appendAll(List<DomainEvent> batch, Instant now) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Document> docs = new ArrayList<>(batch.size());
    for (DomainEvent event : batch) {
      docs.add(marked(DomainEventCodec.toDocument(event)
          .append("_id", event.id())
          .append(STATUS, PENDING)
          .append(ATTEMPTS, 0)
          .append(NEXT_ATTEMPT_AT, Date.from(now))
          .append(LEASE_OWNER, null)
          .append(LEASE_UNTIL, null)
          .append(CREATED_AT, Date.from(now))));
    }
    return MongoFutures.insertSkippingDuplicates(events, docs).map(refused -> {
      for (int i = 0; i < batch.size(); i++) {
        if (!refused.contains(i)) {
          stored(batch.get(i));
        }
      }
      return docs.size() - refused.size();
    });
  }

  /**
   * Claims up to {@code n} due events for {@code consumer} at once, oldest due first: the due ones' ids, one
   * conditional update of all of them (each document is claimed by whoever's update reaches it first), then the ones
   * this claim's token won. Three commands for the batch, whatever its size; {@code attempts} is as stored after the
   * claim.
   */
  public Future<List<Claimed>> claimBatch(String consumer, int n, Duration lease, Instant now) {
    Bson due = Filters.and(
        Filters.eq(STATUS, PENDING),
        Filters.lte(NEXT_ATTEMPT_AT, Date.from(now)),
        Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, Date.from(now))));
    String token = consumer + "/" + UUID.randomUUID();
    return MongoFutures.list(events
            .find(due)
            .sort(Sorts.ascending(NEXT_ATTEMPT_AT))
            .limit(n)
            .projection(Projections.include("_id")))
        .compose(candidates -> {
          if (candidates.isEmpty()) {
            return Future.succeededFuture(List.<Claimed>of());
          }
          List<Object> ids = candidates.stream().map(d -> d.get("_id")).toList();
          Bson update = Updates.combine(
              Updates.set(LEASE_OWNER, token),
              Updates.set(LEASE_UNTIL, Date.from(now.plus(lease))),
              Updates.inc(ATTEMPTS, 1));
          return MongoFutures.one(
                  events.updateMany(Filters.and(Filters.in("_id", ids), due), update))
              .compose(r -> r.getModifiedCount() == 0
                  ? Future.succeededFuture(List.<Document>of())
                  : MongoFutures.list(events.find(
                      Filters.and(Filters.in("_id", ids), Filters.eq(LEASE_OWNER, token)))))
              .map(won -> won.stream()
                  .sorted(Comparator.comparing(d -> d.getDate(NEXT_ATTEMPT_AT)))
                  .map(
                      d -> new Claimed(DomainEventCodec.fromDocument(d), d.getInteger(ATTEMPTS, 1)))
                  .toList());
        });
  }

  /** Marks the events {@code ids} delivered and drops their leases, in one update. */
  public Future<Void> completeAll(List<String> ids, Instant now) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return MongoFutures.one(events.updateMany(
            Filters.in("_id", ids),
            Updates.combine(
                Updates.set(STATUS, DELIVERED),
                Updates.set(DELIVERED_AT, Date.from(now)),
                Updates.set(LEASE_OWNER, null),
                Updates.set(LEASE_UNTIL, null))))
        .mapEmpty();
  }

  /**
   * Claims up to {@code n} due events (pending, {@code nextAttemptAt <= now}, not leased or lease expired) for
   * {@code consumer} until {@code now + leaseDuration}, oldest due first. Each claim is one conditional
   * {@code findOneAndUpdate} answering the document BEFORE the update (the embedded store's AFTER is unreliable with
   * {@code $inc} under concurrency), so {@code attempts} is the stored value plus one.
   */
  public Future<List<Claimed>> claim(String consumer, int n, Duration leaseDuration, Instant now) {
    List<Claimed> out = new ArrayList<>();
    return claimNext(consumer, n, leaseDuration, now, out).map(v -> out);
  }

  private Future<Void> claimNext(
      String consumer, int n, Duration lease, Instant now, List<Claimed> out) {
    if (out.size() >= n) {
      return Future.succeededFuture();
    }
    Bson due = Filters.and(
        Filters.eq(STATUS, PENDING),
        Filters.lte(NEXT_ATTEMPT_AT, Date.from(now)),
        Filters.or(Filters.eq(LEASE_UNTIL, null), Filters.lte(LEASE_UNTIL, Date.from(now))));
    Bson update = Updates.combine(
        Updates.set(LEASE_OWNER, consumer),
        Updates.set(LEASE_UNTIL, Date.from(now.plus(lease))),
        Updates.inc(ATTEMPTS, 1));
    FindOneAndUpdateOptions options = new FindOneAndUpdateOptions()
        .returnDocument(ReturnDocument.BEFORE)
        .sort(Sorts.ascending(NEXT_ATTEMPT_AT));
    return MongoFutures.first(events.findOneAndUpdate(due, update, options)).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture();
      }
      Document d = found.get();
      out.add(new Claimed(DomainEventCodec.fromDocument(d), d.getInteger(ATTEMPTS, 0) + 1));
      return claimNext(consumer, n, lease, now, out);
    });
  }

  /** Marks event {@code id} delivered and drops its lease. */
  public Future<Void> complete(String id, Instant now) {
    return update(
        id,
        Updates.combine(
            Updates.set(STATUS, DELIVERED),
            Updates.set(DELIVERED_AT, Date.from(now)),
            Updates.set(LEASE_OWNER, null),
            Updates.set(LEASE_UNTIL, null)));
  }

  /** Marks event {@code id} delivered, stamped with the system clock (prefer {@link #complete(String, Instant)}). */
  public Future<Void> complete(String id) {
    return complete(id, Instant.now());
  }

  /** Puts event {@code id} back as pending, due again {@code at}, and drops its lease. */
  public Future<Void> retryLater(String id, Instant at) {
    return retryLater(id, at, null);
  }

  /** Like {@link #retryLater(String, Instant)}, remembering why the attempt failed. */
  public Future<Void> retryLater(String id, Instant at, String error) {
    return update(
        id,
        Updates.combine(
            Updates.set(STATUS, PENDING),
            Updates.set(NEXT_ATTEMPT_AT, Date.from(at)),
            Updates.set(LEASE_OWNER, null),
            Updates.set(LEASE_UNTIL, null),
            Updates.set(LAST_ERROR, error)));
  }

  /** Gives event {@code id} up (too many attempts, or undeliverable): status {@code dead}, kept for inspection. */
  public Future<Void> dead(String id, String reason) {
    return update(
        id,
        Updates.combine(
            Updates.set(STATUS, DEAD),
            Updates.set(LEASE_OWNER, null),
            Updates.set(LEASE_UNTIL, null),
            Updates.set(LAST_ERROR, reason)));
  }

  /**
   * Up to {@code limit} events the webhook fan-out has not copied yet, in the order they reached the log (a lead's
   * events in the order they were written).
   */
  public Future<List<DomainEvent>> fanoutDue(int limit) {
    return markedDue(FANOUT, limit);
  }

  /** {@link #fanoutDue} of the fan-out that registered {@code mark} ({@link #addOutboxMark}). */
  public Future<List<DomainEvent>> markedDue(String mark, int limit) {
    return MongoFutures.list(events
            .find(Filters.eq(mark, PENDING))
            .sort(Sorts.ascending(mark, CREATED_AT, DomainEventCodec.OCCURRED_AT))
            .limit(limit))
        .map(docs -> docs.stream().map(DomainEventCodec::fromDocument).toList());
  }

  /** {@link #fanoutDone} of the fan-out that registered {@code mark}. */
  public Future<Void> markDone(String mark, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return MongoFutures.one(events.updateMany(Filters.in("_id", ids), Updates.unset(mark)))
        .mapEmpty();
  }

  /** Clears the fan-out mark of the events {@code ids} (they are in the webhook outbox now), in one update. */
  public Future<Void> fanoutDone(List<String> ids) {
    return markDone(FANOUT, ids);
  }

  /** The events of one lead, oldest first (inspection and tests). */
  public Future<List<DomainEvent>> byLead(String tenantId, String leadId) {
    return MongoFutures.list(events
            .find(Filters.and(
                Filters.eq(DomainEventCodec.TENANT_ID, tenantId),
                Filters.eq(DomainEventCodec.LEAD_ID, leadId)))
            .sort(Sorts.ascending(DomainEventCodec.OCCURRED_AT)))
        .map(docs -> docs.stream().map(DomainEventCodec::fromDocument).toList());
  }

  /** The delivery status of event {@code id}, if stored. */
  public Future<Optional<String>> status(String id) {
    return MongoFutures.first(events.find(Filters.eq("_id", id)).limit(1))
        .map(d -> d.map(x -> x.getString(STATUS)));
  }

  private Future<Void> update(String id, Bson update) {
    return MongoFutures.one(events.updateOne(Filters.eq("_id", id), update)).mapEmpty();
  }
}
