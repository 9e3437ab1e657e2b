package com.fieldlead.capture.scan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fieldlead.json.Json;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link BadgeFormatRepository} on MongoDB: one document per tenant and event, the layout as its JSON. */
final class MongoBadgeFormatRepository implements BadgeFormatRepository {

  private static final String TENANT_ID = "tenantId";
  private static final String EVENT_ID = "eventId";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final MongoCollection<Document> collection;

  MongoBadgeFormatRepository(MongoStore store) {
    this.collection = store.collection(COLLECTION);
  }

  @Override
  public List<IndexDef> indexes() {
    return List.of(
        IndexDef.unique(COLLECTION, "tenant_event", Indexes.ascending(TENANT_ID, EVENT_ID)));
  }

  private static Bson key(String tenantId, String eventId) {
    return Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(EVENT_ID, eventId));
  }

  @Override
  public Future<Optional<BadgeFormat>> find(String tenantId, String eventId) {
    return MongoFutures.first(collection.find(key(tenantId, eventId)).limit(1))
        .map(found -> found.map(d -> {
          d.remove("_id");
          d.remove(TENANT_ID);
          return Json.MAPPER.convertValue(d, BadgeFormat.class);
        }));
  }

  @Override
  public Future<Void> put(String tenantId, BadgeFormat format) {
    Document doc = new Document(Json.MAPPER.convertValue(format, MAP)).append(TENANT_ID, tenantId);
    return MongoFutures.one(collection.replaceOne(
            key(tenantId, format.eventId()), doc, new ReplaceOptions().upsert(true)))
        .mapEmpty();
  }
}
