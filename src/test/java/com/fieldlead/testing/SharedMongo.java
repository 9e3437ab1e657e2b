package com.fieldlead.testing;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.MongoStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The one MongoDB container of an {@code *IT} run (a single-node {@code mongo:7} replica set), started by the first
 * test class that asks and shared by all of them; Testcontainers removes it when the JVM exits. Each class works in a
 * database of its own. Classes using it carry {@code @Testcontainers(disabledWithoutDocker = true)}, so they are
 * skipped, and never reach this holder, where there is no Docker.
 */
public final class SharedMongo {

  private static MongoDBContainer container;

  private SharedMongo() {}

  /** The running container, started on first use. */
  public static synchronized MongoDBContainer container() {
    if (container == null) {
      MongoDBContainer started = new MongoDBContainer("mongo:7");
      started.start();
      container = started;
    }
    return container;
  }

  /** The connection string of the shared replica set, without a database. */
  public static String connectionString() {
    return container().getConnectionString();
  }

  /** The connection string of the shared replica set naming {@code database}. */
  public static String replicaSetUrl(String database) {
    return container().getReplicaSetUrl(database);
  }

  /** A client of the shared replica set on {@code database} (the caller closes it). */
  public static MongoStore connect(String database) {
    String uri = connectionString();
    return MongoStore.connect(
        uri,
        new FieldleadConfig.Store(
            Optional.of(uri), database, Path.of("unused"), false, 10, Duration.ofSeconds(10)),
        null);
  }
}
