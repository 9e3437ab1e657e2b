package com.fieldlead.webhook;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Webhook subscriptions in MongoDB (collection {@code webhook_subscriptions}), always by tenant. */
final class MongoWebhooks {

  static final String COLLECTION = "webhook_subscriptions";
  static final String TENANT_ID = "tenantId";
  static final String URL = "url";
  static final String EVENTS = "events";
  static final String ENABLED = "enabled";
  static final String DESCRIPTION = "description";
  static final String SECRET = "secret";
  static final String PREVIOUS_SECRET = "previousSecret";
  static final String PREVIOUS_SECRET_UNTIL = "previousSecretUntil";
  static final String CREATED_AT = "createdAt";
  static final String CREATED_BY = "createdBy";
  static final String UPDATED_AT = "updatedAt";
  static final String FAILING_SINCE = "failingSince";
  static final String DISABLED_AT = "disabledAt";
  static final String DISABLED_REASON = "disabledReason";

  private final MongoCollection<Document> subs;

  MongoWebhooks(MongoStore store) {
    this.subs = store.collection(COLLECTION);
  }

  List<IndexDef> indexes() {
    return List.of(IndexDef.of(
        COLLECTION, "webhook_subscriptions_tenant", Indexes.ascending(TENANT_ID, CREATED_AT)));
  }

  Future<Void> insert(Subscription s) {
    return MongoFutures.one(subs.insertOne(toDocument(s))).mapEmpty();
  }

  Future<Optional<Subscription>> find(String tenantId, String id) {
    return MongoFutures.first(
            subs.find(Filters.and(Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId))))
        .map(d -> d.map(MongoWebhooks::fromDocument));
  }

  Future<List<Subscription>> list(String tenantId) {
    return MongoFutures.list(
            subs.find(Filters.eq(TENANT_ID, tenantId)).sort(Sorts.ascending(CREATED_AT)))
        .map(docs -> docs.stream().map(MongoWebhooks::fromDocument).toList());
  }

  /** Every subscription of these tenants, enabled or not (the fan-out filters). */
  Future<List<Subscription>> ofTenants(List<String> tenantIds) {
    return MongoFutures.list(subs.find(Filters.in(TENANT_ID, tenantIds)))
        .map(docs -> docs.stream().map(MongoWebhooks::fromDocument).toList());
  }

  Future<List<Subscription>> byIds(List<String> ids) {
    return MongoFutures.list(subs.find(Filters.in("_id", ids)))
        .map(docs -> docs.stream().map(MongoWebhooks::fromDocument).toList());
  }

  /** Applies {@code update} to the tenant's subscription; answers it as updated, empty when there is none. */
  Future<Optional<Subscription>> update(String tenantId, String id, Bson update) {
    return MongoFutures.first(subs.findOneAndUpdate(
            Filters.and(Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId)),
            update,
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
        .map(d -> d.map(MongoWebhooks::fromDocument));
  }

  Future<Boolean> delete(String tenantId, String id) {
    return MongoFutures.one(
            subs.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId))))
        .map(r -> r.getDeletedCount() == 1);
  }

  /** Records a failed delivery: the first failure since the last success starts {@code failingSince}. */
  Future<Void> failing(String id, Instant now) {
    return MongoFutures.one(subs.updateOne(
            Filters.and(Filters.eq("_id", id), Filters.eq(FAILING_SINCE, null)),
            Updates.set(FAILING_SINCE, Date.from(now))))
        .mapEmpty();
  }

  /** Records a successful delivery: the subscription is healthy again. */
  Future<Void> healthy(String id) {
    return MongoFutures.one(subs.updateOne(
            Filters.and(Filters.eq("_id", id), Filters.ne(FAILING_SINCE, null)),
            Updates.unset(FAILING_SINCE)))
        .mapEmpty();
  }

  /** Turns the subscription off for {@code reason}; true when this call did (it was on). */
  Future<Boolean> disable(String id, String reason, Instant now) {
    return MongoFutures.one(subs.updateOne(
            Filters.and(Filters.eq("_id", id), Filters.eq(ENABLED, true)),
            Updates.combine(
                Updates.set(ENABLED, false),
                Updates.set(DISABLED_AT, Date.from(now)),
                Updates.set(DISABLED_REASON, reason),
                Updates.set(UPDATED_AT, Date.from(now)))))
        .map(r -> r.getModifiedCount() == 1);
  }

  static Document toDocument(Subscription s) {
    return new Document("_id", s.id())
        .append(TENANT_ID, s.tenantId())
        .append(URL, s.url())
        .append(EVENTS, s.events())
        .append(ENABLED, s.enabled())
        .append(DESCRIPTION, s.description())
        .append(SECRET, s.sealedSecret())
        .append(PREVIOUS_SECRET, s.sealedPreviousSecret())
        .append(PREVIOUS_SECRET_UNTIL, date(s.previousSecretUntil()))
        .append(CREATED_AT, date(s.createdAt()))
        .append(CREATED_BY, s.createdBy())
        .append(UPDATED_AT, date(s.updatedAt()))
        .append(FAILING_SINCE, date(s.failingSince()))
        .append(DISABLED_AT, date(s.disabledAt()))
        .append(DISABLED_REASON, s.disabledReason());
  }

  static Subscription fromDocument(Document d) {
    return new Subscription(
        d.getString("_id"),
        d.getString(TENANT_ID),
        d.getString(URL),
        d.getList(EVENTS, String.class, List.of()),
        d.getBoolean(ENABLED, false),
        d.getString(DESCRIPTION),
        d.getString(SECRET),
        d.getString(PREVIOUS_SECRET),
        instant(d.getDate(PREVIOUS_SECRET_UNTIL)),
        instant(d.getDate(CREATED_AT)),
        d.getString(CREATED_BY),
        instant(d.getDate(UPDATED_AT)),
        instant(d.getDate(FAILING_SINCE)),
        instant(d.getDate(DISABLED_AT)),
        d.getString(DISABLED_REASON));
  }

  static Date date(Instant i) {
    return i == null ? null : Date.from(i);
  }

  static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
