package com.fieldlead.lead.store;

import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Tenant-scoped records keyed by (tenantId, id) in one collection, through {@link StoreCodec}. */
final class MongoRecords<T> {

  private final MongoCollection<Document> collection;
  private final Class<T> type;

  MongoRecords(MongoStore store, String name, Class<T> type) {
    this.collection = store.collection(name);
    this.type = type;
  }

  private static Bson key(String tenantId, String id) {
    return Filters.and(Filters.eq(LeadFields.TENANT_ID, tenantId), Filters.eq(LeadFields.ID, id));
  }

  /** False when the id exists in the tenant. */
  Future<Boolean> insert(String tenantId, T record) {
    Document doc = StoreCodec.toDocument(record).append(LeadFields.TENANT_ID, tenantId);
    return MongoFutures.one(collection.insertOne(doc)).map(r -> true).recover(e -> {
      if (e instanceof MongoWriteException w
          && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return Future.succeededFuture(false);
      }
      return Future.failedFuture(e);
    });
  }

  Future<Optional<T>> find(String tenantId, String id) {
    return MongoFutures.first(collection.find(key(tenantId, id)).limit(1))
        .map(d -> d.map(x -> StoreCodec.fromDocument(x, type)));
  }

  Future<List<T>> list(String tenantId, Bson filter, Bson sort, int limit) {
    Bson all = filter == null
        ? Filters.eq(LeadFields.TENANT_ID, tenantId)
        : Filters.and(Filters.eq(LeadFields.TENANT_ID, tenantId), filter);
    return MongoFutures.list(collection.find(all).sort(sort).limit(limit))
        .map(docs -> docs.stream().map(x -> StoreCodec.fromDocument(x, type)).toList());
  }

  /** Replaces the record if its stored version is {@code expectedVersion}. */
  Future<Boolean> replace(String tenantId, String id, long expectedVersion, T record) {
    Document doc = StoreCodec.toDocument(record).append(LeadFields.TENANT_ID, tenantId);
    Bson filter = Filters.and(key(tenantId, id), Filters.eq(LeadFields.VERSION, expectedVersion));
    return MongoFutures.one(collection.replaceOne(filter, doc)).map(r -> r.getMatchedCount() == 1);
  }

  Future<Boolean> delete(String tenantId, String id) {
    return MongoFutures.one(collection.deleteOne(key(tenantId, id)))
        .map(r -> r.getDeletedCount() == 1);
  }
}
