package com.fieldlead.apikey;

import com.fieldlead.auth.ApiKeys;
import com.fieldlead.auth.AuditTrail;
import com.fieldlead.http.Endpoint;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.RateWindows;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * API keys for server-to-server callers ({@code /v1/api-keys}); {@link #port()} is what the auth gate authenticates
 * them through. {@link #start()} loads the key that secrets are hashed under.
 */
public final class ApiKeyModule {

  /** Requests per key and minute ({@link RateWindows}), shared by all instances. */
  static final String RATES = "api_key_rates";

  private final MongoStore store;
  private final Clock clock;
  private final MongoApiKeys keys;
  private final ApiKeyService service;
  private volatile KeySecrets secrets;

  public ApiKeyModule(MongoStore store, Clock clock, AuditTrail audit) {
    this.store = store;
    this.clock = clock;
    this.keys = new MongoApiKeys(store);
    this.service =
        new ApiKeyService(keys, new RateWindows(store, RATES, clock), this::secrets, audit, clock);
  }

  private KeySecrets secrets() {
    KeySecrets s = secrets;
    if (s == null) {
      throw new IllegalStateException("ApiKeyModule.start() has not completed");
    }
    return s;
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(keys.indexes());
    all.addAll(RateWindows.indexes(RATES));
    return all;
  }

  public Future<Void> start() {
    return KeySecrets.load(store, clock.instant()).map(s -> {
      secrets = s;
      return null;
    });
  }

  /** The port the auth gate calls for credentials that start with {@link ApiKeys#PREFIX}. */
  public ApiKeys port() {
    return service;
  }

  public List<Endpoint> endpoints() {
    return List.of(new ApiKeyEndpoint(service));
  }
}
