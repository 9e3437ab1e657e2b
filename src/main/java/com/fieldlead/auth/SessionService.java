package com.fieldlead.auth;

import com.fieldlead.auth.store.LoginThrottle;
import com.fieldlead.auth.store.MongoSessions;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login, refresh-token rotation with reuse detection, and logout. A session is one login (on one device, or none);
 * it has one live refresh token at a time. Passwords and tokens never reach the log.
 */
final class SessionService {

  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  private final Vertx vertx;
  private final Clock clock;
  private final Duration refreshTtl;
  private final MongoUsers users;
  private final MongoDevices devices;
  private final MongoSessions sessions;
  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final AccessTokens tokens;
  /** Verified against when the email is unknown, so both cases take the same time. */
  /** A hash of nothing, verified for unknown emails so that they take as long as known ones (computed in the background). */
  private final Supplier<Future<String>> dummyHash;

  SessionService(
      Vertx vertx,
      Clock clock,
      FieldleadConfig.Auth config,
      AuthStores stores,
      PasswordHasher hasher,
      AccessTokens tokens,
      Supplier<Future<String>> dummyHash) {
    this.vertx = vertx;
    this.clock = clock;
    this.refreshTtl = config.refreshTokenTtl();
    this.users = stores.users();
    this.devices = stores.devices();
    this.sessions = stores.sessions();
    this.throttle = stores.throttle();
    this.hasher = hasher;
    this.tokens = tokens;
    this.dummyHash = dummyHash;
  }

  /** Checks the credentials (throttled per account and address) and opens a session. */
  Future<AuthApi.Tokens> login(AuthApi.LoginRequest request, String address) {
    Instant now = clock.instant();
    String email = request.email().strip().toLowerCase(Locale.ROOT);
    return throttle
        .lockedFor(email, address, now)
        .compose(locked -> {
          if (locked.isPresent()) {
            long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            throw new ProblemException(
                ErrorCode.TOO_MANY_REQUESTS,
                "Too many failed logins; try again in " + seconds + " seconds.",
                List.of(),
                Map.of("Retry-After", Long.toString(seconds)));
          }
          return users.byEmail(email);
        })
        .compose(user -> checkPassword(user, request.password()).compose(ok -> {
          if (!ok || user.isEmpty() || user.get().info().disabled()) {
            LOG.info("login failed [email={}, address={}]", email, address);
            return throttle
                .recordFailure(email, address, now)
                .compose(v -> Future.failedFuture(new ProblemException(
                    ErrorCode.INVALID_CREDENTIALS, "Email or password is wrong.")));
          }
          return throttle.succeeded(email, address, now).map(v -> user.get());
        }))
        .compose(user -> deviceFor(user.info(), request.deviceId()).map(deviceId -> {
          rehashIfOld(user, request.password());
          return new LoginOk(user.info(), deviceId);
        }))
        .compose(ok -> open(ok.user(), ok.deviceId(), now));
  }

  private record LoginOk(UserInfo user, String deviceId) {}

  private Future<Boolean> checkPassword(Optional<MongoUsers.StoredUser> user, String password) {
    Future<String> hash =
        user.isPresent() ? Future.succeededFuture(user.get().passwordHash()) : dummyHash.get();
    return hash.compose(h -> vertx.executeBlocking(() -> hasher.verify(password, h), false))
        .map(ok -> ok && user.isPresent());
  }

  /** The login's device must be one of the user's and not revoked; no device is fine too. */
  private Future<String> deviceFor(UserInfo user, String deviceId) {
    if (deviceId == null) {
      return Future.succeededFuture(null);
    }
    return devices.find(user.tenantId(), deviceId).map(device -> {
      if (device.isEmpty() || !device.get().userId().equals(user.id())) {
        throw ProblemException.invalidField(
            "/deviceId",
            "unknown",
            "Not a registered device of this user; log in without deviceId and register the device first.");
      }
      if (device.get().revoked()) {
        throw new ProblemException(ErrorCode.SESSION_REVOKED, "This device has been revoked.");
      }
      return deviceId;
    });
  }

  private void rehashIfOld(MongoUsers.StoredUser user, String password) {
    if (hasher.needsRehash(user.passwordHash())) {
      vertx
          .executeBlocking(() -> hasher.hash(password), false)
          .compose(
              hash -> users.setPasswordHash(user.info().tenantId(), user.info().id(), hash))
          .onFailure(
              t -> LOG.warn("password rehash failed [user={}]", user.info().id(), t));
    }
  }

