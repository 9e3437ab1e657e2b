package com.fieldlead.notify.store;

import static com.fieldlead.notify.store.NotifySchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.notify.model.Notification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.model.NotificationStatus;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code notifications} collection: the outbox workers claim from, and the inbox users read. Claims are
 * conditional multi-updates that stamp a fresh claim token (no findOneAndUpdate-with-$inc, which the embedded store
 * answers wrongly under concurrency), so two instances never hold one notification at the same time.
 */
public final class MongoNotifications {

  private final MongoCollection<Document> coll;
  private final MongoStore store;

  public MongoNotifications(MongoStore store) {
    this.coll = store.collection(N.COLLECTION);
    this.store = store;
  }

  /** Completes once what was written so far (the change a push is about, its claim) survives a power loss. */
  public Future<Void> durable() {
    return store.durable();
  }

  /** Stores {@code all} in one unordered insert; answers the indexes of those whose id existed (nothing written). */
  public Future<Set<Integer>> insertAllIfAbsent(List<Notification> all) {
    if (all.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return MongoFutures.insertSkippingDuplicates(
        coll, all.stream().map(MongoNotifications::toDoc).toList());
  }

  /** Stores {@code n}; false (nothing written) when a notification with its id exists. */
  public Future<Boolean> insertIfAbsent(Notification n) {
    return MongoFutures.one(coll.insertOne(toDoc(n)))
        .map(r -> true)
        .recover(t -> isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t));
  }

  public Future<Optional<Notification>> find(String id) {
    return MongoFutures.first(coll.find(Filters.eq(ID, id)).first())
        .map(d -> d.map(MongoNotifications::fromDoc));
  }

  /**
   * Claims up to {@code limit} due notifications for {@code lease}: pending ones whose time has come, and ones whose
   * previous worker's lease ran out (a crash). Each claimed one has {@code attempts} already counted.
   */
  public Future<List<Notification>> claim(String worker, Instant now, Duration lease, int limit) {
    Bson due = Filters.or(
        Filters.and(
            Filters.eq(N.STATUS, NotificationStatus.PENDING.wire()),
            Filters.lte(N.NEXT_ATTEMPT_AT, date(now))),
        Filters.and(
            Filters.eq(N.STATUS, NotificationStatus.SENDING.wire()),
            Filters.lte(N.LEASE_UNTIL, date(now))));
    String token = worker + "/" + UUID.randomUUID();
    return MongoFutures.list(coll.find(due)
            .sort(Sorts.ascending(N.NEXT_ATTEMPT_AT))
            .limit(limit)
            .projection(Projections.include(ID)))
        .compose(candidates -> {
          if (candidates.isEmpty()) {
            return Future.succeededFuture(List.of());
          }
          List<Object> ids = candidates.stream().map(d -> d.get(ID)).toList();
          Bson update = Updates.combine(
              Updates.set(N.STATUS, NotificationStatus.SENDING.wire()),
              Updates.set(N.LEASE_OWNER, token),
              Updates.set(N.LEASE_UNTIL, date(now.plus(lease))),
              Updates.inc(N.ATTEMPTS, 1));
          return MongoFutures.one(coll.updateMany(Filters.and(Filters.in(ID, ids), due), update))
              .compose(r -> r.getModifiedCount() == 0
                  ? Future.succeededFuture(List.<Document>of())
                  : MongoFutures.list(coll.find(Filters.and(
                      Filters.eq(N.LEASE_OWNER, token),
                      Filters.eq(N.STATUS, NotificationStatus.SENDING.wire())))))
              .map(list -> list.stream().map(MongoNotifications::fromDoc).toList());
        });
  }

  /**
   * Final or retry state after an attempt, written only while the worker still holds the lease (a worker whose lease
   * was taken over writes nothing). Answers whether it was written.
   */
  Future<Boolean> finish(
      Notification claimed,
      NotificationStatus status,
      Instant nextAttemptAt,
      Instant sentAt,
      String sender,
      List<String> delivered,
      String lastError,
      Map<String, Object> logged) {
    Finish f =
        new Finish(claimed, status, nextAttemptAt, sentAt, sender, delivered, lastError, logged);
    return MongoFutures.one(coll.updateOne(f.filter(), f.update()))
        .map(r -> r.getModifiedCount() > 0);
  }

