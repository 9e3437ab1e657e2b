package com.fieldlead.csv;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Saved column mappings of a tenant ({@code csv_mappings}): a name, and for each CSV header the lead field it fills
 * ({@code ""}: not imported). Headers are stored as values, not keys: a header may hold a dot or a dollar sign.
 */
final class ImportMappings {

  static final String COLLECTION = "csv_mappings";
  private static final String ID = "_id";
  private static final String TENANT = "tenantId";
  private static final String MAPPING_ID = "id";
  private static final String COLUMNS = "columns";
  private static final String HEADER = "header";
  private static final String FIELD = "field";
  private static final String UPDATED_AT = "updatedAt";
  private static final String UPDATED_BY = "updatedBy";

  /** A saved mapping as answered. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Mapping(String id, Map<String, String> columns, Instant updatedAt, String updatedBy) {
    Mapping {
      columns =
          columns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
  }

  private final MongoCollection<Document> coll;

  ImportMappings(MongoStore store) {
    this.coll = store.collection(COLLECTION);
  }

  static List<IndexDef> indexes() {
    return List.of(
        IndexDef.unique(COLLECTION, "tenant_mapping", Indexes.ascending(TENANT, MAPPING_ID)));
  }

  Future<List<Mapping>> list(String tenantId) {
    return MongoFutures.list(
            coll.find(Filters.eq(TENANT, tenantId)).sort(Sorts.ascending(TENANT, MAPPING_ID)))
        .map(docs -> docs.stream().map(ImportMappings::fromDoc).toList());
  }

  Future<Optional<Mapping>> get(String tenantId, String id) {
    return MongoFutures.first(coll.find(Filters.eq(ID, key(tenantId, id))).first())
        .map(d -> d.map(ImportMappings::fromDoc));
  }

  Future<Mapping> put(String tenantId, Mapping m) {
    List<Document> columns = new ArrayList<>();
    m.columns().forEach((h, f) -> columns.add(new Document(HEADER, h).append(FIELD, f)));
    Document d = new Document(ID, key(tenantId, m.id()))
        .append(TENANT, tenantId)
        .append(MAPPING_ID, m.id())
        .append(COLUMNS, columns)
        .append(UPDATED_AT, Date.from(m.updatedAt()))
        .append(UPDATED_BY, m.updatedBy());
    return MongoFutures.one(
            coll.replaceOne(Filters.eq(ID, d.get(ID)), d, new ReplaceOptions().upsert(true)))
        .map(m);
  }

  private static String key(String tenantId, String id) {
    return tenantId + "/" + id;
  }

  private static Mapping fromDoc(Document d) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (Document c : d.getList(COLUMNS, Document.class, List.of())) {
      columns.put(c.getString(HEADER), c.getString(FIELD));
    }
    Date at = d.getDate(UPDATED_AT);
    return new Mapping(
        d.getString(MAPPING_ID),
        columns,
        at == null ? null : at.toInstant(),
        d.getString(UPDATED_BY));
  }
}
