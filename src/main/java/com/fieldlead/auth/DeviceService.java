package com.fieldlead.auth;

import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phones registered for sync and push. Who sees a device: its owner, a manager of a team the owner is a member of,
 * and the tenant's admins; anyone else gets 404, as for a device of another tenant. Revoking a device ends all its
 * sessions at once.
 */
final class DeviceService {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceService.class);

  /** A registration's outcome: the device and whether it was new. */
  record Registered(AuthApi.DeviceView device, boolean created) {}

  private final Clock clock;
  private final AuthStores stores;

  DeviceService(Clock clock, AuthStores stores) {
    this.clock = clock;
    this.stores = stores;
  }

  /**
   * Registers the caller's phone, or updates it when the caller registered this id before. A session without a
   * device becomes bound to it, so revoking the device ends that session too.
   */
  Future<Registered> register(Principal caller, AuthApi.RegisterDevice r) {
    String id = r.id() == null ? UUID.randomUUID().toString() : uuid(r.id());
    Instant now = clock.instant();
    MongoDevices.Registration registration =
        new MongoDevices.Registration(id, r.platform(), r.appVersion(), r.version(), r.fcmToken());
    return stores
        .devices()
        .register(caller.tenantId(), caller.userId(), registration, now)
        .compose(created -> (caller.deviceId() == null
                ? stores.sessions().bindDevice(caller.tenantId(), caller.sessionId(), id)
                : Future.<Void>succeededFuture())
            .map(created))
        .compose(created -> stores.devices().find(caller.tenantId(), id).map(d -> {
          LOG.info(
              "device registered [device={}, user={}, tenant={}, created={}]",
              id,
              caller.userId(),
              caller.tenantId(),
              created);
          return new Registered(AuthApi.DeviceView.of(d.orElseThrow()), created);
        }));
  }

  /** Devices the caller may see (admins: the tenant's; managers: their teams' members' and their own). */
  Future<AuthApi.Page<AuthApi.DeviceView>> list(
      Principal caller, String userId, String after, int limit) {
    return visibleUsers(caller)
        .map(visible -> {
          if (userId == null) {
            return visible;
          }
          return visible.isEmpty() || visible.get().contains(userId)
              ? Optional.<Collection<String>>of(List.of(userId))
              : Optional.<Collection<String>>of(List.of());
        })
        .compose(users -> users.isPresent() && users.get().isEmpty()
            ? Future.succeededFuture(List.of())
            : stores.devices().list(caller.tenantId(), users.orElse(null), after, limit))
        .map(list -> new AuthApi.Page<>(
            list.stream().map(AuthApi.DeviceView::of).toList(),
            list.size() == limit ? list.get(list.size() - 1).id() : null));
  }

  Future<AuthApi.DeviceView> get(Principal caller, String deviceId) {
    return visibleDevice(caller, deviceId).map(AuthApi.DeviceView::of);
  }

  /** Revokes the device and every session on it; its access tokens fail from the next request on. */
  Future<AuthApi.DeviceView> revoke(Principal caller, String deviceId) {
    Instant now = clock.instant();
    return visibleDevice(caller, deviceId)
        .compose(d -> stores.devices().revoke(caller.tenantId(), deviceId, now))
        .compose(d -> stores
            .sessions()
            .revokeDevice(caller.tenantId(), deviceId, "device revoked", now)
            .map(n -> {
              LOG.info(
                  "device revoked [device={}, tenant={}, by={}, sessionsRevoked={}]",
                  deviceId,
                  caller.tenantId(),
                  caller.userId(),
                  n);
              return AuthApi.DeviceView.of(
                  d.orElseThrow(() -> ProblemException.notFound("device")));
            }));
  }

  private Future<MongoDevices.Device> visibleDevice(Principal caller, String deviceId) {
    return stores
        .devices()
        .find(caller.tenantId(), deviceId)
        .map(d -> d.orElseThrow(() -> ProblemException.notFound("device")))
        .compose(d -> visibleUsers(caller).map(visible -> {
          if (visible.isPresent() && !visible.get().contains(d.userId())) {
            throw ProblemException.notFound("device");
          }
          return d;
        }));
  }

  /** The users whose devices the caller may see; empty optional for "all of the tenant" (admins). */
  private Future<Optional<Set<String>>> visibleUsers(Principal caller) {
    if (caller.is(Role.ADMIN)) {
      return Future.succeededFuture(Optional.empty());
    }
    Set<String> own = Set.of(caller.userId());
    if (!caller.is(Role.MANAGER) || caller.managedTeamIds().isEmpty()) {
      return Future.succeededFuture(Optional.of(own));
    }
    List<Future<List<UserInfo>>> teams = new ArrayList<>();
    for (String teamId : caller.managedTeamIds()) {
      teams.add(stores.users().teamMembers(caller.tenantId(), teamId));
    }
    return Future.all(teams).map(all -> {
      Set<String> ids = new LinkedHashSet<>(own);
      for (int i = 0; i < all.size(); i++) {
        all.<List<UserInfo>>resultAt(i).forEach(u -> ids.add(u.id()));
      }
      return Optional.of(ids);
    });
  }

  private static String uuid(String id) {
    try {
      return UUID.fromString(id).toString();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField("/id", "format", "A device id is a UUID.");
    }
  }
}
