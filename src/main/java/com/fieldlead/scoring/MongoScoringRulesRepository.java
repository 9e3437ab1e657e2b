package com.fieldlead.scoring;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.SettingsCache;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Collection {@code scoring_rules}: {@code _id} = tenantId:version, the rules as a JSON string (map keys such as
 * industry names may contain dots, which BSON field names should not), version, updatedAt, updatedBy.
 */
final class MongoScoringRulesRepository implements ScoringRulesRepository {

  static final String COLLECTION = "scoring_rules";
  static final String TENANT_ID = "tenantId";
  static final String VERSION = "version";
  static final String RULES = "rulesJson";
  static final String UPDATED_AT = "updatedAt";
  static final String UPDATED_BY = "updatedBy";

  private final MongoCollection<Document> rules;
  private final SettingsCache<String, Optional<Stored>> recent;

  MongoScoringRulesRepository(MongoStore store) {
    this.rules = store.collection(COLLECTION);
    this.recent = new SettingsCache<>(store, COLLECTION);
  }

  @Override
  public List<IndexDef> indexes() {
    return List.of(IndexDef.unique(
        COLLECTION,
        "scoring_rules_tenant_version",
        Indexes.compoundIndex(Indexes.ascending(TENANT_ID), Indexes.descending(VERSION))));
  }

  @Override
  public Future<Optional<Stored>> current(String tenantId) {
    return MongoFutures.first(rules
            .find(Filters.eq(TENANT_ID, tenantId))
            .sort(Sorts.descending(VERSION))
            .limit(1))
        .map(d -> d.map(x ->
            new Stored(tenantId, RulesJson.read(x.getString(RULES)), x.getString(UPDATED_BY))));
  }

  @Override
  public Future<Optional<Stored>> recent(String tenantId) {
    return recent.get(tenantId, this::current);
  }

  @Override
  public Future<Boolean> insert(Stored s) {
    Document doc = new Document("_id", s.tenantId() + ":" + s.rules().version())
        .append(TENANT_ID, s.tenantId())
        .append(VERSION, s.rules().version())
        .append(RULES, RulesJson.write(s.rules()))
        .append(
            UPDATED_AT,
            s.rules().updatedAt() == null ? null : Date.from(s.rules().updatedAt()))
        .append(UPDATED_BY, s.updatedBy());
    return MongoFutures.one(rules.insertOne(doc))
        .map(r -> true)
        .recover(e -> {
          if (e instanceof MongoWriteException w
              && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(e);
        })
        .onComplete(x -> recent.invalidate(s.tenantId()));
  }

  @Override
  public Future<List<VersionInfo>> versions(String tenantId, int limit) {
    return MongoFutures.list(rules
            .find(Filters.eq(TENANT_ID, tenantId))
            .projection(Projections.include(VERSION, UPDATED_AT, UPDATED_BY))
            .sort(Sorts.descending(VERSION))
            .limit(limit))
        .map(docs -> docs.stream()
            .map(d -> new VersionInfo(
                d.getInteger(VERSION),
                d.getDate(UPDATED_AT) == null ? null : d.getDate(UPDATED_AT).toInstant(),
                d.getString(UPDATED_BY)))
            .toList());
  }
}
