package com.fieldlead.sync;

import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The sync feature's own collections: processed mutations (idempotency by device and client mutation id), conflict
 * records, rejected mutations, device sync state and the checkpoint signing key. Field names live here.
 */
final class SyncStores {

  static final String MUTATIONS = "sync_mutations";
  static final String CONFLICTS = "sync_conflicts";
  static final String REJECTIONS = "sync_rejections";
  static final String DEVICES = "sync_devices";
  static final String SETTINGS = "sync_settings";

  static final String ID = "_id";
  static final String TENANT = "tenantId";
  static final String USER = "userId";
  static final String DEVICE = "deviceId";
  static final String TEAMS = "teamIds";
  static final String STATUS = "status";
  static final String AT = "at";
  static final String RESULT = "result";
  static final String RESULT_JSON = "resultJson";
  static final String CLIENT_MUTATION_ID = "clientMutationId";

  static final String PENDING = "pending";
  static final String DONE = "done";

  private static final String CHECKPOINT_KEY_ID = "checkpoint-key";

  final MongoCollection<Document> mutations;
  final MongoCollection<Document> conflicts;
  final MongoCollection<Document> rejections;
  final MongoCollection<Document> devices;
  private final MongoCollection<Document> settings;

  SyncStores(MongoStore store) {
    this.mutations = store.collection(MUTATIONS);
    this.conflicts = store.collection(CONFLICTS);
    this.rejections = store.collection(REJECTIONS);
    this.devices = store.collection(DEVICES);
    this.settings = store.collection(SETTINGS);
  }