  /** The state an attempt leaves a claimed notification in (see {@link #finish}). */
  public record Finish(
      Notification claimed,
      NotificationStatus status,
      Instant nextAttemptAt,
      Instant sentAt,
      String sender,
      List<String> delivered,
      String lastError,
      Map<String, Object> logged) {

    /** Only while the worker still holds the lease. */
    Bson filter() {
      return Filters.and(
          Filters.eq(ID, claimed.id()),
          Filters.eq(N.LEASE_OWNER, claimed.leaseOwner()),
          Filters.eq(N.STATUS, NotificationStatus.SENDING.wire()));
    }

    Bson update() {
      List<Bson> sets = new ArrayList<>(List.of(
          Updates.set(N.STATUS, status.wire()),
          Updates.unset(N.LEASE_OWNER),
          Updates.unset(N.LEASE_UNTIL),
          Updates.set(N.DELIVERED_DEVICES, delivered)));
      if (nextAttemptAt != null) {
        sets.add(Updates.set(N.NEXT_ATTEMPT_AT, date(nextAttemptAt)));
      }
      if (sentAt != null) {
        sets.add(Updates.set(N.SENT_AT, date(sentAt)));
      }
      if (sender != null) {
        sets.add(Updates.set(N.SENDER, sender));
      }
      sets.add(
          lastError == null ? Updates.unset(N.LAST_ERROR) : Updates.set(N.LAST_ERROR, lastError));
      if (logged != null) {
        sets.add(Updates.set(N.LOGGED, new Document(logged)));
      }
      return Updates.combine(sets);
    }
  }

  /**
   * Writes the outcomes of a batch of attempts in one bulk write (each only while its worker still holds the lease);
   * answers how many were written.
   */
  public Future<Integer> finishAll(List<Finish> outcomes) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    outcomes.forEach(f -> writes.add(new UpdateOneModel<>(f.filter(), f.update())));
    return MongoFutures.one(coll.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
        .map(r -> r.getModifiedCount());
  }

  /** The user's inbox, newest first, after the cursor {@code (createdAt, id)}; at most {@code limit}. */
  public Future<List<Notification>> inbox(
      String tenantId, String userId, Instant beforeAt, String beforeId, int limit) {
    List<Bson> f = new ArrayList<>(
        List.of(Filters.eq(TENANT, tenantId), Filters.eq(USER, userId), Filters.eq(N.INBOX, true)));
    if (beforeAt != null) {
      f.add(Filters.or(
          Filters.lt(N.CREATED_AT, date(beforeAt)),
          Filters.and(Filters.eq(N.CREATED_AT, date(beforeAt)), Filters.lt(ID, beforeId))));
    }
    return MongoFutures.list(
            coll.find(Filters.and(f)).sort(Sorts.descending(N.CREATED_AT, ID)).limit(limit))
        .map(list -> list.stream().map(MongoNotifications::fromDoc).toList());
  }

  /** Marks the user's notification read (keeps the first read time); empty when it is not theirs. */
  public Future<Optional<Notification>> markRead(
      String tenantId, String userId, String id, Instant now) {
    Bson mine = Filters.and(
        Filters.eq(ID, id),
        Filters.eq(TENANT, tenantId),
        Filters.eq(USER, userId),
        Filters.eq(N.INBOX, true));
    return MongoFutures.one(coll.updateOne(
            Filters.and(mine, Filters.eq(N.READ_AT, null)), Updates.set(N.READ_AT, date(now))))
        .compose(r -> MongoFutures.first(coll.find(mine).first()))
        .map(d -> d.map(MongoNotifications::fromDoc));
  }

