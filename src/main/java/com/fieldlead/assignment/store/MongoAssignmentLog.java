package com.fieldlead.assignment.store;

import static com.fieldlead.assignment.store.AssignmentSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.assignment.model.Assignment;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The assignment history ({@code lead_assignments}, append-only) and which leads wait in which queue
 * ({@code lead_queues}: one document per queued lead; removed when the lead gets an owner).
 */
public final class MongoAssignmentLog {

  /** A queued lead. */
  public record Queued(String leadId, String queue, Instant at) {}

  private final MongoCollection<Document> assignments;
  private final MongoCollection<Document> queues;

  public MongoAssignmentLog(MongoStore store) {
    this.assignments = store.collection(LEAD_ASSIGNMENTS);
    this.queues = store.collection(LEAD_QUEUES);
  }

  /** Appends {@code a}; a replay of the same id is ignored. */
  public Future<Void> append(String tenantId, Assignment a) {
    return MongoFutures.one(assignments.insertOne(toDocument(tenantId, a)))
        .<Void>mapEmpty()
        .recover(e -> isDuplicateKey(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** {@link #append} for several assignments of one tenant, in one insert (one already stored is left as it is). */
  public Future<Void> appendAll(String tenantId, List<Assignment> all) {
    return all.isEmpty()
        ? Future.succeededFuture()
        : MongoFutures.insertSkippingDuplicates(
                assignments, all.stream().map(a -> toDocument(tenantId, a)).toList())
            .mapEmpty();
  }

  private static Document toDocument(String tenantId, Assignment a) {
    return new Document(TENANT_ID, tenantId)
        .append(ID, a.id())
        .append(LEAD_ID, a.leadId())
        .append(OWNER_ID, a.ownerId())
        .append(TEAM_ID, a.teamId())
        .append(QUEUE, a.queue())
        .append(RULE_ID, a.ruleId())
        .append(REASON, a.reason())
        .append(AT, date(a.at()))
        .append(BY, a.by())
        .append(BY_KIND, a.byKind())
        .append("previousOwnerId", a.previousOwnerId());
  }

  /** The lead's assignments, oldest first (at most {@code limit}). */
  public Future<List<Assignment>> history(String tenantId, String leadId, int limit) {
    return MongoFutures.list(assignments
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(LEAD_ID, leadId)))
            .sort(Sorts.ascending(AT, ID))
            .limit(limit))
        .map(docs -> docs.stream()
            .map(d -> new Assignment(
                d.getString(ID),
                d.getString(LEAD_ID),
                d.getString(OWNER_ID),
                d.getString(TEAM_ID),
                d.getString(QUEUE),
                d.getString(RULE_ID),
                d.getString(REASON),
                instant(d.getDate(AT)),
                d.getString(BY),
                d.getString(BY_KIND),
                d.getString("previousOwnerId")))
            .toList());
  }

  public Future<Void> enqueue(String tenantId, String leadId, String queue, Instant at) {
    Document doc = new Document(TENANT_ID, tenantId)
        .append(LEAD_ID, leadId)
        .append(QUEUE, queue)
        .append(AT, date(at));
    return MongoFutures.one(
            queues.replaceOne(key(tenantId, leadId), doc, new ReplaceOptions().upsert(true)))
        .mapEmpty();
  }

  /** {@link #enqueue} for several leads of one tenant, in one bulk write. */
  public Future<Void> enqueueAll(String tenantId, List<String> leadIds, String queue, Instant at) {
    if (leadIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<WriteModel<Document>> writes = leadIds.stream()
        .<WriteModel<Document>>map(id -> new ReplaceOneModel<>(
            key(tenantId, id),
            new Document(TENANT_ID, tenantId)
                .append(LEAD_ID, id)
                .append(QUEUE, queue)
                .append(AT, date(at)),
            new ReplaceOptions().upsert(true)))
        .toList();
    return MongoFutures.one(queues.bulkWrite(writes)).mapEmpty();
  }

  /** {@link #dequeue} for several leads of one tenant, in one delete. */
  public Future<Void> dequeueAll(String tenantId, List<String> leadIds) {
    return leadIds.isEmpty()
        ? Future.succeededFuture()
        : MongoFutures.one(queues.deleteMany(
                Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(LEAD_ID, leadIds))))
            .mapEmpty();
  }

  public Future<Void> dequeue(String tenantId, String leadId) {
    return MongoFutures.one(queues.deleteOne(key(tenantId, leadId))).mapEmpty();
  }

  /** Leads in queues other than {@code keep}. */
  public Future<List<Queued>> queuedOutside(String tenantId, String keep, int limit) {
    return MongoFutures.list(queues
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.ne(QUEUE, keep)))
            .sort(Sorts.ascending(AT))
            .limit(limit))
        .map(MongoAssignmentLog::toQueued);
  }

  Future<List<Queued>> inQueue(String tenantId, String queue, int limit) {
    return MongoFutures.list(queues
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(QUEUE, queue)))
            .sort(Sorts.ascending(AT))
            .limit(limit))
        .map(MongoAssignmentLog::toQueued);
  }

  /** Moves one queued lead from {@code from} to {@code to}; false when it is no longer in {@code from}. */
  public Future<Boolean> move(String tenantId, String leadId, String from, String to, Instant at) {
    return MongoFutures.one(queues.updateOne(
            Filters.and(key(tenantId, leadId), Filters.eq(QUEUE, from)),
            new Document("$set", new Document(QUEUE, to).append(AT, date(at)))))
        .map(r -> r.getModifiedCount() == 1);
  }

  private static List<Queued> toQueued(List<Document> docs) {
    return docs.stream()
        .map(d -> new Queued(d.getString(LEAD_ID), d.getString(QUEUE), instant(d.getDate(AT))))
        .toList();
  }

  private static Bson key(String tenantId, String leadId) {
    return Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(LEAD_ID, leadId));
  }
}
