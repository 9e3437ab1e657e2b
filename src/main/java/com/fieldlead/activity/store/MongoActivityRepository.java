package com.fieldlead.activity.store;

import static com.fieldlead.activity.store.ActivitySchema.CREATED_AT;
import static com.fieldlead.activity.store.ActivitySchema.FINGERPRINT;
import static com.fieldlead.activity.store.ActivitySchema.ID;
import static com.fieldlead.activity.store.ActivitySchema.LEAD;
import static com.fieldlead.activity.store.ActivitySchema.TENANT;
import static com.fieldlead.activity.store.ActivitySchema.UPDATED_AT;
import static com.fieldlead.activity.store.ActivitySchema.VERSION;

import com.fieldlead.activity.model.Activity;
import com.fieldlead.activity.model.ActivityType;
import com.fieldlead.activity.model.Cursor;
import com.fieldlead.activity.store.ActivitySchema.Activities;
import com.fieldlead.store.ChangeStamper;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link ActivityRepository} on MongoDB (or the embedded store). */
public final class MongoActivityRepository implements ActivityRepository {

  private final MongoCollection<Document> collection;
  private final ChangeStamper stamper;

  public MongoActivityRepository(MongoStore store, ChangeStamper stamper) {
    this.stamper = Objects.requireNonNull(stamper, "stamper");
    this.collection = store.collection(Activities.COLLECTION);
  }

  @Override
  public Future<Boolean> insertIfAbsent(Activity a) {
    Document doc = toDocument(a);
    return stamper
        .stamped(
            a.tenantId(),
            1,
            seq -> MongoFutures.one(collection.insertOne(doc.append(ChangeStamper.FIELD, seq))))
        .map(r -> true)
        .recover(e ->
            BsonMapping.isDuplicateKey(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  @Override
  public Future<Optional<Activity>> find(String tenantId, String id) {
    return MongoFutures.first(
            collection.find(Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(ID, id))))
        .map(d -> d.map(MongoActivityRepository::fromDocument));
  }

  @Override
  public Future<Map<String, List<Activity>>> byLeads(
      String tenantId, Collection<String> leadIds, int limitPerLead) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Bson filter = Filters.and(Filters.eq(TENANT, tenantId), Filters.in(LEAD, List.copyOf(leadIds)));
    return MongoFutures.list(
            collection.find(filter).sort(Sorts.descending(Activities.OCCURRED_AT, ID)))
        .map(docs -> {
          Map<String, List<Activity>> out = new HashMap<>();
          for (Document d : docs) {
            List<Activity> mine = out.computeIfAbsent(d.getString(LEAD), k -> new ArrayList<>());
            if (mine.size() < limitPerLead) {
              mine.add(fromDocument(d));
            }
          }
          return out;
        });
  }

  @Override
  public Future<List<Activity>> byLead(String tenantId, String leadId, Cursor after, int limit) {
    Bson filter = Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, leadId));
    if (after != null) {
      filter = Filters.and(
          filter,
          Filters.or(
              Filters.lt(Activities.OCCURRED_AT, BsonMapping.date(after.at())),
              Filters.and(
                  Filters.eq(Activities.OCCURRED_AT, BsonMapping.date(after.at())),
                  Filters.lt(ID, after.id()))));
    }
    return MongoFutures.list(collection
            .find(filter)
            .sort(Sorts.descending(Activities.OCCURRED_AT, ID))
            .limit(limit))
        .map(docs -> docs.stream().map(MongoActivityRepository::fromDocument).toList());
  }

  @Override
  public Future<Long> repoint(String tenantId, String fromLeadId, String toLeadId, Instant now) {
    return stamper
        .stamped(
            tenantId,
            1,
            seq -> MongoFutures.one(collection.updateMany(
                Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, fromLeadId)),
                Updates.combine(
                    Updates.set(LEAD, toLeadId),
                    Updates.set(Activities.MERGED_FROM, fromLeadId),
                    Updates.set(UPDATED_AT, BsonMapping.date(now)),
                    Updates.inc(VERSION, 1L),
                    Updates.set(ChangeStamper.FIELD, seq)))))
        .map(r -> r.getModifiedCount());
  }

  @Override
  public Future<Long> restamp(String tenantId, String leadId) {
    return stamper
        .stamped(
            tenantId,
            1,
            seq -> MongoFutures.one(collection.updateMany(
                Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, leadId)),
                Updates.set(ChangeStamper.FIELD, seq))))
        .map(r -> r.getModifiedCount());
  }

  /** One look whether any of the leads has activities (new captures have none), then one stamped update for all. */
  @Override
  public Future<Long> restampAll(String tenantId, List<String> leadIds) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    Bson ofLeads = Filters.and(Filters.eq(TENANT, tenantId), Filters.in(LEAD, leadIds));
    return MongoFutures.first(
            collection.find(ofLeads).projection(new Document(ID, 1)).limit(1))
        .compose(any -> any.isEmpty()
            ? Future.succeededFuture(0L)
            : stamper
                .stamped(
                    tenantId,
                    1,
                    seq -> MongoFutures.one(
                        collection.updateMany(ofLeads, Updates.set(ChangeStamper.FIELD, seq))))
                .map(r -> r.getModifiedCount()));
  }

  static Document toDocument(Activity a) {
    Document d = new Document(ID, a.id())
        .append(TENANT, a.tenantId())
        .append(LEAD, a.leadId())
        .append(Activities.TYPE, a.type().wire())
        .append(Activities.OCCURRED_AT, BsonMapping.date(a.occurredAt()))
        .append(Activities.RECEIVED_AT, BsonMapping.date(a.receivedAt()))
        .append(Activities.USER, a.userId())
        .append(Activities.DEVICE, a.deviceId())
        .append(a.type().wire(), BsonMapping.sub(a.details(a.type())))
        .append(VERSION, a.version())
        .append(CREATED_AT, BsonMapping.date(a.createdAt()))
        .append(UPDATED_AT, BsonMapping.date(a.updatedAt()))
        .append(Activities.MERGED_FROM, a.mergedFromLeadId())
        .append(FINGERPRINT, a.fingerprint());
    return BsonMapping.compact(d);
  }

  public static Activity fromDocument(Document d) {
    ActivityType type = ActivityType.of(d.getString(Activities.TYPE));
    Document details = d.get(type.wire(), Document.class);
    return new Activity(
        d.getString(ID),
        d.getString(TENANT),
        d.getString(LEAD),
        type,
        BsonMapping.instant(d, Activities.OCCURRED_AT),
        BsonMapping.instant(d, Activities.RECEIVED_AT),
        d.getString(Activities.USER),
        d.getString(Activities.DEVICE),
        type == ActivityType.CALL ? BsonMapping.read(details, Activity.Call.class) : null,
        type == ActivityType.EMAIL ? BsonMapping.read(details, Activity.Email.class) : null,
        type == ActivityType.MEETING ? BsonMapping.read(details, Activity.Meeting.class) : null,
        type == ActivityType.VISIT ? BsonMapping.read(details, Activity.Visit.class) : null,
        type == ActivityType.NOTE ? BsonMapping.read(details, Activity.Note.class) : null,
        d.get(VERSION, Number.class).longValue(),
        BsonMapping.instant(d, CREATED_AT),
        BsonMapping.instant(d, UPDATED_AT),
        d.getString(Activities.MERGED_FROM),
        d.getString(FINGERPRINT));
  }
}
