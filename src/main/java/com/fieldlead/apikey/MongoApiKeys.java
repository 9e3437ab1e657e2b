package com.fieldlead.apikey;

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

/** API keys in MongoDB (collection {@code api_keys}): the hash of the secret, never the secret. */
final class MongoApiKeys {

  static final String COLLECTION = "api_keys";
  static final String TENANT_ID = "tenantId";
  static final String NAME = "name";
  static final String SCOPES = "scopes";
  static final String HASH = "secretHash";
  static final String HINT = "hint";
  static final String EXPIRES_AT = "expiresAt";
  static final String RATE = "rateLimitPerMinute";
  static final String CREATED_AT = "createdAt";
  static final String CREATED_BY = "createdBy";
  static final String REVOKED_AT = "revokedAt";
  static final String REVOKED_BY = "revokedBy";

  /** A stored key and the hash its secret must match. */
  record Stored(ApiKey key, String hash) {}

  private final MongoCollection<Document> keys;

  MongoApiKeys(MongoStore store) {
    this.keys = store.collection(COLLECTION);
  }

  List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(COLLECTION, "api_keys_tenant", Indexes.ascending(TENANT_ID, CREATED_AT)));
  }

  Future<Void> insert(ApiKey k, String hash) {
    Document d = new Document("_id", k.id())
        .append(TENANT_ID, k.tenantId())
        .append(NAME, k.name())
        .append(SCOPES, k.scopes())
        .append(HASH, hash)
        .append(HINT, k.hint())
        .append(EXPIRES_AT, Date.from(k.expiresAt()))
        .append(RATE, k.rateLimitPerMinute())
        .append(CREATED_AT, Date.from(k.createdAt()))
        .append(CREATED_BY, k.createdBy());
    return MongoFutures.one(keys.insertOne(d)).mapEmpty();
  }

  /** A key by id alone (the secret names it; its tenant is then the key's), with its hash. */
  Future<Optional<Stored>> byId(String id) {
    return MongoFutures.first(keys.find(Filters.eq("_id", id)))
        .map(d -> d.map(doc -> new Stored(key(doc), doc.getString(HASH))));
  }

  Future<Optional<ApiKey>> find(String tenantId, String id) {
    return MongoFutures.first(
            keys.find(Filters.and(Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId))))
        .map(d -> d.map(MongoApiKeys::key));
  }

  Future<List<ApiKey>> list(String tenantId) {
    return MongoFutures.list(
            keys.find(Filters.eq(TENANT_ID, tenantId)).sort(Sorts.ascending(CREATED_AT)))
        .map(docs -> docs.stream().map(MongoApiKeys::key).toList());
  }

  /** Revokes the tenant's key unless it is revoked already; answers it as it is now, empty when there is none. */
  Future<Optional<ApiKey>> revoke(String tenantId, String id, String by, Instant at) {
    return MongoFutures.first(keys.findOneAndUpdate(
            Filters.and(
                Filters.eq("_id", id),
                Filters.eq(TENANT_ID, tenantId),
                Filters.eq(REVOKED_AT, null)),
            Updates.combine(Updates.set(REVOKED_AT, Date.from(at)), Updates.set(REVOKED_BY, by)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
        .compose(d ->
            d.isPresent() ? Future.succeededFuture(d.map(MongoApiKeys::key)) : find(tenantId, id));
  }

  private static ApiKey key(Document d) {
    Date revoked = d.getDate(REVOKED_AT);
    return new ApiKey(
        d.getString("_id"),
        d.getString(TENANT_ID),
        d.getString(NAME),
        d.getList(SCOPES, String.class),
        d.getDate(EXPIRES_AT).toInstant(),
        d.get(RATE, Number.class).intValue(),
        d.getString(HINT),
        d.getDate(CREATED_AT).toInstant(),
        d.getString(CREATED_BY),
        revoked == null ? null : revoked.toInstant(),
        d.getString(REVOKED_BY));
  }
}
