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
    MongoStore store = MongoStore.connect(
        embedded.connectionString(),
        new FieldleadConfig.Store(
            Optional.empty(), database, Path.of("data"), true, poolSize, Duration.ofSeconds(5)),
        null);
    // as the server wires a store it runs: what it reads may be kept while unwritten
    store.generationsThrough(c -> embedded.writeGenerations().of(database, c));
    return new InMemoryStore(embedded, store);
  }

  /** Where another client reaches the same store (a write through it is a write by someone else). */
  public String connectionString() {
    return embedded.connectionString();
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
