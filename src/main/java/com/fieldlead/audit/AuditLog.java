package com.fieldlead.audit;

import com.fieldlead.auth.ApiKeys;
import com.fieldlead.auth.AuditTrail;
import com.fieldlead.auth.Principal;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit log in MongoDB (collection {@code audit_log}), append-only and always read by tenant. */
public final class AuditLog implements AuditTrail {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  static final String COLLECTION = "audit_log";
  static final String TENANT_ID = "tenantId";
  static final String AT = "at";
  static final String ACTOR_USER = "actorUserId";
  static final String ACTOR_KEY = "actorKeyId";
  static final String ACTION = "action";
  static final String TARGET_TYPE = "targetType";
  static final String TARGET_ID = "targetId";
  static final String DETAILS = "details";

  /** What a query of the log may filter on; null members do not filter. */
  public record Query(
      String action, String targetType, String targetId, Instant since, Instant until, int limit) {}

  private final MongoCollection<Document> log;
  private final Clock clock;

  public AuditLog(MongoStore store, Clock clock) {
    this.log = store.collection(COLLECTION);
    this.clock = clock;
  }

  public List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(COLLECTION, "audit_log_tenant_at", Indexes.ascending(TENANT_ID, AT)),
        IndexDef.of(COLLECTION, "audit_log_target", Indexes.ascending(TENANT_ID, TARGET_ID, AT)));
  }

  @Override
  public Future<Void> record(
      Principal actor,
      String action,
      String targetType,
      String targetId,
      Map<String, Object> details) {
    Document doc = new Document("_id", UUID.randomUUID().toString())
        .append(TENANT_ID, actor.tenantId())
        .append(AT, Date.from(clock.instant()))
        .append(ACTOR_USER, actor.userId())
        .append(ACTOR_KEY, ApiKeys.keyOf(actor))
        .append(ACTION, action)
        .append(TARGET_TYPE, targetType)
        .append(TARGET_ID, targetId)
        .append(DETAILS, new Document(details == null ? Map.of() : details));
    LOG.info(
        "audit [tenant={}, actor={}, action={}, target={}:{}]",
        actor.tenantId(),
        actor.userId(),
        action,
        targetType,
        targetId);
    return MongoFutures.one(log.insertOne(doc)).mapEmpty();
  }

  /** The tenant's entries matching {@code q}, newest first. */
  public Future<List<AuditEntry>> query(String tenantId, Query q) {
    List<Bson> and = new ArrayList<>();
    and.add(Filters.eq(TENANT_ID, tenantId));
    if (q.action() != null) {
      and.add(Filters.eq(ACTION, q.action()));
    }
    if (q.targetType() != null) {
      and.add(Filters.eq(TARGET_TYPE, q.targetType()));
    }
    if (q.targetId() != null) {
      and.add(Filters.eq(TARGET_ID, q.targetId()));
    }
    if (q.since() != null) {
      and.add(Filters.gte(AT, Date.from(q.since())));
    }
    if (q.until() != null) {
      and.add(Filters.lt(AT, Date.from(q.until())));
    }
    return MongoFutures.list(
            log.find(Filters.and(and)).sort(Sorts.descending(AT)).limit(q.limit()))
        .map(docs -> docs.stream().map(AuditLog::entry).toList());
  }

  private static AuditEntry entry(Document d) {
    Document details = d.get(DETAILS, Document.class);
    return new AuditEntry(
        d.getString("_id"),
        d.getDate(AT).toInstant(),
        d.getString(ACTOR_USER),
        d.getString(ACTOR_KEY),
        d.getString(ACTION),
        d.getString(TARGET_TYPE),
        d.getString(TARGET_ID),
        details == null ? Map.of() : new LinkedHashMap<>(details));
  }
}
