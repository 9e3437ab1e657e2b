package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.Backups;
import com.fieldlead.store.EmbeddedStore;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backup and restore sub-commands of the embedded store (README, "Backups and restores"). */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BackupRestoreTest {

  private static final Logger LOG = LoggerFactory.getLogger(BackupRestoreTest.class);
  private static final int WRITERS = 4;

  @TempDir
  Path tmp;

  /** A capture the server answered 201: when its request went out and when the answer came. */
  private record Acked(String id, long sentAt, long answeredAt) {}

  private static FieldleadConfig commandConfig() {
    return ConfigLoader.load(Map.of(), Map.of());
  }

  private static Map<ConfigKey, String> durableIn(Path dataDir) {
    return Map.of(
        ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
        "false",
        ConfigKey.FIELDLEAD_DATA_DIR,
        dataDir.toString());
  }

  @Test
  void aBackupTakenUnderCaptureLoadHoldsEveryCaptureAnsweredBeforeItAndTheRestoredServerServesThem()
      throws Exception {
    Path data = tmp.resolve("data");
    Path backup = tmp.resolve("backups/one");
    List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Session rep;
    String checkpointBefore;
    long backupStarted;
    long backupEnded;
    int backupExit;
    try (TestServer server = TestServer.start(durableIn(data), Clock.systemUTC())) {
      Session admin = AuthFixtures.tenantWithAdmin(server, "Backup tenant");
      rep = AuthFixtures.user(server.api(), admin, "rep");
      checkpointBefore = pull(server.api(), rep, null).json().get("checkpoint").asText();
      CountDownLatch beforeBackup = new CountDownLatch(60);
      CountDownLatch afterBackup = new CountDownLatch(60 + 60);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Session session = rep;
        writers.add(pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            long sent = System.nanoTime();
            Api.Response r =
                server.api().post("/v1/leads", capture(writer, i), session.accessToken());
            long answered = System.nanoTime();
            if (r.status() == 201) {
              acked.add(new Acked(r.json().get("id").asText(), sent, answered));
              beforeBackup.countDown();
              afterBackup.countDown();
            } else {
              failures.add(r.toString());
            }
          }
        }));
      }
      assertTrue(beforeBackup.await(90, TimeUnit.SECONDS), "captures before the backup");
      backupStarted = System.nanoTime();
      backupExit = BackupCommands.backup(
          commandConfig(), Map.of("to", backup.toString(), "data-dir", data.toString()));
      backupEnded = System.nanoTime();
      assertTrue(afterBackup.await(90, TimeUnit.SECONDS), "captures after the backup");
      stop.set(true);
      for (Future<?> f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    assertEquals(0, backupExit, "backup beside the running server");
    assertEquals(List.of(), failures, "every capture under load answered 201");
    long started = backupStarted;
    long ended = backupEnded;
    Set<String> answeredBefore = acked.stream()
        .filter(a -> a.answeredAt() < started)
        .map(Acked::id)
        .collect(Collectors.toSet());
    Set<String> sentAfter =
        acked.stream().filter(a -> a.sentAt() > ended).map(Acked::id).collect(Collectors.toSet());
    assertTrue(answeredBefore.size() >= 60, "captures answered before: " + answeredBefore.size());
    assertFalse(sentAfter.isEmpty(), "captures sent after the backup ended");
    LOG.info(
        "backup under load [writers={}, answeredBefore={}, sentAfter={}, acked={}, backupMs={}]",
        WRITERS,
        answeredBefore.size(),
        sentAfter.size(),
        acked.size(),
        (ended - started) / 1_000_000);

    Path restored = tmp.resolve("restored");
    assertEquals(
        0,
        BackupCommands.restore(
            commandConfig(), Map.of("from", backup.toString(), "data-dir", restored.toString())));
    try (TestServer server = TestServer.start(durableIn(restored), Clock.systemUTC())) {
      Api api = server.api();
      Session again = AuthFixtures.login(api, rep.email(), AuthFixtures.PASSWORD);
      List<String> missing = answeredBefore.stream()
          .filter(id -> api.get("/v1/leads/" + id, again.accessToken()).status() != 200)
          .toList();
      assertEquals(
          List.of(), missing, "captures answered before the backup began, missing after restore");
      List<String> present = sentAfter.stream()
          .filter(id -> api.get("/v1/leads/" + id, again.accessToken()).status() != 404)
          .toList();
      assertEquals(List.of(), present, "captures sent after the backup ended are not in it");
      assertEquals(
          "CHECKPOINT_FORGED",
          pull(api, again, checkpointBefore).code(),
          "a checkpoint issued before the restore sends the phone to a full re-sync");
      assertEquals(200, pull(api, again, null).status());
      assertEquals(
          201, api.post("/v1/leads", capture(9, 0), again.accessToken()).status());
    }
  }

  @Test
  void aRestoreRefusesADataDirectoryInUseAndKeepsThePreviousStoreBesideTheRestoredOne()
      throws Exception {
    Path data = tmp.resolve("data");
    Path backup = tmp.resolve("backup");
    try (EmbeddedStore store = EmbeddedStore.startDurable(data, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      MongoCollection<Document> things = client.getDatabase("fieldlead").getCollection("things");
      things.insertOne(new Document("_id", "in-backup"));
      Backups.Backup b = Backups.backup(data, backup, Clock.systemUTC());
      assertTrue(b.source().startsWith("running store at mongodb://127.0.0.1:"), b.source());
      things.insertOne(new Document("_id", "after-backup"));
      assertEquals(
          1,
          BackupCommands.restore(
              commandConfig(), Map.of("from", backup.toString(), "data-dir", data.toString())),
          "a store holds the data directory");
      assertEquals(2, things.countDocuments(), "the running store is untouched");
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> Backups.backup(data, backup, Clock.systemUTC()),
        "a backup never overwrites another");
    assertEquals(
        0,
        BackupCommands.restore(
            commandConfig(), Map.of("from", backup.toString(), "data-dir", data.toString())));
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(
          1,
          files
              .filter(p -> p.getFileName().toString().startsWith("store.before-restore-"))
              .count(),
          "the replaced store is kept");
    }
    try (EmbeddedStore store = EmbeddedStore.startDurable(data, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      List<Object> ids = new ArrayList<>();
      client
          .getDatabase("fieldlead")
          .getCollection("things")
          .find()
          .forEach(d -> ids.add(d.get("_id")));
      assertEquals(List.of("in-backup"), ids);
    }
  }

  @Test
  void aStoppedStoreIsBackedUpFromItsFilesAndABackupIsRefusedWhereThereIsNoStore()
      throws Exception {
    Path data = tmp.resolve("data");
    try (EmbeddedStore store = EmbeddedStore.startDurable(data, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      client.getDatabase("fieldlead").getCollection("things").insertOne(new Document("_id", 1));
    }
    assertFalse(
        Files.exists(data.resolve(Backups.ADDRESS_FILE)), "a closed store withdraws its address");
    Backups.Backup b = Backups.backup(data, tmp.resolve("offline"), Clock.systemUTC());
    assertTrue(b.source().startsWith("stopped store"), b.source());
    assertTrue(Files.isRegularFile(tmp.resolve("offline").resolve(Backups.MANIFEST)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Backups.backup(tmp.resolve("nothing"), tmp.resolve("x"), Clock.systemUTC()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Backups.restore(tmp.resolve("nothing"), data, Clock.systemUTC()),
        "not a backup");
  }

  private static Map<String, Object> capture(int writer, int i) {
    Map<String, Object> lead = new LinkedHashMap<>();
    lead.put("firstName", "Writer" + writer);
    lead.put("lastName", "Capture " + i);
    lead.put("email", "w" + writer + "-" + i + "-" + System.nanoTime() + "@backup.example");
    lead.put("company", "Backup Test GmbH");
    return lead;
  }

  private static Api.Response pull(Api api, Session s, String checkpoint) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("protocolVersion", 1);
    body.put("deviceId", "d-backup");
    body.put("appVersion", "2.4.0");
    if (checkpoint != null) {
      body.put("checkpoint", checkpoint);
    }
    return api.post("/v1/sync/pull", body, s.accessToken());
  }
}
