package com.fieldlead.store;

import com.fieldlead.config.FieldleadConfig;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MongoDB client of a process, its database, and the start-up step that creates every declared index.
 * Readiness ({@link #indexesReady()}) turns true only after that step succeeded.
 */
public final class MongoStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);

  private final MongoClient client;
  private final MongoDatabase database;
  private final AtomicBoolean indexesReady = new AtomicBoolean();

  private MongoStore(MongoClient client, String database) {
    this.client = client;
    this.database = client.getDatabase(database);
  }

  /** Connects to {@code connectionString}; pool and command timings go to {@code registry} when given. */
  public static MongoStore connect(String connectionString, FieldleadConfig.Store config, MeterRegistry registry) {
    Objects.requireNonNull(connectionString, "connectionString");
    MongoClientSettings.Builder settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(connectionString))
        .uuidRepresentation(UuidRepresentation.STANDARD)
        .applicationName("fieldlead")
        .applyToClusterSettings(c -> c.serverSelectionTimeout(
            config.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .applyToConnectionPoolSettings(p -> {
          p.maxSize(config.maxPoolSize());
          if (registry != null) {
            p.addConnectionPoolListener(new MongoMetricsConnectionPoolListener(registry));
          }
        });
    if (registry != null) {
      settings.addCommandListener(new MongoMetricsCommandListener(registry));
    }
    return new MongoStore(MongoClients.create(settings.build()), config.database());
  }

  public MongoDatabase database() {
    return database;
  }

  public MongoCollection<Document> collection(String name) {
    return database.getCollection(name);
  }

  /** Round-trips a {@code ping} (the embedded store lacks {@code hello}). */
  public Future<Void> ping() {
    try {
      return MongoFutures.one(database.runCommand(new Document("ping", 1))).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // a closed client throws instead of signalling
    }
  }

  /** Creates every index (idempotent: same name and keys is a no-op on MongoDB and the embedded store). */
  public Future<Void> ensureIndexes(List<IndexDef> indexes) {
    List<Future<Void>> created = new ArrayList<>();
    for (IndexDef def : indexes) {
      created.add(MongoFutures.done(collection(def.collection()).createIndex(def.keys(), def.options())));
    }
    return Future.all(created).<Void>mapEmpty().onSuccess(v -> {
      indexesReady.set(true);
      LOG.info("indexes ensured [count={}]", indexes.size());
    });
  }

  public boolean indexesReady() {
    return indexesReady.get();
  }

  @Override
  public void close() {
    client.close();
  }
}
