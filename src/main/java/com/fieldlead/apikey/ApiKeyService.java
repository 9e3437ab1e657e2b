package com.fieldlead.apikey;

import com.fieldlead.auth.ApiKeys;
import com.fieldlead.auth.AuditTrail;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.RateWindows;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * API keys: created by tenant admins with scopes, an expiry and a rate (the secret answered once), listed, revoked;
 * and the {@link ApiKeys} port the auth gate calls for every request that presents one.
 */
final class ApiKeyService implements ApiKeys {

  /** The longest a key may live. */
  static final Duration MAX_LIFETIME = Duration.ofDays(730);

  static final int DEFAULT_RATE = 600;
  static final int MAX_RATE = 60_000;

  private final MongoApiKeys keys;
  private final RateWindows rates;
  private final Supplier<KeySecrets> secrets;
  private final AuditTrail audit;
  private final Clock clock;

  ApiKeyService(
      MongoApiKeys keys,
      RateWindows rates,
      Supplier<KeySecrets> secrets,
      AuditTrail audit,
      Clock clock) {
    this.keys = keys;
    this.rates = rates;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  /** A new key of the caller's tenant and its secret (the only time the secret is answered). */
  Future<ApiKey.WithSecret> create(Principal p, ApiKey.Input in) {
    Instant now = clock.instant();
    List<FieldError> errors = new ArrayList<>();
    if (in.name() == null || in.name().isBlank()) {
      errors.add(new FieldError("/name", "required", "must not be blank"));
    }
    List<String> scopes = List.copyOf(new LinkedHashSet<>(in.scopes()));
    if (in.expiresAt() == null || !in.expiresAt().isAfter(now)) {
      errors.add(new FieldError("/expiresAt", "range", "must be in the future"));
    } else if (in.expiresAt().isAfter(now.plus(MAX_LIFETIME))) {
      errors.add(new FieldError("/expiresAt", "range", "must be at most 730 days from now"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          errors.get(0).field() + " " + errors.get(0).message(),
          errors,
          Map.of()));
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    String secret = KeySecrets.newSecret(id);
    ApiKey key = new ApiKey(
        id,
        p.tenantId(),
        in.name().strip(),
        scopes,
        in.expiresAt(),
        in.rateLimitPerMinute() == null ? DEFAULT_RATE : in.rateLimitPerMinute(),
        KeySecrets.hint(secret),
        now,
        p.userId(),
        null,
        null);
    return keys.insert(key, secrets.get().hash(secret))
        .compose(v -> audit.record(
            p, "apikey.created", "apikey", id, Map.of("name", key.name(), "scopes", scopes)))
        .map(v -> new ApiKey.WithSecret(key, secret));
  }

  Future<List<ApiKey>> list(Principal p) {
    return keys.list(p.tenantId());
  }

  Future<ApiKey> get(Principal p, String id) {
    return keys.find(p.tenantId(), id)
        .map(k -> k.orElseThrow(() -> ProblemException.notFound("API key " + id)));
  }

  /** Revokes a key at once (the next request with it is a 401); revoking it again answers it unchanged. */
  Future<ApiKey> revoke(Principal p, String id) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as the store keeps it
    return keys.revoke(p.tenantId(), id, p.userId(), now).compose(k -> {
      if (k.isEmpty()) {
        return Future.failedFuture(ProblemException.notFound("API key " + id));
      }
      if (!now.equals(k.get().revokedAt())) {
        return Future.succeededFuture(k.get());
      }
      return audit
          .record(p, "apikey.revoked", "apikey", id, Map.of("name", k.get().name()))
          .map(k.get());
    });
  }

  @Override
  public Future<Principal> authenticate(String secret, String operationId) {
    String id = KeySecrets.keyIdOf(secret);
    if (id == null) {
      return Future.failedFuture(
          unauthorized(ErrorCode.TOKEN_INVALID, "The API key is not valid."));
    }
    Instant now = clock.instant();
    return keys.byId(id).compose(found -> {
      if (found.isEmpty() || !secrets.get().matches(secret, found.get().hash())) {
        return Future.failedFuture(
            unauthorized(ErrorCode.TOKEN_INVALID, "The API key is not valid."));
      }
      ApiKey key = found.get().key();
      if (key.revokedAt() != null) {
        return Future.failedFuture(
            unauthorized(ErrorCode.SESSION_REVOKED, "The API key has been revoked."));
      }
      if (!key.activeAt(now)) {
        return Future.failedFuture(
            unauthorized(ErrorCode.TOKEN_EXPIRED, "The API key has expired."));
      }
      String scope = ApiScopes.scopeOf(operationId);
      if (scope == null) {
        return Future.failedFuture(ProblemException.forbidden(
            "API keys cannot call " + operationId + "; sign in as a user."));
      }
      if (!key.scopes().contains(scope)) {
        return Future.failedFuture(ProblemException.forbidden(
            "This needs the scope " + scope + "; the key has " + key.scopes() + "."));
      }
      return rates.tryAcquire(id, key.rateLimitPerMinute()).map(wait -> {
        if (wait > 0) {
          throw new ProblemException(
              ErrorCode.TOO_MANY_REQUESTS,
              "The API key's limit of " + key.rateLimitPerMinute()
                  + " requests a minute is reached; retry after " + wait + " s.",
              List.of(),
              Map.of("Retry-After", Long.toString(wait)));
        }
        String actor = ApiKeys.actor(id);
        return new Principal(
            key.tenantId(), key.createdBy(), Role.ADMIN, actor, actor, List.of(), List.of());
      });
    });
  }

  private static ProblemException unauthorized(ErrorCode code, String detail) {
    return new ProblemException(
        code, detail, List.of(), Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
  }
}
