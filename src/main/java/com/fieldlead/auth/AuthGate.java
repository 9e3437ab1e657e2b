package com.fieldlead.auth;

import com.fieldlead.auth.store.MongoSessions;
import com.fieldlead.http.Routes;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.EpochCache;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every secured request: the bearer token's signature, issuer and expiry, then the session (not revoked
 * or expired), the user (not disabled) and the device (not revoked) as stored, with role and teams from the stored
 * user, not the token. So revoking a device or disabling a user takes effect on the very next request, on every
 * instance, not when the access token expires.
 *
 * <p>The stored answer is kept per session under the tenant's {@link AccessEpochs access epoch}, which every write to
 * sessions, users, team membership and devices that could change it moves on. A request reads the epoch (one point
 * read); while it reads the same as when the answer was worked out, the answer stands. Otherwise the session, user
 * and device are read again (side by side: the token names the session's device), after the epoch. A kept answer is
 * also dropped when its session's expiry passes and after {@link #KEPT_FOR} (the bound, should an epoch move fail).
 */
final class AuthGate implements Routes.Gate {

  /** The longest a kept answer is used without reading the session, user and device again. */
  static final Duration KEPT_FOR = Duration.ofSeconds(60);
  /** Sessions whose answers are kept per instance (past this the memory starts over). */
  static final int KEPT_SESSIONS = 100_000;

  private static final String BEARER = "bearer ";
  private static final Logger LOG = LoggerFactory.getLogger(AuthGate.class);

  /** What the store said of a session: the principal, and until when the session runs. */
  private record Verdict(Principal principal, Instant sessionExpiresAt) {}

  private final AccessTokens tokens;
  private final AuthStores stores;
  private final Clock clock;
  private final Supplier<ApiKeys> apiKeys;
  private final Supplier<OperationAudit> audit;
  private final EpochCache<String, Verdict> kept = new EpochCache<>(KEPT_FOR, KEPT_SESSIONS);

  AuthGate(AccessTokens tokens, AuthStores stores, Clock clock) {
    this(tokens, stores, clock, () -> null);
  }

  AuthGate(AccessTokens tokens, AuthStores stores, Clock clock, Supplier<ApiKeys> apiKeys) {
    this(tokens, stores, clock, apiKeys, () -> null);
  }

  /**
   * @param apiKeys the keys' port, or a supplier of null while no feature provides it
   * @param audit told of every authenticated request, or a supplier of null
   */
  AuthGate(
      AccessTokens tokens,
      AuthStores stores,
      Clock clock,
      Supplier<ApiKeys> apiKeys,
      Supplier<OperationAudit> audit) {
    this.tokens = tokens;
    this.stores = stores;
    this.clock = clock;
    this.apiKeys = apiKeys;
    this.audit = audit;
  }

  @Override
  public Handler<RoutingContext> require(Set<String> roles) {
    return require(roles, null);
  }

  @Override
  public Handler<RoutingContext> require(Set<String> roles, Routes.Verified verified) {
    return ctx -> authenticate(ctx, verified)
        .onSuccess(principal -> {
          if (!roles.isEmpty() && !roles.contains(principal.role().wire())) {
            ctx.fail(ProblemException.forbidden(
                "This needs one of the roles " + roles.stream().sorted().toList() + "; you are "
                    + principal.role().wire() + "."));
            return;
          }
          ctx.put(Principal.CONTEXT_KEY, principal);
          watch(ctx, principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private void watch(RoutingContext ctx, Principal principal) {
    OperationAudit a = audit.get();
    Operation operation = ctx.currentRoute() == null
        ? null
        : ctx.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    if (a != null && operation != null) {
      a.watch(ctx, principal, operation.getOperationId());
    }
  }

  /**
   * The request's caller: an API key's (through the {@link ApiKeys} port, for the route's contract operation, whose
   * early reads then do not start), or a user's access token's.
   */
  private Future<Principal> authenticate(RoutingContext ctx, Routes.Verified verified) {
    String authorization = ctx.request().getHeader("Authorization");
    ApiKeys keys = apiKeys.get();
    if (keys != null
        && authorization != null
        && authorization.length() > BEARER.length() + ApiKeys.PREFIX.length()
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && authorization.startsWith(ApiKeys.PREFIX, BEARER.length())) {
      Operation operation = ctx.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
      return keys.authenticate(
          authorization.substring(BEARER.length()).strip(),
          operation == null ? "" : operation.getOperationId());
    }
    return authenticate(
        authorization,
        verified == null
            ? null
            : (claims, epoch) -> verified.verified(ctx, claims.tenantId(), claims.userId(), epoch));
  }

  /** The principal of a bearer {@code Authorization} header, or a 401 problem saying why not. */
  Future<Principal> authenticate(String authorization) {
    return authenticate(authorization, null);
  }

  /**
   * {@link #authenticate(String)}, telling {@code verified} (when not null) the token's claims and the tenant's access
   * epoch being read, once the token's signature, issuer and expiry check out, before anything else is read.
   */
  private Future<Principal> authenticate(
      String authorization, BiConsumer<AccessTokens.Claims, Future<Long>> verified) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Future.failedFuture(
          unauthorized(ErrorCode.UNAUTHENTICATED, "A bearer token is required."));
    }
    AccessTokens.Claims claims;
    try {
      claims = tokens.verify(authorization.substring(BEARER.length()).strip());
    } catch (AccessTokens.TokenException e) {
      return Future.failedFuture(
          e.failure() == AccessTokens.Failure.EXPIRED
              ? unauthorized(ErrorCode.TOKEN_EXPIRED, "The access token has expired; refresh it.")
              : unauthorized(ErrorCode.TOKEN_INVALID, "The access token is not valid."));
    }
    Future<Long> epoch = stores.epochs().read(claims.tenantId());
    if (verified != null) {
      try {
        verified.accept(claims, epoch);
      } catch (RuntimeException e) { // the handler then reads for itself
        LOG.warn(
            "early read not started [tenant={}, user={}]", claims.tenantId(), claims.userId(), e);
      }
    }
    Instant now = clock.instant();
    return epoch.compose(e -> {
      Verdict known = kept.get(claims.sessionId(), e, now);
      if (known != null
          && known.principal().tenantId().equals(claims.tenantId())
          && known.principal().userId().equals(claims.userId())
          && now.isBefore(known.sessionExpiresAt())) {
        return Future.succeededFuture(known.principal());
      }
      // read after the epoch: what is read is at least as new as the epoch it is kept under
      return read(claims, now)
          .onSuccess(v -> kept.put(claims.sessionId(), e, v, now))
          .map(Verdict::principal);
    });
  }

  /** The session, the user and the device as stored now, or the 401 of a session that has ended. */
  private Future<Verdict> read(AccessTokens.Claims claims, Instant now) {
    // the token names the session's device: it is read beside the session and the user, not after
    // them
    Future<Optional<MongoDevices.Device>> named = claims.deviceId() == null
        ? Future.succeededFuture(Optional.empty())
        : stores.devices().find(claims.tenantId(), claims.deviceId());
    return Future.all(
            stores.sessions().find(claims.sessionId()),
            stores.users().find(claims.tenantId(), claims.userId()),
            named)
        .compose(found -> {
          Optional<MongoSessions.Session> session = found.resultAt(0);
          Optional<MongoUsers.StoredUser> user = found.resultAt(1);
          if (session.isEmpty()
              || user.isEmpty()
              || !session.get().activeAt(now)
              || !session.get().tenantId().equals(claims.tenantId())
              || !session.get().userId().equals(claims.userId())
              || user.get().info().disabled()) {
            return Future.failedFuture(revoked());
          }
          String deviceId = session.get().deviceId();
          Future<Optional<MongoDevices.Device>> device = deviceId == null
              ? Future.succeededFuture(Optional.empty())
              : deviceId.equals(claims.deviceId())
                  ? named
                  : stores.devices().find(claims.tenantId(), deviceId);
          UserInfo u = user.get().info();
          return device.map(d -> {
            if (deviceId != null
                && (d.isEmpty()
                    || d.get().revoked()
                    || !d.get().userId().equals(claims.userId()))) {
              throw revoked();
            }
            return new Verdict(
                new Principal(
                    u.tenantId(),
                    u.id(),
                    u.role(),
                    claims.sessionId(),
                    deviceId,
                    u.teamIds(),
                    u.managedTeamIds()),
                session.get().expiresAt());
          });
        });
  }

  private static ProblemException revoked() {
    return unauthorized(
        ErrorCode.SESSION_REVOKED,
        "The session has ended: logged out, revoked, expired, or its device or user was revoked or disabled.");
  }

  private static ProblemException unauthorized(ErrorCode code, String detail) {
    String error = code == ErrorCode.UNAUTHENTICATED ? "Bearer" : "Bearer error=\"invalid_token\"";
    return new ProblemException(code, detail, List.of(), Map.of("WWW-Authenticate", error));
  }
}
