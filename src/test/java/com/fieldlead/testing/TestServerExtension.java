package com.fieldlead.testing;

import com.fieldlead.config.ConfigKey;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared {@link TestServer} of a test class: started before the class's {@code @BeforeAll} methods (on the
 * in-memory embedded store, or on {@code MONGODB_TEST_URI}), stopped after its {@code @AfterAll} methods.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestServerExtension SERVER = TestServerExtension.start();
 *
 * &#64;BeforeAll
 * static void seed() {
 *   admin = AuthFixtures.tenantWithAdmin(SERVER.get(), "Acme");
 * }
 * </pre>
 *
 * <p>Several in one class start in {@code @Order} and stop in reverse (JUnit does not follow field order):
 * {@link #sharingStoreOf} starts a second instance on the first one's store.
 */
public final class TestServerExtension implements BeforeAllCallback, AfterAllCallback {

  private final TestServerExtension storeOf;
  private final Supplier<Map<ConfigKey, String>> settings;
  private final Clock clock;
  private TestServer server;
  private ExtensionContext owner;

  private TestServerExtension(
      TestServerExtension storeOf, Supplier<Map<ConfigKey, String>> settings, Clock clock) {
    this.storeOf = storeOf;
    this.settings = Objects.requireNonNull(settings);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The server with the test defaults ({@link TestServer#start()}). */
  public static TestServerExtension start() {
    return start(Map.of(), Clock.systemUTC());
  }

  /** The server with the demo tenant seeded ({@code FIELDLEAD_DEMO=true}). */
  public static TestServerExtension demo() {
    return start(Map.of(ConfigKey.FIELDLEAD_DEMO, "true"), Clock.systemUTC());
  }

  /** The server with extra configuration and a clock ({@link TestServer#start(Map, Clock)}). */
  public static TestServerExtension start(Map<ConfigKey, String> settings, Clock clock) {
    Map<ConfigKey, String> fixed = Map.copyOf(settings);
    return start(() -> fixed, clock);
  }

  /** The server with configuration known only when it starts (the port of a fake started before it, say). */
  public static TestServerExtension start(Supplier<Map<ConfigKey, String>> settings, Clock clock) {
    return new TestServerExtension(null, settings, clock);
  }

  /** A second instance on {@code first}'s store, with its own settings: give it a higher {@code @Order}. */
  public static TestServerExtension sharingStoreOf(
      TestServerExtension first, Map<ConfigKey, String> settings, Clock clock) {
    Map<ConfigKey, String> fixed = Map.copyOf(settings);
    return sharingStoreOf(first, () -> fixed, clock);
  }

  /** {@link #sharingStoreOf(TestServerExtension, Map, Clock)} with configuration known only when it starts. */
  public static TestServerExtension sharingStoreOf(
      TestServerExtension first, Supplier<Map<ConfigKey, String>> settings, Clock clock) {
    return new TestServerExtension(Objects.requireNonNull(first), settings, clock);
  }

  /** The running server; only from {@code @BeforeAll} on. */
  public TestServer get() {
    if (server == null) {
      throw new IllegalStateException(
          "the test server is not running: register the extension on a static field");
    }
    return server;
  }

  /** The running server's HTTP client. */
  public Api api() {
    return get().api();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (server != null) {
      return; // a @Nested class shares its outer class's server
    }
    Map<ConfigKey, String> all = new EnumMap<>(ConfigKey.class);
    if (storeOf != null) {
      if (storeOf.server == null) {
        throw new IllegalStateException(
            "a server sharing another's store must start after it: annotate both with @Order");
      }
      all.put(ConfigKey.MONGODB_URI, storeOf.get().server().storeConnectionString());
    }
    all.putAll(settings.get());
    server = TestServer.start(all, clock);
    owner = context;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context != owner) {
      return;
    }
    TestServer running = server;
    owner = null;
    server = null;
    if (running != null) {
      running.close();
    }
  }
}
