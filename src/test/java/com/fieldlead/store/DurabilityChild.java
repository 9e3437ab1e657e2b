package com.fieldlead.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Child JVM for {@link EmbeddedStoreDurabilityTest}: starts a file store, inserts documents one by
 * one with acknowledged writes, prints {@code ACKED <n> <millis>} and then waits to be killed.
 * Arguments: data directory and number of documents (the store is {@link EmbeddedStore#startDurable}).
 */
public final class DurabilityChild {

  static final String DATABASE = "durability";
  static final String COLLECTION = "captures";

  private DurabilityChild() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    EmbeddedStore store = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
    MongoClientSettings settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(store.connectionString()))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(20, TimeUnit.SECONDS))
        .build();
    MongoClient client = MongoClients.create(settings);
    MongoCollection<Document> captures = client.getDatabase(DATABASE).getCollection(COLLECTION);
    captures.insertOne(new Document("_id", -1).append("warmUp", true));

    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      // Default write concern (w:1): insertOne returns only after the server acknowledged.
      captures.insertOne(
          new Document("_id", i).append("name", "Lead " + i).append("company", "ACME"));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("ACKED " + count + " " + millis);
    System.out.flush();

    // Nothing is closed: the parent kills this JVM with SIGKILL now. Reading stdin only ends
    // this process if the parent dies first (its end of the pipe closes), so no orphan stays.
    while (System.in.read() >= 0) {
      // ignore input
    }
    Runtime.getRuntime().halt(3);
  }
}
