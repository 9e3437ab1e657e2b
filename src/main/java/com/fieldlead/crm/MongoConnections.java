package com.fieldlead.crm;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** CRM connections in MongoDB (collection {@code crm_connections}), always by tenant but for the OAuth callback. */
final class MongoConnections {

  static final String COLLECTION = "crm_connections";
  static final String TENANT_ID = "tenantId";
  static final String SYSTEM = "system";
  static final String STATE = "state";
  static final String ENABLED = "enabled";
  static final String TRIGGER = "trigger";
  static final String QUALIFIED_STATUS = "qualifiedStatus";
  static final String EXTERNAL_ID_FIELD = "externalIdField";
  static final String MAPPING = "mapping";
  static final String OAUTH_STATE = "oauthState";
  static final String REFRESH_TOKEN = "refreshToken";
  static final String ACCESS_TOKEN = "accessToken";
  static final String ACCESS_EXPIRES_AT = "accessExpiresAt";
  static final String INSTANCE_URL = "instanceUrl";
  static final String CREATED_AT = "createdAt";
  static final String CREATED_BY = "createdBy";
  static final String CONNECTED_AT = "connectedAt";
  static final String UPDATED_AT = "updatedAt";

  private final MongoCollection<Document> connections;

  MongoConnections(MongoStore store) {
    this.connections = store.collection(COLLECTION);
  }

  List<IndexDef> indexes() {
    return List.of(
        new IndexDef(
            COLLECTION,
            Indexes.ascending(TENANT_ID, SYSTEM),
            new IndexOptions().name("crm_connections_system").unique(true)),
        IndexDef.of(COLLECTION, "crm_connections_oauth_state", Indexes.ascending(OAUTH_STATE)));
  }

  /** Stores a new connection; false when the tenant has one of that system already. */
  Future<Boolean> insert(Connection c) {
    return MongoFutures.one(connections.insertOne(toDocument(c))).map(r -> true).recover(e -> {
      if (e instanceof MongoWriteException w
          && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return Future.succeededFuture(false);
      }
      return Future.failedFuture(e);
    });
  }

  Future<Optional<Connection>> find(String tenantId, String id) {
    return MongoFutures.first(
            connections.find(Filters.and(Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId))))
        .map(d -> d.map(MongoConnections::fromDocument));
  }

  /** The connection whose connect flow handed out {@code oauthState} (the callback's only key). */
  Future<Optional<Connection>> byOauthState(String oauthState) {
    return MongoFutures.first(connections.find(Filters.eq(OAUTH_STATE, oauthState)))
        .map(d -> d.map(MongoConnections::fromDocument));
  }

  Future<List<Connection>> list(String tenantId) {
    return MongoFutures.list(
            connections.find(Filters.eq(TENANT_ID, tenantId)).sort(Sorts.ascending(CREATED_AT)))
        .map(docs -> docs.stream().map(MongoConnections::fromDocument).toList());
  }

  /** Enabled, connected connections of these tenants (the fan-out's question). */
  Future<List<Connection>> activeOf(List<String> tenantIds) {
    return MongoFutures.list(connections.find(Filters.and(
            Filters.in(TENANT_ID, tenantIds),
            Filters.eq(ENABLED, true),
            Filters.eq(STATE, Connection.CONNECTED))))
        .map(docs -> docs.stream().map(MongoConnections::fromDocument).toList());
  }

  Future<List<Connection>> byIds(List<String> ids) {
    return MongoFutures.list(connections.find(Filters.in("_id", ids)))
        .map(docs -> docs.stream().map(MongoConnections::fromDocument).toList());
  }

  /** Applies {@code update} to the connection {@code id} (of {@code tenantId} when not null); answers it as updated. */
  Future<Optional<Connection>> update(String tenantId, String id, Bson update) {
    Bson filter = tenantId == null
        ? Filters.eq("_id", id)
        : Filters.and(Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId));
    return MongoFutures.first(connections.findOneAndUpdate(
            filter, update, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
        .map(d -> d.map(MongoConnections::fromDocument));
  }

  Future<Boolean> delete(String tenantId, String id) {
    return MongoFutures.one(connections.deleteOne(
            Filters.and(Filters.eq("_id", id), Filters.eq(TENANT_ID, tenantId))))
        .map(r -> r.getDeletedCount() == 1);
  }

  static Document toDocument(Connection c) {
    return new Document("_id", c.id())
        .append(TENANT_ID, c.tenantId())
        .append(SYSTEM, c.system())
        .append(STATE, c.state())
        .append(ENABLED, c.enabled())
        .append(TRIGGER, c.trigger())
        .append(QUALIFIED_STATUS, c.qualifiedStatus())
        .append(EXTERNAL_ID_FIELD, c.externalIdField())
        .append(MAPPING, FieldMapping.toDocuments(c.mapping()))
        .append(OAUTH_STATE, c.oauthState())
        .append(REFRESH_TOKEN, c.sealedRefreshToken())
        .append(ACCESS_TOKEN, c.sealedAccessToken())
        .append(ACCESS_EXPIRES_AT, date(c.accessExpiresAt()))
        .append(INSTANCE_URL, c.instanceUrl())
        .append(CREATED_AT, date(c.createdAt()))
        .append(CREATED_BY, c.createdBy())
        .append(CONNECTED_AT, date(c.connectedAt()))
        .append(UPDATED_AT, date(c.updatedAt()));
  }

  static Connection fromDocument(Document d) {
    return new Connection(
        d.getString("_id"),
        d.getString(TENANT_ID),
        d.getString(SYSTEM),
        d.getString(STATE),
        d.getBoolean(ENABLED, false),
        d.getString(TRIGGER),
        d.getString(QUALIFIED_STATUS),
        d.getString(EXTERNAL_ID_FIELD),
        FieldMapping.fromDocuments(d.getList(MAPPING, Document.class, List.of())),
        d.getString(OAUTH_STATE),
        d.getString(REFRESH_TOKEN),
        d.getString(ACCESS_TOKEN),
        instant(d.getDate(ACCESS_EXPIRES_AT)),
        d.getString(INSTANCE_URL),
        instant(d.getDate(CREATED_AT)),
        d.getString(CREATED_BY),
        instant(d.getDate(CONNECTED_AT)),
        instant(d.getDate(UPDATED_AT)));
  }

  static Date date(Instant i) {
    return i == null ? null : Date.from(i);
  }

  static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
