package com.fieldlead.activity.store;

import static com.fieldlead.activity.store.ActivitySchema.CREATED_AT;
import static com.fieldlead.activity.store.ActivitySchema.FINGERPRINT;
import static com.fieldlead.activity.store.ActivitySchema.ID;
import static com.fieldlead.activity.store.ActivitySchema.LEAD;
import static com.fieldlead.activity.store.ActivitySchema.TENANT;
import static com.fieldlead.activity.store.ActivitySchema.UPDATED_AT;
import static com.fieldlead.activity.store.ActivitySchema.VERSION;

import com.fieldlead.activity.model.Cadence;
import com.fieldlead.activity.model.CadenceRun;
import com.fieldlead.activity.store.ActivitySchema.Cadences;
import com.fieldlead.activity.store.ActivitySchema.Runs;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link CadenceRepository} on MongoDB (or the embedded store). */
public final class MongoCadenceRepository implements CadenceRepository {

  private final MongoCollection<Document> cadences;
  private final MongoCollection<Document> runs;

  public MongoCadenceRepository(MongoStore store) {
    this.cadences = store.collection(Cadences.COLLECTION);
    this.runs = store.collection(Runs.COLLECTION);
  }

  @Override
  public Future<Boolean> insertIfAbsent(Cadence c) {
    Document d = BsonMapping.compact(new Document(ID, c.id())
        .append(TENANT, c.tenantId())
        .append(Cadences.NAME, c.name())
        .append(Cadences.DESCRIPTION, c.description())
        .append(Cadences.STEPS, BsonMapping.subs(c.steps()))
        .append(Cadences.CREATED_BY, c.createdBy())
        .append(VERSION, c.version())
        .append(CREATED_AT, BsonMapping.date(c.createdAt()))
        .append(UPDATED_AT, BsonMapping.date(c.updatedAt()))
        .append(FINGERPRINT, c.fingerprint()));
    return insert(cadences, d);
  }

  @Override
  public Future<Optional<Cadence>> find(String tenantId, String id) {
    return MongoFutures.first(cadences.find(byId(tenantId, id)))
        .map(d -> d.map(MongoCadenceRepository::cadence));
  }

  @Override
  public Future<List<Cadence>> list(String tenantId, int limit) {
    return MongoFutures.list(cadences
            .find(Filters.eq(TENANT, tenantId))
            .sort(Sorts.ascending(Cadences.NAME, ID))
            .limit(limit))
        .map(docs -> docs.stream().map(MongoCadenceRepository::cadence).toList());
  }

  @Override
  public Future<Boolean> insertRunIfAbsent(CadenceRun r) {
    Document d = BsonMapping.compact(new Document(ID, r.id())
        .append(TENANT, r.tenantId())
        .append(Runs.CADENCE, r.cadenceId())
        .append(Runs.CADENCE_NAME, r.cadenceName())
        .append(LEAD, r.leadId())
        .append(Runs.OWNER, r.ownerId())
        .append(Runs.TEAM, r.teamId())
        .append(Runs.TIME_ZONE, r.timeZone())
        .append(Runs.START_DATE, r.startDate().toString())
        .append(Runs.STATUS, r.status().wire())
        .append(Runs.STOP_REASON, r.stopReason())
        .append(Runs.STEPS, BsonMapping.subs(r.steps()))
        .append(Runs.APPLIED_BY, r.appliedBy())
        .append(VERSION, r.version())
        .append(CREATED_AT, BsonMapping.date(r.createdAt()))
        .append(UPDATED_AT, BsonMapping.date(r.updatedAt()))
        .append(FINGERPRINT, r.fingerprint()));
    return insert(runs, d);
  }

  @Override
  public Future<Optional<CadenceRun>> findRun(String tenantId, String id) {
    return MongoFutures.first(runs.find(byId(tenantId, id)))
        .map(d -> d.map(MongoCadenceRepository::run));
  }

