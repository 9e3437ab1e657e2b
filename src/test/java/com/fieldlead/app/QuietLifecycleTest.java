package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A normal run is quiet: starting, serving, stopping and the {@code bootstrap} command log nothing at WARN or ERROR
 * (no metrics notices at start, no background job cut off by the store closing under it).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QuietLifecycleTest {

  /** Runs {@code work} and answers every WARN or ERROR line logged meanwhile (with its exception's message). */
  private static List<String> warningsDuring(ThrowingRunnable work) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    root.addAppender(seen);
    try {
      work.run();
    } finally {
      root.detachAppender(seen);
    }
    return seen.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null
                ? ""
                : " / " + e.getThrowableProxy().getClassName() + ": "
                    + e.getThrowableProxy().getMessage()))
        .toList();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aDurableDemoServerStartsServesAndStopsWithoutAWarning(@TempDir Path dataDir)
      throws Exception {
    Map<ConfigKey, String> settings = Map.of(
        ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
        "false",
        ConfigKey.FIELDLEAD_DATA_DIR,
        dataDir.toString(),
        ConfigKey.FIELDLEAD_DEMO,
        "true",
        ConfigKey.FIELDLEAD_HTTP_INSTANCES,
        "3");
    List<String> warnings = warningsDuring(() -> {
      for (int round = 0;
          round < 2;
          round++) { // the second start finds the store, indexes and demo data in place
        try (TestServer server = TestServer.start(settings, Clock.systemUTC())) {
          Api api = server.api();
          String token = api.post(
                  "/v1/auth/login",
                  Map.of("email", "booth@demo.test", "password", "demo-password"),
                  null)
              .json()
              .path("accessToken")
              .asText();
          // a hot capture: routing, scoring, an alert in the outbox, sync nudges; the stop comes
          // while that work runs
          Api.Response push = api.post(
              "/v1/sync/push",
              Map.of(
                  "protocolVersion",
                  1,
                  "deviceId",
                  "booth-phone",
                  "mutations",
                  List.of(Map.of(
                      "clientMutationId",
                      "m1",
                      "entityType",
                      "lead",
                      "entityId",
                      UUID.randomUUID().toString(),
                      "op",
                      "create",
                      "changes",
                      Map.of(
                          "lastName",
                          "Quiet",
                          "company",
                          "Acme",
                          "email",
                          "quiet" + round + "@acme.example")))),
              token);
          assertEquals(200, push.status(), push::toString);
          assertEquals(200, api.get("/metrics", null).status());
        }
      }
    });
    assertEquals(List.of(), warnings, "warnings or errors logged by a normal start, run and stop");
  }

  @Test
  void aStopWhileANewRuleSetRescoresTheTenantWaitsForItWithoutAWarning(@TempDir Path dataDir)
      throws Exception {
    Map<ConfigKey, String> settings = Map.of(
        ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
        "false",
        ConfigKey.FIELDLEAD_DATA_DIR,
        dataDir.toString(),
        ConfigKey.FIELDLEAD_DEMO,
        "true");
    List<String> warnings = warningsDuring(() -> {
      try (TestServer server = TestServer.start(settings, Clock.systemUTC())) {
        Api api = server.api();
        String admin = api.post(
                "/v1/auth/login",
                Map.of("email", "admin@demo.test", "password", "demo-password"),
                null)
            .json()
            .path("accessToken")
            .asText();
        ObjectNode rules = (ObjectNode) api.get("/v1/scoring/rules", admin).json();
        ((ObjectNode) rules.get("thresholds")).put("hot", 77);
        // saving starts a rescore of every open demo lead in the background; the server stops at
        // once
        Api.Response saved = api.put("/v1/scoring/rules", rules, admin);
        assertEquals(200, saved.status(), saved::toString);
      }
    });
    assertEquals(List.of(), warnings, "warnings or errors logged by a stop during a rescore");
  }

  @Test
  void bootstrapCreatesTheFirstAdminWithoutAWarning(@TempDir Path dataDir) throws Exception {
    Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
    overrides.put(ConfigKey.FIELDLEAD_DATA_DIR, dataDir.toString());
    overrides.put(ConfigKey.FIELDLEAD_PASSWORD_ITERATIONS, "10000");
    var config = ConfigLoader.load(new HashMap<>(), overrides);
    InputStream stdin = System.in;
    int[] status = new int[1];
    List<String> warnings;
    try {
      System.setIn(
          new ByteArrayInputStream("a-long-bootstrap-password\n".getBytes(StandardCharsets.UTF_8)));
      warnings = warningsDuring(() -> status[0] =
          Commands.bootstrap(config, Map.of("tenant", "Quiet Co", "email", "ops@quiet.example")));
    } finally {
      System.setIn(stdin);
    }
    assertEquals(0, status[0], "bootstrap's exit status");
    assertEquals(List.of(), warnings, "warnings or errors logged by bootstrap");
  }

  @Test
  void seedCreatesTheDemoTenantWithoutAWarningAndAServerThenServesIt(@TempDir Path dataDir)
      throws Exception {
    Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
    overrides.put(ConfigKey.FIELDLEAD_DATA_DIR, dataDir.toString());
    overrides.put(ConfigKey.FIELDLEAD_DEMO, "true");
    var config = ConfigLoader.load(new HashMap<>(), overrides);
    int[] status = new int[1];
    List<String> warnings = warningsDuring(() -> status[0] = Commands.seed(config));
    assertEquals(0, status[0], "seed's exit status");
    assertEquals(List.of(), warnings, "warnings or errors logged by seed");
    try (TestServer server = TestServer.start(
        Map.of(
            ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
            "false",
            ConfigKey.FIELDLEAD_DATA_DIR,
            dataDir.toString()),
        Clock.systemUTC())) {
      assertEquals(
          200,
          server
              .api()
              .post(
                  "/v1/auth/login",
                  Map.of("email", "rep1@demo.test", "password", "demo-password"),
                  null)
              .status());
    }
  }

  @Test
  void onlyVertxsSharedGaugeNoticeIsKeptOutOfTheLogOtherMetricsWarningsShow() throws Exception {
    // qualified: logback's Logger is imported
    org.slf4j.Logger micrometer =
        LoggerFactory.getLogger("io.micrometer.core.instrument.MeterRegistry");
    List<String> warnings = warningsDuring(() -> {
      micrometer.warn(
          "This Gauge has been already registered (MeterId{name='vertx.http.server.active.connections',"
              + " tags=[tag(local=127.0.0.1:0)]}), the registration will be ignored. Note that subsequent logs will be"
              + " logged at debug level.");
      micrometer.warn(
          "This Gauge has been already registered (MeterId{name='fieldlead.outbox.pending', tags=[]}),"
              + " the registration will be ignored. Note that subsequent logs will be logged at debug level.");
    });
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("fieldlead.outbox.pending"), warnings::toString);
  }

  @Test
  void bootstrapOnADataDirectoryARunningServerHoldsFailsSayingWhatToDo(@TempDir Path dataDir)
      throws Exception {
    InputStream stdin = System.in;
    try (TestServer running = TestServer.start(
        Map.of(
            ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
            "false",
            ConfigKey.FIELDLEAD_DATA_DIR,
            dataDir.toString()),
        Clock.systemUTC())) {
      Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
      overrides.put(ConfigKey.FIELDLEAD_DATA_DIR, dataDir.toString());
      var config = ConfigLoader.load(new HashMap<>(), overrides);
      Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
      ListAppender<ILoggingEvent> seen = new ListAppender<>();
      seen.start();
      root.addAppender(seen);
      int status;
      try {
        System.setIn(new ByteArrayInputStream(
            "a-long-bootstrap-password\n".getBytes(StandardCharsets.UTF_8)));
        status =
            Commands.bootstrap(config, Map.of("tenant", "Busy Co", "email", "ops@busy.example"));
      } finally {
        System.setIn(stdin);
        root.detachAppender(seen);
      }
      assertEquals(1, status, "bootstrap's exit status");
      List<ILoggingEvent> errors = seen.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .toList();
      assertEquals(
          1,
          errors.size(),
          () -> errors.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());
      String message = errors.get(0).getFormattedMessage();
      assertTrue(
          message.contains(dataDir.toAbsolutePath().toString())
              && message.contains("MONGODB_URI")
              && message.contains("store"),
          message);
      assertEquals(null, errors.get(0).getThrowableProxy(), "no stack trace: " + message);
      assertEquals(
          200, running.api().get("/health/ready", null).status(), "the running server is unharmed");

      // through the running store's address, as README says, bootstrap runs beside the server
      Map<ConfigKey, String> shared = new EnumMap<>(ConfigKey.class);
      shared.put(ConfigKey.MONGODB_URI, running.server().storeConnectionString());
      shared.put(ConfigKey.FIELDLEAD_PASSWORD_ITERATIONS, "10000");
      var beside = ConfigLoader.load(new HashMap<>(), shared);
      try {
        System.setIn(new ByteArrayInputStream(
            "a-long-bootstrap-password\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(
            0,
            Commands.bootstrap(beside, Map.of("tenant", "Busy Co", "email", "ops@busy.example")));
      } finally {
        System.setIn(stdin);
      }
      assertEquals(
          200,
          running
              .api()
              .post(
                  "/v1/auth/login",
                  Map.of("email", "ops@busy.example", "password", "a-long-bootstrap-password"),
                  null)
              .status(),
          "the new admin logs in on the running server");
    }
  }
}