  /**
   * Cancels the tenant's notifications about {@code leadIds} that are not sent yet (pending, deferred, waiting for a
   * retry, or claimed by a worker whose send has not been acknowledged): they become {@code cancelled}, leave the
   * inbox, and a worker holding one writes no outcome over it. Silent sync nudges are left to go: they carry no text
   * and make the phone pull the erasure. Answers how many were cancelled.
   */
  public Future<Long> cancelAbout(String tenantId, Collection<String> leadIds, Instant now) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    // a silent sync nudge names no one and makes the phone pull the erasure: it still goes
    Bson about = Filters.and(
        Filters.eq(TENANT, tenantId),
        Filters.in(N.DATA + "." + LEAD_ID, List.copyOf(leadIds)),
        Filters.ne(N.KIND, NotificationKind.SYNC_NUDGE.wire()));
    Bson cancel = Updates.combine(
        Updates.set(N.STATUS, NotificationStatus.CANCELLED.wire()),
        Updates.set(N.INBOX, false),
        Updates.set(N.LAST_ERROR, "cancelled: the lead was erased"),
        Updates.set(N.CANCELLED_AT, date(now)),
        Updates.unset(N.LEASE_OWNER),
        Updates.unset(N.LEASE_UNTIL));
    // one update per unsent status, each an equality on the status the due index leads with
    List<Future<Long>> each = new ArrayList<>();
    for (NotificationStatus s : List.of(NotificationStatus.PENDING, NotificationStatus.SENDING)) {
      each.add(MongoFutures.one(
              coll.updateMany(Filters.and(Filters.eq(N.STATUS, s.wire()), about), cancel))
          .map(r -> r.getModifiedCount()));
    }
    return Future.all(each).map(all -> each.stream().mapToLong(Future::result).sum());
  }

  /** How many notifications are in {@code status} (tests, metrics). */
  Future<Long> count(NotificationStatus status) {
    return MongoFutures.one(coll.countDocuments(Filters.eq(N.STATUS, status.wire())));
  }

  static Document toDoc(Notification n) {
    Document d = new Document(ID, n.id())
        .append(TENANT, n.tenantId())
        .append(USER, n.userId())
        .append(N.KIND, n.kind().wire())
        .append(N.TITLE, n.title())
        .append(N.BODY, n.body())
        .append(N.DATA, new Document(new LinkedHashMap<>(n.data())))
        .append(N.COLLAPSE_KEY, n.collapseKey())
        .append(N.URGENT, n.urgent())
        .append(N.INBOX, n.inbox())
        .append(N.STATUS, n.status().wire())
        .append(N.ATTEMPTS, n.attempts())
        .append(N.NEXT_ATTEMPT_AT, date(n.nextAttemptAt()))
        .append(N.CREATED_AT, date(n.createdAt()))
        .append(N.READ_AT, date(n.readAt()))
        .append(N.DELIVERED_DEVICES, n.deliveredDevices());
    if (n.sentAt() != null) {
      d.append(N.SENT_AT, date(n.sentAt()));
    }
    if (n.lastError() != null) {
      d.append(N.LAST_ERROR, n.lastError());
    }
    if (n.deferredUntil() != null) {
      d.append(N.DEFERRED_UNTIL, date(n.deferredUntil()));
    }
    if (n.traceparent() != null) {
      d.append(N.TRACEPARENT, n.traceparent());
    }
    return d;
  }

  static Notification fromDoc(Document d) {
    Map<String, String> data = new LinkedHashMap<>();
    Document raw = d.get(N.DATA, Document.class);
    if (raw != null) {
      raw.forEach((k, v) -> data.put(k, String.valueOf(v)));
    }
    Number attempts = d.get(N.ATTEMPTS, Number.class);
    Document logged = d.get(N.LOGGED, Document.class);
    return new Notification(
        d.getString(ID),
        d.getString(TENANT),
        d.getString(USER),
        NotificationKind.of(d.getString(N.KIND)),
        d.getString(N.TITLE),
        d.getString(N.BODY),
        data,
        d.getString(N.COLLAPSE_KEY),
        Boolean.TRUE.equals(d.getBoolean(N.URGENT)),
        !Boolean.FALSE.equals(d.getBoolean(N.INBOX)),
        NotificationStatus.of(d.getString(N.STATUS)),
        attempts == null ? 0 : attempts.intValue(),
        instant(d.getDate(N.NEXT_ATTEMPT_AT)),
        d.getString(N.LEASE_OWNER),
        instant(d.getDate(N.LEASE_UNTIL)),
        instant(d.getDate(N.CREATED_AT)),
        instant(d.getDate(N.SENT_AT)),
        instant(d.getDate(N.READ_AT)),
        d.getString(N.LAST_ERROR),
        d.getString(N.SENDER),
        d.getList(N.DELIVERED_DEVICES, String.class),
        logged == null ? null : new LinkedHashMap<>(logged),
        instant(d.getDate(N.DEFERRED_UNTIL)),
        d.getString(N.TRACEPARENT));
  }
}
