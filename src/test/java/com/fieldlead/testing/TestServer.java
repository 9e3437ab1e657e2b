package com.fieldlead.testing;

import com.fieldlead.app.FieldleadServer;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.tracing.Tracing;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real server on port 0 for endpoint tests: on an in-memory embedded store by default, or on the MongoDB named
 * by {@code MONGODB_TEST_URI} (each server gets its own database there).
 */
public final class TestServer implements AutoCloseable {

  private final FieldleadServer server;
  private final Api api;

  private TestServer(FieldleadServer server) {
    this.server = server;
    this.api = new Api("http://127.0.0.1:" + server.port());
  }

  public static TestServer start() {
    return start(Map.of(), Clock.systemUTC());
  }

  /** Starts with extra configuration (ConfigKey names to values) and a clock. */
  public static TestServer start(Map<ConfigKey, String> settings, Clock clock) {
    return start(settings, clock, null);
  }

  /** {@link #start(Map, Clock)}, tracing to {@code tracing} when not null (an in-memory span exporter). */
  public static TestServer start(Map<ConfigKey, String> settings, Clock clock, Tracing tracing) {
    Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
    overrides.put(ConfigKey.FIELDLEAD_HTTP_PORT, "0");
    overrides.put(ConfigKey.FIELDLEAD_HTTP_HOST, "127.0.0.1");
    overrides.put(ConfigKey.FIELDLEAD_HTTP_INSTANCES, "2");
    overrides.put(ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY, "true");
    overrides.put(ConfigKey.FIELDLEAD_PASSWORD_ITERATIONS, "10000");
    overrides.put(ConfigKey.FIELDLEAD_SHUTDOWN_GRACE_MS, "2000");
    // endpoint tests send many requests a minute from one user; RequestRatesTest turns the limits
    // on
    overrides.put(ConfigKey.FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE, "0");
    overrides.put(ConfigKey.FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE, "0");
    String uri = System.getenv("MONGODB_TEST_URI");
    if (uri != null && !uri.isBlank()) {
      overrides.put(ConfigKey.MONGODB_URI, uri);
      overrides.put(
          ConfigKey.FIELDLEAD_MONGODB_DATABASE,
          "fl_test_" + UUID.randomUUID().toString().substring(0, 8));
    }
    overrides.putAll(settings);
    Map<String, String> env = new HashMap<>();
    FieldleadConfig config = ConfigLoader.load(env, overrides);
    FieldleadServer server = new FieldleadServer(config, clock);
    if (tracing != null) {
      server.tracing(tracing);
    }
    try {
      server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.stopAndWait();
      throw new IllegalStateException("test server failed to start", e);
    }
    return new TestServer(server);
  }

  public Api api() {
    return api;
  }

  public int port() {
    return server.port();
  }

  public FieldleadServer server() {
    return server;
  }

  @Override
  public void close() {
    server.stopAndWait();
  }
}
