package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedStoreTest {

  @TempDir
  Path tempDir;

  @Test
  void documentsAndUniqueIndexesSurviveACleanCloseAndReopen() {
    Path dataDir = tempDir.resolve("data");
    try (EmbeddedStore store = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      MongoCollection<Document> leads = leads(client);
      leads.createIndex(Indexes.ascending("tenantId", "email"), new IndexOptions().unique(true));
      leads.insertOne(new Document("_id", "l1").append("tenantId", "t1").append("email", "a@x.io"));
      leads.insertOne(new Document("_id", "l2").append("tenantId", "t1").append("email", "b@x.io"));
    }
    assertTrue(Files.isDirectory(dataDir.resolve(EmbeddedStore.STORE_DIR)));

    try (EmbeddedStore store = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      MongoCollection<Document> leads = leads(client);
      assertEquals(2, leads.countDocuments());
      assertEquals("b@x.io", leads.find(new Document("_id", "l2")).first().getString("email"));

      MongoWriteException duplicate = assertThrows(
          MongoWriteException.class,
          () -> leads.insertOne(
              new Document("_id", "l3").append("tenantId", "t1").append("email", "a@x.io")));
      assertEquals(ErrorCategory.DUPLICATE_KEY, duplicate.getError().getCategory());
      // Same e-mail in another tenant is not a duplicate of the compound key.
      leads.insertOne(new Document("_id", "l4").append("tenantId", "t2").append("email", "a@x.io"));
    }
  }

  @Test
  void inMemoryStoreServesReadsAndWritesWithoutADirectory() {
    try (EmbeddedStore store = EmbeddedStore.startInMemory();
        MongoClient client = client(store)) {
      assertEquals(null, store.dataDir());
      assertEquals("mongodb://127.0.0.1:" + store.port(), store.connectionString());
      MongoCollection<Document> leads = leads(client);
      leads.insertOne(new Document("_id", "l1").append("name", "Ada"));
      assertEquals("Ada", leads.find(new Document("_id", "l1")).first().getString("name"));
    }
  }

  @Test
  void secondStoreOnADataDirectoryInUseFailsClearlyAndLeavesTheFirstIntact() {
    Path dataDir = tempDir.resolve("data");
    try (EmbeddedStore first = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = client(first)) {
      leads(client).insertOne(new Document("_id", "l1"));

      IllegalStateException e = assertThrows(
          IllegalStateException.class, () -> EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0));
      assertTrue(e.getMessage().contains("in use by another running store"), e.getMessage());
      assertTrue(e.getMessage().contains(dataDir.toAbsolutePath().toString()), e.getMessage());

      leads(client).insertOne(new Document("_id", "l2"));
      assertEquals(2, leads(client).countDocuments());
    }
    try (EmbeddedStore again = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = client(again)) {
      assertEquals(2, leads(client).countDocuments());
    }
  }

  @Test
  void portAlreadyTakenFailsClearlyAndReleasesTheDataDirectory() {
    Path dataDir = tempDir.resolve("data");
    try (EmbeddedStore occupant = EmbeddedStore.startInMemory()) {
      IllegalStateException e = assertThrows(
          IllegalStateException.class,
          () -> EmbeddedStore.startDurable(dataDir, "127.0.0.1", occupant.port()));
      assertTrue(e.getMessage().contains("127.0.0.1:" + occupant.port()), e.getMessage());
    }
    // The failed start must not keep the store's lock on the data directory.
    EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0).close();
  }

  @Test
  void storeBoundToAllInterfacesGivesALoopbackConnectionString() {
    try (EmbeddedStore store = EmbeddedStore.startDurable(tempDir.resolve("data"), "0.0.0.0", 0);
        MongoClient client = client(store)) {
      assertEquals("mongodb://127.0.0.1:" + store.port(), store.connectionString());
      leads(client).insertOne(new Document("_id", "l1"));
    }
  }

  @Test
  void storeCommandServesUntilInterruptedThenClosesTheStore() throws Exception {
    Path dataDir = tempDir.resolve("data");
    CompletableFuture<EmbeddedStore> started = new CompletableFuture<>();
    Thread command =
        new Thread(() -> StoreCommand.serve(dataDir, "127.0.0.1", 0, started::complete));
    command.start();
    try (MongoClient client = client(started.get(30, TimeUnit.SECONDS))) {
      leads(client).insertOne(new Document("_id", "l1"));
    }
    command.interrupt();
    command.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(command.isAlive(), "the store command did not stop on interrupt");

    try (EmbeddedStore reopened = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = client(reopened)) {
      assertEquals(1, leads(client).countDocuments());
    }
  }

  private static MongoClient client(EmbeddedStore store) {
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(store.connectionString()))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .build());
  }

  private static MongoCollection<Document> leads(MongoClient client) {
    return client.getDatabase("fieldlead").getCollection("leads");
  }
}
