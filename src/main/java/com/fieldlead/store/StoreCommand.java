package com.fieldlead.store;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code store} sub-command: runs the durable embedded store on its own, so that several app
 * instances on one machine can share it through {@code MONGODB_URI=mongodb://host:port}.
 */
public final class StoreCommand {

  private static final Logger log = LoggerFactory.getLogger(StoreCommand.class);

  private StoreCommand() {}

  /**
   * Starts a durable store on {@code dataDir} and {@code host:port} and blocks until the JVM is
   * told to stop (SIGTERM, Ctrl-C), when a shutdown hook closes the store cleanly. Returns early,
   * with the store closed and the interrupt flag set, if the calling thread is interrupted.
   *
   * @throws IllegalStateException if the store cannot start (data directory locked, port taken)
   */
  public static void runForever(Path dataDir, String host, int port) {
    serve(dataDir, host, port, store -> {});
  }

  /** {@link #runForever}, telling {@code onStarted} the running store (tests learn its port this way). */
  static void serve(Path dataDir, String host, int port, Consumer<EmbeddedStore> onStarted) {
    EmbeddedStore store = EmbeddedStore.startDurable(dataDir, host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(
        () -> {
          log.info("Stopping the embedded store on {}", store.connectionString());
          store.close();
          stopped.countDown();
        },
        "fieldlead-store-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    log.info(
        "Embedded store ready: {} (data in {}); stop it with SIGTERM or Ctrl-C",
        store.connectionString(),
        store.dataDir());
    try {
      onStarted.accept(store);
      // The store and the server threads do the work; this thread only keeps the command alive.
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (stopped.getCount() > 0) {
        stopWithoutHook(store, hook);
      }
    }
  }

  private static void stopWithoutHook(EmbeddedStore store, Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to run; close() is idempotent, so closing here as well is
      // fine.
    }
    store.close();
  }
}
