package com.fieldlead.auth;

import com.fieldlead.auth.store.AuthSchema;
import com.fieldlead.auth.store.SigningKeys;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Routes;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth feature: tenants, teams, users, devices, sessions and tokens. Built once per process; {@link #start()}
 * loads the signing key (configured, or generated once and shared through the store) before the gate and endpoints
 * are used. Other features read users through {@link #directory()}.
 */
public final class AuthModule {

  private static final Logger LOG = LoggerFactory.getLogger(AuthModule.class);
  /** How often expired sessions, refresh tokens and login counters are deleted (the embedded store has no TTL). */
  static final Duration PURGE_EVERY = Duration.ofHours(1);

  static final Duration DUMMY_HASH_DELAY = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final FieldleadConfig.Auth config;
  private final MongoStore store;
  private final Clock clock;
  private final AuthStores stores;
  private final PasswordHasher hasher;
  private volatile Started started;
  /** API keys' port (see {@link #useApiKeys}), or null. */
  private volatile ApiKeys apiKeys;
  /** The audit of admin operations (see {@link #useOperationAudit}), or null. */
  private volatile OperationAudit operationAudit;
  /** The timer that computes the unknown-email hash a few seconds after the start (-1: none). */
  private volatile long dummyTimer = -1;

  private record Started(
      AuthGate gate, SessionService sessions, PeopleService people, DeviceService devices) {}

  public AuthModule(Vertx vertx, FieldleadConfig config, MongoStore store, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config").auth();
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stores = AuthStores.over(store, this.config);
    this.hasher = new PasswordHasher(this.config.passwordIterations());
  }

  /** The collection of devices and the field of a device's id there (unique per tenant; not {@code _id}). */
  public static final Map<String, String> TENANT_SCOPED_IDS =
      Map.of(AuthSchema.DEVICES, AuthSchema.DEVICE_KEY);

  public List<IndexDef> indexes() {
    return AuthSchema.indexes();
  }

  /** Cancels what the start scheduled (a stop within seconds of the start would find no worker pool for it). */
  public void stop() {
    if (dummyTimer >= 0) {
      vertx.cancelTimer(dummyTimer);
    }
  }

  /** Loads the signing key and builds the services; runs after the indexes exist. */
  public Future<Void> start() {
    // the hash that unknown emails are checked against is computed in the background a few seconds
    // after the start
    // (the start need not wait for it, nor share its two cores with it); a login before then
    // computes it at once
    Promise<String> dummyPromise = Promise.promise();
    AtomicBoolean dummyStarted = new AtomicBoolean();
    Runnable computeDummy = () -> {
      if (dummyStarted.compareAndSet(false, true)) {
        vertx
            .executeBlocking(() -> hasher.hash(UUID.randomUUID().toString()), false)
            .onComplete(dummyPromise);
      }
    };
    dummyTimer = vertx.setTimer(DUMMY_HASH_DELAY.toMillis(), id -> computeDummy.run());
    Supplier<Future<String>> dummy = () -> {
      computeDummy.run();
      return dummyPromise.future();
    };
    return SigningKeys.load(config, store, clock.instant()).map(key -> {
      AccessTokens tokens = new AccessTokens(key, config.issuer(), config.accessTokenTtl(), clock);
      PeopleService people = new PeopleService(vertx, clock, stores, hasher);
      started = new Started(
          new AuthGate(tokens, stores, clock, () -> apiKeys, () -> operationAudit),
          new SessionService(vertx, clock, config, stores, hasher, tokens, dummy),
          people,
          new DeviceService(clock, stores));
      vertx.setPeriodic(PURGE_EVERY.toMillis(), id -> purge());
      LOG.info("auth started [{}]", config);
      return null;
    });
  }

  private void purge() {
    var now = clock.instant();
    stores
        .sessions()
        .purgeExpired(now.minus(Duration.ofDays(1)))
        .compose(n -> stores.throttle().purge(now).map(m -> n + m))
        .onSuccess(n -> LOG.debug("auth purge [deleted={}]", n))
        .onFailure(t -> LOG.warn("auth purge failed", t));
  }

  private Started started() {
    Started s = started;
    if (s == null) {
      throw new IllegalStateException("AuthModule.start() has not completed");
    }
    return s;
  }

  /** Tells {@code audit} of every authenticated request (see {@link OperationAudit}). */
  public void useOperationAudit(OperationAudit audit) {
    this.operationAudit = Objects.requireNonNull(audit, "audit");
  }

  /** Lets bearer credentials that start with {@link ApiKeys#PREFIX} in, through {@code keys}. */
  public void useApiKeys(ApiKeys keys) {
    this.apiKeys = Objects.requireNonNull(keys, "keys");
  }

  /** Authenticates secured operations (see {@link AuthGate}). */
  public Routes.Gate gate() {
    return started().gate();
  }

  public List<Endpoint> endpoints() {
    Started s = started();
    return List.of(
        new AuthEndpoint(s.sessions(), s.people()),
        new PeopleEndpoint(s.people()),
        new DeviceEndpoint(s.devices()));
  }

  /** Users and teams, tenant-scoped, for other features. */
  public UserDirectory directory() {
    return stores.users();
  }

  /** Whether a device id named in a request body may be used by its caller (sync pull and push). */
  public DeviceRevocations deviceRevocations() {
    return stores.devices();
  }

  /** Push tokens of users' active devices, for the notify feature. */
  public DeviceTokens deviceTokens() {
    return stores.devices();
  }

  /**
   * Creates a tenant and its first admin (time zone UTC; they can change it). Fails with ALREADY_EXISTS when the
   * email is taken, and creates nothing then. Answers {@code tenant=<id> user=<id>}.
   */
  public Future<String> bootstrap(String tenantName, String email, String name, String password) {
    return Future.succeededFuture().compose(v -> {
      String tenant = AccountInputChecks.name("tenant", tenantName);
      String mail = AccountInputChecks.email("email", email);
      AccountInputChecks.name("name", name);
      AccountInputChecks.password("password", password);
      String tenantId = UUID.randomUUID().toString();
      return stores
          .users()
          .byEmail(mail)
          .compose(existing -> {
            if (existing.isPresent()) {
              throw new ProblemException(
                  ErrorCode.ALREADY_EXISTS, "A user with the email " + mail + " already exists.");
            }
            return stores.users().insertTenant(tenantId, tenant, clock.instant());
          })
          .compose(x -> started()
              .people()
              .createUser(
                  tenantId,
                  new AuthApi.CreateUser(
                      mail, name, Role.ADMIN.wire(), password, "UTC", List.of(), List.of()))
              .recover(t -> stores
                  .users()
                  .deleteTenant(tenantId)
                  .transform(ignored -> Future.failedFuture(t))))
          .map(user -> {
            LOG.info(
                "bootstrapped tenant and first admin [tenant={}, user={}]",
                tenantId,
                user.info().id());
            return "tenant=" + tenantId + " user=" + user.info().id();
          });
    });
  }

  /** Creates the demo tenant's people unless they exist; answers their ids either way. */
  public Future<DemoPeople> seedDemo() {
    return new DemoPeopleSeed(stores, started().people()).seed(clock.instant());
  }
}
