package com.fieldlead.auth;

import static com.fieldlead.auth.store.AuthSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Registered phones in MongoDB. A device belongs to one user of one tenant for its whole life. */
final class MongoDevices implements DeviceTokens, DeviceRevocations {

  record Device(
      String id,
      String tenantId,
      String userId,
      String platform,
      String appVersion,
      int syncProtocolVersion,
      String fcmToken,
      Instant fcmTokenUpdatedAt,
      Instant createdAt,
      Instant lastSeenAt,
      Instant revokedAt) {

    boolean revoked() {
      return revokedAt != null;
    }
  }

  /** What a phone says about itself when it registers. */
  record Registration(
      String id, String platform, String appVersion, int syncProtocolVersion, String fcmToken) {}

  private final MongoCollection<Document> devices;
  private final AccessEpochs epochs;

  MongoDevices(MongoStore store, AccessEpochs epochs) {
    this.epochs = epochs;
    this.devices = store.collection(DEVICES);
  }

  /**
   * Registers or updates the device {@code r.id()} of the user. Answers whether it was created. An id that belongs
   * to another user, or a revoked device, fails with 409.
   */
  Future<Boolean> register(String tenantId, String userId, Registration r, Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(
        Updates.set(PLATFORM, r.platform()),
        Updates.set(APP_VERSION, r.appVersion()),
        Updates.set(SYNC_PROTOCOL_VERSION, r.syncProtocolVersion()),
        Updates.set(LAST_SEEN_AT, date(now)),
        Updates.setOnInsert(TENANT_ID, tenantId),
        Updates.setOnInsert(USER_ID, userId),
        Updates.setOnInsert(CREATED_AT, date(now))));
    if (r.fcmToken() != null) {
      updates.add(Updates.set(FCM_TOKEN, r.fcmToken()));
      updates.add(Updates.set(FCM_TOKEN_UPDATED_AT, date(now)));
    }
    Bson mine = Filters.and(
        key(tenantId, r.id()), Filters.eq(USER_ID, userId), Filters.eq(REVOKED_AT, null));
    return MongoFutures.first(devices.findOneAndUpdate(
            mine,
            Updates.combine(updates),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)))
        .map(Optional::isEmpty)
        .recover(t -> Future.failedFuture(
            isDuplicateKey(t)
                ? new ProblemException(
                    ErrorCode.CONFLICT,
                    "This device id is revoked or registered to another user; register the phone under a new id.")
                : t));
  }

  @Override
  public Future<DeviceUse> use(String tenantId, String userId, String deviceId) {
    return find(tenantId, deviceId)
        .map(d -> d.isEmpty()
            ? DeviceUse.UNREGISTERED
            : !d.get().userId().equals(userId)
                ? DeviceUse.OTHER_USER
                : d.get().revoked() ? DeviceUse.REVOKED : DeviceUse.ACTIVE);
  }

  /** A device is its id within its tenant (the same id may name another device in another tenant). */
  private static Bson key(String tenantId, String deviceId) {
    return Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(DEVICE_KEY, deviceId));
  }

  Future<Optional<Device>> find(String tenantId, String deviceId) {
    return MongoFutures.first(devices.find(key(tenantId, deviceId)).first())
        .map(d -> d.map(MongoDevices::toDevice));
  }

  /**
   * The tenant's devices sorted by id after {@code after}, at most {@code limit}; only those of {@code userIds}
   * unless it is null.
   */
  Future<List<Device>> list(String tenantId, Collection<String> userIds, String after, int limit) {
    List<Bson> filters = new ArrayList<>(List.of(Filters.eq(TENANT_ID, tenantId)));
    if (userIds != null) {
      filters.add(Filters.in(USER_ID, userIds));
    }
    if (after != null) {
      filters.add(Filters.gt(DEVICE_KEY, after));
    }
    return MongoFutures.list(
            devices.find(Filters.and(filters)).sort(Sorts.ascending(DEVICE_KEY)).limit(limit))
        .map(list -> list.stream().map(MongoDevices::toDevice).toList());
  }

  /** Marks the device revoked (keeps the first revocation time) and returns it; empty when unknown. */
  Future<Optional<Device>> revoke(String tenantId, String deviceId, Instant now) {
    Bson filter = key(tenantId, deviceId);
    return epochs
        .after(
            tenantId,
            MongoFutures.one(devices.updateOne(
                Filters.and(filter, Filters.eq(REVOKED_AT, null)),
                Updates.set(REVOKED_AT, date(now)))))
        .compose(r -> find(tenantId, deviceId));
  }

  Future<Void> touch(String tenantId, String deviceId, Instant now) {
    return MongoFutures.one(
            devices.updateOne(key(tenantId, deviceId), Updates.set(LAST_SEEN_AT, date(now))))
        .mapEmpty();
  }

  @Override
  public Future<List<PushToken>> tokens(String tenantId, Collection<String> userIds) {
    Bson filter = Filters.and(
        Filters.eq(TENANT_ID, tenantId),
        Filters.in(USER_ID, userIds),
        Filters.eq(REVOKED_AT, null),
        Filters.ne(FCM_TOKEN, null));
    return MongoFutures.list(devices.find(filter))
        .map(list -> list.stream()
            .map(MongoDevices::toDevice)
            .map(d -> new PushToken(d.id(), d.userId(), d.fcmToken(), d.fcmTokenUpdatedAt()))
            .toList());
  }

  @Override
  public Future<Boolean> removeToken(String tenantId, String deviceId, String token) {
    Bson filter = Filters.and(key(tenantId, deviceId), Filters.eq(FCM_TOKEN, token));
    return MongoFutures.one(devices.updateOne(
            filter, Updates.combine(Updates.unset(FCM_TOKEN), Updates.unset(FCM_TOKEN_UPDATED_AT))))
        .map(r -> r.getModifiedCount() > 0);
  }

  private static Device toDevice(Document d) {
    Number spv = d.get(SYNC_PROTOCOL_VERSION, Number.class);
    return new Device(
        d.getString(DEVICE_KEY),
        d.getString(TENANT_ID),
        d.getString(USER_ID),
        d.getString(PLATFORM),
        d.getString(APP_VERSION),
        spv == null ? 0 : spv.intValue(),
        d.getString(FCM_TOKEN),
        instant(d.getDate(FCM_TOKEN_UPDATED_AT)),
        instant(d.getDate(CREATED_AT)),
        instant(d.getDate(LAST_SEEN_AT)),
        instant(d.getDate(REVOKED_AT)));
  }
}
