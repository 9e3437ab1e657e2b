package com.fieldlead.auth;

import com.fieldlead.http.ErrorCode;
import com.fieldlead.http.ProblemException;
import com.fieldlead.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every secured request: the bearer token's signature, issuer and expiry, then, on every request, the
 * session (not revoked or expired), the user (not disabled) and the device (not revoked) in the store, by id, all
 * three side by side (the token names the session's device; a session whose device the token does not name has it
 * read after). So revoking a device or disabling a user takes effect on the very next request, not when the access
 * token expires. Role and teams come from the stored user, not the token.
 */
final class AuthGate implements Routes.Gate {

  private static final String BEARER = "bearer ";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuthGate.class);

  private final AccessTokens tokens;
  private final AuthStores stores;
  private final Clock clock;

  AuthGate(AccessTokens tokens, AuthStores stores, Clock clock) {
    this.tokens = tokens;
    this.stores = stores;
    this.clock = clock;
  }

  @Override
  public Handler<RoutingContext> require(Set<String> roles) {
    return require(roles, null);
  }

  @Override
  public Handler<RoutingContext> require(Set<String> roles, Routes.EarlyRead early) {
    return ctx -> authenticate(ctx.request().getHeader("Authorization"),
            early == null ? null : claims -> Routes.keepEarly(ctx, early.start(claims.tenantId(), claims.userId())))
        .onSuccess(principal -> {
          if (!roles.isEmpty() && !roles.contains(principal.role().wire())) {
            ctx.fail(ProblemException.forbidden("This needs one of the roles " + roles.stream().sorted().toList()
                + "; you are " + principal.role().wire() + "."));
            return;
          }
          ctx.put(Principal.CONTEXT_KEY, principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** The principal of a bearer {@code Authorization} header, or a 401 problem saying why not. */
  Future<Principal> authenticate(String authorization) {
    return authenticate(authorization, null);
  }

  /**
   * {@link #authenticate(String)}, telling {@code verified} (when not null) the token's claims once its signature,
   * issuer and expiry check out, before the store is read.
   */
  private Future<Principal> authenticate(String authorization,
      java.util.function.Consumer<AccessTokens.Claims> verified) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Future.failedFuture(unauthorized(ErrorCode.UNAUTHENTICATED, "A bearer token is required."));
    }
    AccessTokens.Claims claims;
    try {
      claims = tokens.verify(authorization.substring(BEARER.length()).strip());
    } catch (AccessTokens.TokenException e) {
      return Future.failedFuture(e.failure() == AccessTokens.Failure.EXPIRED
          ? unauthorized(ErrorCode.TOKEN_EXPIRED, "The access token has expired; refresh it.")
          : unauthorized(ErrorCode.TOKEN_INVALID, "The access token is not valid."));
    }
    if (verified != null) {
      try {
        verified.accept(claims);
      } catch (RuntimeException e) { // the handler then reads for itself
        LOG.warn("early read not started [tenant={}, user={}]", claims.tenantId(), claims.userId(), e);
      }
    }
    Instant now = clock.instant();
    // the token names the session's device: it is read beside the session and the user, not after them
    Future<Optional<MongoDevices.Device>> named = claims.deviceId() == null ? Future.succeededFuture(Optional.empty())
        : stores.devices().find(claims.tenantId(), claims.deviceId());
    return Future.all(stores.sessions().find(claims.sessionId()), stores.users().find(claims.tenantId(),
            claims.userId()), named)
        .compose(found -> {
          Optional<MongoSessions.Session> session = found.resultAt(0);
          Optional<MongoUsers.StoredUser> user = found.resultAt(1);
          if (session.isEmpty() || user.isEmpty() || !session.get().activeAt(now)
              || !session.get().tenantId().equals(claims.tenantId()) || !session.get().userId().equals(claims.userId())
              || user.get().info().disabled()) {
            return Future.failedFuture(revoked());
          }
          String deviceId = session.get().deviceId();
          Future<Optional<MongoDevices.Device>> device = deviceId == null ? Future.succeededFuture(Optional.empty())
              : deviceId.equals(claims.deviceId()) ? named : stores.devices().find(claims.tenantId(), deviceId);
          UserInfo u = user.get().info();
          return device.map(d -> {
            if (deviceId != null && (d.isEmpty() || d.get().revoked() || !d.get().userId().equals(claims.userId()))) {
              throw revoked();
            }
            return new Principal(u.tenantId(), u.id(), u.role(), claims.sessionId(), deviceId, u.teamIds(),
                u.managedTeamIds());
          });
        });
  }

  private static ProblemException revoked() {
    return unauthorized(ErrorCode.SESSION_REVOKED,
        "The session has ended: logged out, revoked, expired, or its device or user was revoked or disabled.");
  }

  private static ProblemException unauthorized(ErrorCode code, String detail) {
    String error = code == ErrorCode.UNAUTHENTICATED ? "Bearer" : "Bearer error=\"invalid_token\"";
    return new ProblemException(code, detail, List.of(), Map.of("WWW-Authenticate", error));
  }
}
