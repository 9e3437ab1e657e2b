package com.fieldlead.testing;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.EmbeddedStore;
import com.fieldlead.store.MongoStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** An in-memory embedded store and a client on one of its databases: store-backed pieces tested without a server. */
public final class InMemoryStore implements AutoCloseable {

  private final EmbeddedStore embedded;
  private final MongoStore store;

  private InMemoryStore(EmbeddedStore embedded, MongoStore store) {
    this.embedded = embedded;
    this.store = store;
  }

  /** A fresh store and a client on {@code database} with up to {@code poolSize} connections. */
  public static InMemoryStore start(String database, int poolSize) {
    EmbeddedStore embedded = EmbeddedStore.startInMemory();
    return new InMemoryStore(
        embedded,
        MongoStore.connect(
            embedded.connectionString(),
            new FieldleadConfig.Store(
                Optional.empty(), database, Path.of("data"), true, poolSize, Duration.ofSeconds(5)),
            null));
  }

  public MongoStore store() {
    return store;
  }

  @Override
  public void close() {
    store.close();
    embedded.close();
  }
}