  private Future<AuthApi.Tokens> open(UserInfo user, String deviceId, Instant now) {
    MongoSessions.Session session = new MongoSessions.Session(
        UUID.randomUUID().toString(),
        user.tenantId(),
        user.id(),
        deviceId,
        now,
        now.plus(refreshTtl),
        null);
    return sessions
        .insert(session)
        .compose(v -> deviceId == null
            ? Future.succeededFuture()
            : devices.touch(user.tenantId(), deviceId, now))
        .compose(v -> issue(user, session.id(), deviceId, now))
        .onSuccess(t -> LOG.info(
            "login [user={}, tenant={}, session={}, device={}]",
            user.id(),
            user.tenantId(),
            session.id(),
            deviceId));
  }

  private Future<AuthApi.Tokens> issue(
      UserInfo user, String sessionId, String deviceId, Instant now) {
    String refresh = PasswordHasher.randomToken();
    MongoSessions.RefreshToken stored = new MongoSessions.RefreshToken(
        PasswordHasher.sha256Hex(refresh), sessionId, user.tenantId(), now.plus(refreshTtl), null);
    String access = tokens.issue(
        user.id(), user.tenantId(), sessionId, deviceId, user.role().wire());
    return sessions
        .insertRefreshToken(stored, now)
        .map(v -> new AuthApi.Tokens(
            access,
            "Bearer",
            tokens.ttl().toSeconds(),
            refresh,
            refreshTtl.toSeconds(),
            sessionId,
            user.id(),
            user.tenantId(),
            user.role().wire(),
            deviceId));
  }

  /**
   * Exchanges a refresh token for new tokens (the old one is then spent). A spent token presented again means it was
   * copied: the whole session is revoked, and its access token stops working at once.
   */
  Future<AuthApi.Tokens> refresh(String refreshToken) {
    Instant now = clock.instant();
    String hash = PasswordHasher.sha256Hex(refreshToken);
    return sessions.claimRefreshToken(hash, now).compose(claimed -> {
      if (claimed.isPresent()) {
        return rotate(claimed.get(), now);
      }
      return sessions.findRefreshToken(hash).compose(spent -> {
        if (spent.isEmpty()) {
          return Future.failedFuture(refreshInvalid());
        }
        LOG.warn(
            "refresh token reused, session revoked [session={}, tenant={}]",
            spent.get().sessionId(),
            spent.get().tenantId());
        return sessions
            .revoke(spent.get().tenantId(), spent.get().sessionId(), "refresh token reused", now)
            .compose(
                v -> Future.failedFuture(
                    new ProblemException(
                        ErrorCode.REFRESH_TOKEN_REUSED,
                        "This refresh token was already used; the session has been revoked. Log in again.")));
      });
    });
  }

  private Future<AuthApi.Tokens> rotate(MongoSessions.RefreshToken token, Instant now) {
    if (!now.isBefore(token.expiresAt())) {
      return Future.failedFuture(refreshInvalid());
    }
    return sessions.find(token.sessionId()).compose(session -> {
      if (session.isEmpty() || !session.get().activeAt(now)) {
        return Future.failedFuture(refreshInvalid());
      }
      MongoSessions.Session s = session.get();
      Future<Boolean> deviceOk = s.deviceId() == null
          ? Future.succeededFuture(true)
          : devices
              .find(s.tenantId(), s.deviceId())
              .map(d -> d.isPresent() && !d.get().revoked());
      return Future.all(users.find(s.tenantId(), s.userId()), deviceOk).compose(all -> {
        Optional<MongoUsers.StoredUser> user = all.resultAt(0);
        if (user.isEmpty() || user.get().info().disabled() || !all.<Boolean>resultAt(1)) {
          return Future.failedFuture(refreshInvalid());
        }
        return sessions
            .extend(s.id(), now.plus(refreshTtl), now)
            .compose(v -> s.deviceId() == null
                ? Future.succeededFuture()
                : devices.touch(s.tenantId(), s.deviceId(), now))
            .compose(v -> issue(user.get().info(), s.id(), s.deviceId(), now));
      });
    });
  }

  /** Ends the caller's session; its access and refresh tokens stop working at once. */
  Future<Void> logout(Principal principal) {
    LOG.info("logout [user={}, session={}]", principal.userId(), principal.sessionId());
    return sessions.revoke(principal.tenantId(), principal.sessionId(), "logout", clock.instant());
  }

  private static ProblemException refreshInvalid() {
    return new ProblemException(
        ErrorCode.REFRESH_TOKEN_INVALID,
        "The refresh token is unknown, expired or revoked; log in again.");
  }
}
