package com.fieldlead.sync;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.sync.protocol.PullRequest;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device sync state (sync invariant 10): last pull and push, the checkpoint last handed out (its number and time:
 * its age says how stale the phone's copy may be), app and protocol version, and pending rejections (counted when
 * asked, so never out of step). Managers list their teams' devices, optionally only those silent for a while.
 *
 * <p>A phone polls: most pulls change nothing here but the times. Such a pull writes them only when this instance
 * last wrote the device's pull at least {@link #PULL_TIMES_EVERY} before (so the last pull and the checkpoint's age
 * are exact to within that); a pull with another app or protocol version or other teams, and the first pull after a
 * push, write at once.
 */
final class DeviceStates {

  static final String LAST_PULL = "lastPullAt";
  static final String LAST_PUSH = "lastPushAt";
  static final String LAST_SYNC = "lastSyncAt";
  static final String CHECKPOINT_AT = "checkpointIssuedAt";
  static final String APP_VERSION = "appVersion";
  static final String PROTOCOL_VERSION = "protocolVersion";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceStates.class);

  /** How often a device's pull times are written when nothing else about it changed (see the class comment). */
  static final Duration PULL_TIMES_EVERY = Duration.ofSeconds(30);
  /** Devices remembered per instance; past this the memory is dropped (the next pull of each writes again). */
  static final int REMEMBERED = 100_000;

  private final SyncStores stores;
  /** The last pull this instance wrote per device (tenant, user, device), and what it wrote besides the times. */
  private final Map<String, Written> written = new ConcurrentHashMap<>();
  /** This instance's device writes not acknowledged yet: a list on this instance waits for them (reads its writes). */
  private final Set<Future<Void>> inFlight = ConcurrentHashMap.newKeySet();

  DeviceStates(SyncStores stores) {
    this.stores = stores;
  }

  /**
   * A pull whose checkpoint checked out (the page's checkpoint is issued now). The pull answers without waiting for
   * this write: it is the managers' view, and a phone's page neither waits for nor fails with it. Times only move
   * forward ({@code $max}), so two pulls' writes landing out of order keep the later one's times.
   */
  Future<Void> pulled(Principal p, String deviceId, PullRequest req, Instant now) {
    String key = SyncStores.deviceKey(p.tenantId(), p.userId(), deviceId);
    Written pull = new Written(req.protocolVersion(), req.appVersion(), p.teamIds(), now);
    Written last = written.get(key);
    if (last != null
        && last.sameDeviceAs(pull)
        && !now.isBefore(last.at())
        && now.isBefore(last.at().plus(PULL_TIMES_EVERY))) {
      return Future.succeededFuture();
    }
    if (written.size() >= REMEMBERED) {
      written.clear();
    }
    written.put(key, pull); // before the write lands: pulls meanwhile need not write the same again
    Future<Void> write = tracked(
        stores.touchDevice(
            p.tenantId(),
            p.userId(),
            deviceId,
            Updates.combine(
                common(p, deviceId, req.protocolVersion(), req.appVersion(), now),
                Updates.max(LAST_PULL, Date.from(now)),
                Updates.max(CHECKPOINT_AT, Date.from(now)))),
        p,
        deviceId);
    return write.onFailure(e -> written.remove(key, pull));
  }

  /** What a pull wrote of a device besides its times, and when. */
  private record Written(int protocolVersion, String appVersion, List<String> teams, Instant at) {
    boolean sameDeviceAs(Written other) {
      return protocolVersion == other.protocolVersion
          && Objects.equals(appVersion, other.appVersion)
          && teams.equals(other.teams);
    }
  }

  Future<Void> pushed(
      Principal p, String deviceId, int protocolVersion, String appVersion, Instant now) {
    // a push writes the versions too, maybe others than the last pull's: the next pull writes again
    written.remove(SyncStores.deviceKey(p.tenantId(), p.userId(), deviceId));
    return tracked(
        stores.touchDevice(
            p.tenantId(),
            p.userId(),
            deviceId,
            Updates.combine(
                common(p, deviceId, protocolVersion, appVersion, now),
                Updates.max(LAST_PUSH, Date.from(now)))),
        p,
        deviceId);
  }

  /** {@code write} kept until it is acknowledged (see {@link #list}); a failure is logged, the sync it records stands. */
  private Future<Void> tracked(Future<Void> write, Principal p, String deviceId) {
    inFlight.add(write);
    write
        .onComplete(x -> inFlight.remove(write))
        .onFailure(e -> LOG.warn(
            "device sync state not recorded [tenant={}, user={}, device={}]",
            p.tenantId(),
            p.userId(),
            deviceId,
            e));
    return write;
  }

  private static Bson common(
      Principal p, String deviceId, int protocolVersion, String appVersion, Instant now) {
    List<Bson> sets = new ArrayList<>(List.of(
        Updates.set(SyncStores.TENANT, p.tenantId()),
        Updates.set(SyncStores.USER, p.userId()),
        Updates.set(SyncStores.DEVICE, deviceId),
        Updates.set(SyncStores.TEAMS, p.teamIds()),
        Updates.set(PROTOCOL_VERSION, protocolVersion),
        Updates.max(LAST_SYNC, Date.from(now))));
    if (appVersion != null) {
      sets.add(Updates.set(APP_VERSION, appVersion));
    }
    return Updates.combine(sets);
  }

  /**
   * The devices the caller may watch (admin: the tenant; manager: members of the teams they manage, and their own),
   * optionally only those whose last sync is older than {@code staleFor}.
   */
  Future<List<Map<String, Object>>> list(
      Principal p, Duration staleFor, String userId, Instant now, int limit) {
    return Future.join(List.copyOf(inFlight))
        .transform(x -> listNow(p, staleFor, userId, now, limit));
  }

  private Future<List<Map<String, Object>>> listNow(
      Principal p, Duration staleFor, String userId, Instant now, int limit) {
    List<Bson> and = new ArrayList<>(List.of(Filters.eq(SyncStores.TENANT, p.tenantId())));
    if (!p.is(Role.ADMIN)) {
      and.add(Filters.or(
          Filters.eq(SyncStores.USER, p.userId()),
          Filters.in(SyncStores.TEAMS, p.managedTeamIds())));
    }
    if (staleFor != null) {
      and.add(Filters.lt(LAST_SYNC, Date.from(now.minus(staleFor))));
    }
    if (userId != null) {
      and.add(Filters.eq(SyncStores.USER, userId));
    }
    return MongoFutures.list(stores
            .devices
            .find(Filters.and(and))
            .sort(Sorts.ascending(LAST_SYNC))
            .limit(limit))
        .compose(docs -> pendingRejections(p.tenantId(), docs).map(pending -> {
          List<Map<String, Object>> out = new ArrayList<>();
          for (Document d : docs) {
            out.add(view(
                d,
                pending.getOrDefault(
                    key(d.getString(SyncStores.USER), d.getString(SyncStores.DEVICE)), 0),
                now));
          }
          return out;
        }));
  }

  private Future<Map<String, Integer>> pendingRejections(String tenantId, List<Document> devices) {
    if (devices.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> ids = devices.stream().map(d -> d.getString(SyncStores.DEVICE)).toList();
    return MongoFutures.list(stores.rejections.aggregate(List.of(
            Aggregates.match(Filters.and(
                Filters.eq(SyncStores.TENANT, tenantId),
                Filters.in(SyncStores.DEVICE, ids),
                Filters.eq(SyncStores.STATUS, Inbox.OPEN))),
            Aggregates.group(
                new Document(SyncStores.USER, "$" + SyncStores.USER)
                    .append(SyncStores.DEVICE, "$" + SyncStores.DEVICE),
                Accumulators.sum("n", 1)))))
        .map(groups -> {
          Map<String, Integer> out = new HashMap<>();
          groups.forEach(g -> {
            Document key = g.get("_id", Document.class);
            out.put(
                key(key.getString(SyncStores.USER), key.getString(SyncStores.DEVICE)),
                ((Number) g.get("n")).intValue());
          });
          return out;
        });
  }

  private static String key(String userId, String deviceId) {
    return userId + "\u001f" + deviceId;
  }

  private static Map<String, Object> view(Document d, int pending, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deviceId", d.getString(SyncStores.DEVICE));
    out.put("userId", d.getString(SyncStores.USER));
    out.put("lastPullAt", instant(d, LAST_PULL));
    out.put("lastPushAt", instant(d, LAST_PUSH));
    out.put("lastSyncAt", instant(d, LAST_SYNC));
    Date checkpointAt = d.getDate(CHECKPOINT_AT);
    out.put(
        "checkpointAgeSeconds",
        checkpointAt == null
            ? null
            : Math.max(0, Duration.between(checkpointAt.toInstant(), now).toSeconds()));
    out.put("appVersion", d.getString(APP_VERSION));
    out.put("protocolVersion", d.get(PROTOCOL_VERSION));
    out.put("pendingRejections", pending);
    out.values().removeIf(Objects::isNull);
    return out;
  }

  private static String instant(Document d, String field) {
    Date date = d.getDate(field);
    return date == null ? null : date.toInstant().toString();
  }
}