  static List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(CONFLICTS, "sync_conflicts_user", Indexes.ascending(TENANT, USER, STATUS, AT)),
        IndexDef.of(
            CONFLICTS, "sync_conflicts_teams", Indexes.ascending(TENANT, TEAMS, STATUS, AT)),
        IndexDef.of(
            REJECTIONS, "sync_rejections_user", Indexes.ascending(TENANT, USER, STATUS, AT)),
        IndexDef.of(
            REJECTIONS, "sync_rejections_teams", Indexes.ascending(TENANT, TEAMS, STATUS, AT)),
        IndexDef.of(DEVICES, "sync_devices_tenant_seen", Indexes.ascending(TENANT, "lastSyncAt")),
        // across tenants: the metrics' count of phones by last sync
        IndexDef.of(DEVICES, "sync_devices_seen", Indexes.ascending("lastSyncAt")),
        IndexDef.of(MUTATIONS, "sync_mutations_tenant_at", Indexes.ascending(TENANT, AT)));
  }

  /** The key of one processed mutation: tenant, user, device and client mutation id. */
  static String mutationKey(
      String tenantId, String userId, String deviceId, String clientMutationId) {
    return String.join("\u001f", tenantId, userId, deviceId, clientMutationId);
  }

  /**
   * Claims mutations of one device ({@code clientMutationIds}) for processing with one insert. Answers the claims
   * stored before (a replay, or a concurrent request), by key ({@link #mutationKey}), read with one find: each says
   * whether its mutation is done (with its result) or still pending. Every other key is claimed now (process it).
   */
  Future<Map<String, ClaimVerdict.Stored>> claim(
      String tenantId,
      String userId,
      String deviceId,
      List<String> clientMutationIds,
      Instant now) {
    List<String> keys = new ArrayList<>();
    List<Document> docs = new ArrayList<>();
    for (String cmid : clientMutationIds) {
      String key = mutationKey(tenantId, userId, deviceId, cmid);
      keys.add(key);
      docs.add(new Document(TENANT, tenantId)
          .append(USER, userId)
          .append(DEVICE, deviceId)
          .append(CLIENT_MUTATION_ID, cmid)
          .append(ID, key)
          .append(STATUS, PENDING)
          .append(AT, Date.from(now)));
    }
    return MongoFutures.insertSkippingDuplicates(mutations, docs).compose(refused -> {
      if (refused.isEmpty()) {
        return Future.succeededFuture(Map.<String, ClaimVerdict.Stored>of());
      }
      List<String> before = refused.stream().sorted().map(keys::get).toList();
      Bson filter = before.size() == 1 ? Filters.eq(ID, before.get(0)) : Filters.in(ID, before);
      return MongoFutures.list(mutations.find(filter)).map(found -> {
        Map<String, ClaimVerdict.Stored> prior = new HashMap<>();
        found.forEach(d -> {
          Date at = d.getDate(AT);
          prior.put(
              d.getString(ID),
              new ClaimVerdict.Stored(
                  DONE.equals(d.getString(STATUS)),
                  resultJson(d),
                  at == null ? null : at.toInstant()));
        });
        return prior;
      });
    });
  }

  /** Stores the results of processed mutations (key to result) with one bulk write. */
  Future<Void> complete(Map<String, String> results) {
    if (results.isEmpty()) {
      return Future.succeededFuture();
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    results.forEach((key, result) -> writes.add(new UpdateOneModel<>(
        Filters.eq(ID, key),
        Updates.combine(Updates.set(STATUS, DONE), Updates.set(RESULT_JSON, result)))));
    return MongoFutures.one(mutations.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
        .mapEmpty();
  }

  /** Drops the claims of mutations whose processing failed unexpectedly, so a retry processes them again. */
  Future<Void> release(Collection<String> keys) {
    return keys.isEmpty()
        ? Future.succeededFuture()
        : MongoFutures.one(mutations.deleteMany(
                Filters.and(Filters.in(ID, keys), Filters.eq(STATUS, PENDING))))
            .mapEmpty();
  }

  /**
   * Renews the pending claims a live push still holds (their {@code at} moves to now), so that no other request takes
   * them over while they are being processed, however long that takes.
   */
  Future<Void> renew(Collection<String> keys, Instant now) {
    return keys.isEmpty()
        ? Future.succeededFuture()
        : MongoFutures.one(mutations.updateMany(
                Filters.and(Filters.in(ID, keys), Filters.eq(STATUS, PENDING)),
                Updates.set(AT, Date.from(now))))
            .mapEmpty();
  }

  /** Takes over a pending claim last renewed at {@code claimedAt} (its processor died); true when taken. */
  Future<Boolean> reclaim(String key, Instant claimedAt, Instant now) {
    return MongoFutures.one(mutations.updateOne(
            Filters.and(
                Filters.eq(ID, key),
                Filters.eq(STATUS, PENDING),
                Filters.eq(AT, claimedAt == null ? null : Date.from(claimedAt))),
            Updates.set(AT, Date.from(now))))
        .map(r -> r.getModifiedCount() == 1);
  }

  /**
   * A done mutation's first result, as the JSON the push answered; null when none was kept. Results are kept as that
   * JSON text ({@code resultJson}): parsing every answer into a document to store it cost more than the write itself.
   * Claims stored before that keep theirs as a document ({@code result}), still read here.
   */
  private static String resultJson(Document claim) {
    String json = claim.getString(RESULT_JSON);
    if (json != null) {
      return json;
    }
    Document old = claim.get(RESULT, Document.class);
    return old == null ? null : old.toJson();
  }

  Future<Void> insertConflicts(List<Document> docs) {
    return docs.isEmpty()
        ? Future.succeededFuture()
        : MongoFutures.done(conflicts.insertMany(docs));
  }

  Future<Void> insertRejection(Document doc) {
    return MongoFutures.one(rejections.insertOne(doc)).mapEmpty();
  }

  Future<List<Document>> list(MongoCollection<Document> collection, Bson filter, int limit) {
    return MongoFutures.list(collection.find(filter).sort(Sorts.descending(AT)).limit(limit));
  }

  Future<Optional<Document>> find(MongoCollection<Document> collection, Bson filter) {
    return MongoFutures.first(collection.find(filter).limit(1));
  }

  /** Sets a new status on an open record; false when it is not open any more (resolved or dismissed already). */
  Future<Boolean> close(
      MongoCollection<Document> collection, String id, String openStatus, Bson update) {
    return MongoFutures.one(collection.updateOne(
            Filters.and(Filters.eq(ID, id), Filters.eq(STATUS, openStatus)), update))
        .map(r -> r.getModifiedCount() == 1);
  }

  /**
   * Upserts one device's sync state. Keyed by user as well: a device id named in a request body (sessions not bound to
   * a device) can never touch another user's record.
   */
  /** The id of a device's sync state: tenant, user and device (a device id is unique per user only). */
  static String deviceKey(String tenantId, String userId, String deviceId) {
    return String.join("\u001f", tenantId, userId, deviceId);
  }

  Future<Void> touchDevice(String tenantId, String userId, String deviceId, Bson update) {
    return MongoFutures.one(devices.updateOne(
            Filters.eq(ID, deviceKey(tenantId, userId, deviceId)),
            update,
            new UpdateOptions().upsert(true)))
        .mapEmpty();
  }

  /** The shared checkpoint signing key (created by the first instance; every instance then uses it). */
  /** Deletes the checkpoint signing key (see {@link SyncModule#forgetCheckpointKey}). */
  static Future<Void> forgetCheckpointKey(MongoStore store) {
    return MongoFutures.done(
        store.collection(SETTINGS).deleteOne(Filters.eq(ID, CHECKPOINT_KEY_ID)));
  }

  Future<byte[]> checkpointKey() {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    return MongoFutures.one(settings.updateOne(
            Filters.eq(ID, CHECKPOINT_KEY_ID),
            Updates.setOnInsert("key", Base64.getEncoder().encodeToString(fresh)),
            new UpdateOptions().upsert(true)))
        .compose(r ->
            MongoFutures.one(settings.find(Filters.eq(ID, CHECKPOINT_KEY_ID)).limit(1)))
        .map(d -> Base64.getDecoder().decode(d.getString("key")));
  }
}
