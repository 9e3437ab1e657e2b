package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance started before its MongoDB waits for it (FIELDLEAD_MONGODB_START_WAIT_MS) instead of exiting. */
class MongoStartWaitTest {

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    Await.result(vertx.close());
  }

  @Test
  void aStoreThatComesUpAfterAFailedAttemptIsWaitedFor(@TempDir Path dir) throws IOException {
    int port = freePort();
    Promise<Void> firstFailure = Promise.promise();
    AtomicInteger retries = new AtomicInteger();
    try (MongoStore store = connect(port)) {
      Future<Void> reachable = Await.onContext(
          vertx,
          () -> Future.succeededFuture(store.awaitReachable(vertx, Duration.ofSeconds(25), e -> {
            retries.incrementAndGet();
            firstFailure.tryComplete();
          })));
      Await.result(firstFailure.future());
      try (EmbeddedStore late = EmbeddedStore.startDurable(dir, "127.0.0.1", port)) {
        Await.result(reachable);
        assertTrue(retries.get() >= 1, "at least one attempt failed before the store came up");
        Await.onContext(vertx, store::ping);
      }
    }
  }

  @Test
  void aStoreThatNeverAnswersFailsTheStartOnceTheWaitIsOverNamingTheKey() throws IOException {
    int port = freePort();
    AtomicInteger retries = new AtomicInteger();
    try (MongoStore store = connect(port)) {
      Throwable failure = Await.failure(Await.onContext(
          vertx,
          () -> Future.succeededFuture(store.awaitReachable(
              vertx, Duration.ofMillis(1500), e -> retries.incrementAndGet()))));
      assertTrue(
          failure.getMessage().contains("FIELDLEAD_MONGODB_START_WAIT_MS=1500"),
          failure.getMessage());
      assertTrue(retries.get() >= 1, "retried within the wait: " + retries.get());
    }
  }

  @Test
  void aZeroWaitMakesOneAttemptOnly() throws IOException {
    int port = freePort();
    AtomicInteger retries = new AtomicInteger();
    try (MongoStore store = connect(port)) {
      Throwable failure = Await.failure(Await.onContext(
          vertx,
          () -> Future.succeededFuture(
              store.awaitReachable(vertx, Duration.ZERO, e -> retries.incrementAndGet()))));
      assertTrue(failure.getMessage().contains("(1 attempts)"), failure.getMessage());
      assertEquals(0, retries.get());
    }
  }

  @Test
  void theStartWaitIsConfiguredInMillisecondsAndDefaultsToAMinute() {
    assertEquals(
        Duration.ofMinutes(1), ConfigLoader.load(Map.of(), Map.of()).store().startWait());
    FieldleadConfig c =
        ConfigLoader.load(Map.of("FIELDLEAD_MONGODB_START_WAIT_MS", "120000"), Map.of());
    assertEquals(Duration.ofMinutes(2), c.store().startWait());
  }

  private MongoStore connect(int port) {
    FieldleadConfig.Store config = new FieldleadConfig.Store(
        Optional.of("mongodb://127.0.0.1:" + port),
        "fieldlead",
        Path.of("unused"),
        false,
        5,
        Duration.ofMillis(300));
    return MongoStore.connect("mongodb://127.0.0.1:" + port, config, null);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
