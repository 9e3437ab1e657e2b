package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory of an earlier build (mongo-java-server's H2 file) opens in the new store with all its documents. */
class H2ImportTest {

  @TempDir
  Path dataDir;

  @Test
  void theEarlierBuildsH2FileIsImportedOnceAndKeptAsABackup() {
    // written as an earlier build wrote it: mongo-java-server's H2 backend on fieldlead.mv.db
    MVStore file = new MVStore.Builder()
        .fileName(dataDir.resolve(H2Import.FILE_NAME).toString())
        .open();
    MongoServer old = new MongoServer(new H2Backend(file));
    String uri = "mongodb://" + hostPort(old.bind());
    try (MongoClient client = MongoClients.create(uri)) {
      List<Document> leads = new ArrayList<>();
      for (int i = 0; i < 2500; i++) {
        leads.add(new Document("_id", "lead-" + i)
            .append("tenantId", i % 2 == 0 ? "t1" : "t2")
            .append("lastName", "Weber " + i)
            .append("version", 3L)
            .append("notes", "x".repeat(300)));
      }
      client.getDatabase("fieldlead").getCollection("leads").insertMany(leads);
      client
          .getDatabase("fieldlead")
          .getCollection("users")
          .insertOne(new Document("_id", "u1").append("email", "rep1@example.com"));
    }
    old.shutdownNow();
    file.close();

    try (EmbeddedStore store = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      MongoCollection<Document> leads = client.getDatabase("fieldlead").getCollection("leads");
      assertEquals(2500, leads.countDocuments());
      assertEquals(1250, leads.countDocuments(Filters.eq("tenantId", "t2")));
      Document one = leads.find(Filters.eq("_id", "lead-1777")).first();
      assertEquals("Weber 1777", one.getString("lastName"));
      assertEquals(3L, one.getLong("version"));
      assertEquals(
          "rep1@example.com",
          client
              .getDatabase("fieldlead")
              .getCollection("users")
              .find(Filters.eq("_id", "u1"))
              .first()
              .getString("email"));
    }
    assertFalse(
        Files.exists(dataDir.resolve(H2Import.FILE_NAME)), "the old file is not read again");
    assertTrue(
        Files.exists(dataDir.resolve(H2Import.FILE_NAME + ".imported")),
        "the old file is kept as a backup");

    // a second start opens the new store alone: nothing imported twice
    try (EmbeddedStore store = EmbeddedStore.startDurable(dataDir, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      assertEquals(2500, client.getDatabase("fieldlead").getCollection("leads").countDocuments());
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