  @Override
  public Future<List<CadenceRun>> runsOfLead(String tenantId, String leadId) {
    return MongoFutures.list(
            runs.find(Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, leadId)))
                .sort(Sorts.ascending(CREATED_AT, ID)))
        .map(docs -> docs.stream().map(MongoCadenceRepository::run).toList());
  }

  @Override
  public Future<Long> stopActiveRuns(String tenantId, String leadId, String reason, Instant now) {
    Bson filter = Filters.and(
        Filters.eq(TENANT, tenantId),
        Filters.eq(LEAD, leadId),
        Filters.eq(Runs.STATUS, CadenceRun.Status.ACTIVE.wire()));
    return MongoFutures.one(runs.updateMany(
            filter,
            Updates.combine(
                Updates.set(Runs.STATUS, CadenceRun.Status.STOPPED.wire()),
                    Updates.set(Runs.STOP_REASON, reason),
                Updates.set(UPDATED_AT, BsonMapping.date(now)), Updates.inc(VERSION, 1L))))
        .map(r -> r.getModifiedCount());
  }

  @Override
  public Future<Set<String>> leadsWithActiveRuns(String tenantId, Collection<String> leadIds) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return MongoFutures.list(runs.find(Filters.and(
                Filters.eq(TENANT, tenantId),
                Filters.in(LEAD, leadIds),
                Filters.eq(Runs.STATUS, CadenceRun.Status.ACTIVE.wire())))
            .projection(Projections.include(LEAD)))
        .map(docs -> docs.stream().map(d -> d.getString(LEAD)).collect(Collectors.toSet()));
  }

  @Override
  public Future<Long> repointRuns(
      String tenantId, String fromLeadId, String toLeadId, Instant now) {
    return MongoFutures.one(runs.updateMany(
            Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(LEAD, fromLeadId)),
            Updates.combine(
                Updates.set(LEAD, toLeadId),
                Updates.set(UPDATED_AT, BsonMapping.date(now)),
                Updates.inc(VERSION, 1L))))
        .map(r -> r.getModifiedCount());
  }

  private static Bson byId(String tenantId, String id) {
    return Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(ID, id));
  }

  private static Future<Boolean> insert(MongoCollection<Document> collection, Document d) {
    return MongoFutures.one(collection.insertOne(d))
        .map(r -> true)
        .recover(e ->
            BsonMapping.isDuplicateKey(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  private static Cadence cadence(Document d) {
    return new Cadence(
        d.getString(ID),
        d.getString(TENANT),
        d.getString(Cadences.NAME),
        d.getString(Cadences.DESCRIPTION),
        BsonMapping.reads(d.getList(Cadences.STEPS, Document.class), Cadence.Step.class),
        d.getString(Cadences.CREATED_BY),
        d.get(VERSION, Number.class).longValue(),
        BsonMapping.instant(d, CREATED_AT),
        BsonMapping.instant(d, UPDATED_AT),
        d.getString(FINGERPRINT));
  }

  private static CadenceRun run(Document d) {
    return new CadenceRun(
        d.getString(ID),
        d.getString(TENANT),
        d.getString(Runs.CADENCE),
        d.getString(Runs.CADENCE_NAME),
        d.getString(LEAD),
        d.getString(Runs.OWNER),
        d.getString(Runs.TEAM),
        d.getString(Runs.TIME_ZONE),
        LocalDate.parse(d.getString(Runs.START_DATE)),
        CadenceRun.Status.of(d.getString(Runs.STATUS)),
        d.getString(Runs.STOP_REASON),
        BsonMapping.reads(d.getList(Runs.STEPS, Document.class), CadenceRun.RunStep.class),
        null,
        d.getString(Runs.APPLIED_BY),
        d.get(VERSION, Number.class).longValue(),
        BsonMapping.instant(d, CREATED_AT),
        BsonMapping.instant(d, UPDATED_AT),
        d.getString(FINGERPRINT));
  }
}
