package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.testing.Await;
import com.mongodb.client.model.Indexes;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restart on the embedded store skips the {@code createIndexes} round trips when the declared indexes are the ones the
 * previous start created, and still creates any index a new release declares.
 */
class IndexFingerprintTest {

  private EmbeddedStore embedded;
  private MongoStore store;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void open() {
    embedded = EmbeddedStore.startInMemory();
    registry = new SimpleMeterRegistry();
    store = MongoStore.connect(
        embedded.connectionString(),
        new FieldleadConfig.Store(
            Optional.empty(), "fl_fingerprint", Path.of("data"), true, 4, Duration.ofSeconds(5)),
        registry);
  }

  @AfterEach
  void close() {
    store.close();
    embedded.close();
  }

  @Test
  void anUnchangedDeclarationSendsNoCreateIndexesAndANewIndexIsStillCreated() {
    List<IndexDef> first = List.of(
        IndexDef.of("fp_leads", "tenant_seq", Indexes.ascending("tenantId", "syncSeq")),
        IndexDef.unique("fp_users", "tenant_email", Indexes.ascending("tenantId", "email")));

    Await.result(store.ensureIndexes(first, true));
    assertEquals(2, createIndexesSent(), "the first start creates the indexes of both collections");
    assertTrue(store.indexesReady());

    Await.result(store.ensureIndexes(first, true));
    assertEquals(2, createIndexesSent(), "the same declaration again sends nothing");

    List<IndexDef> next = new ArrayList<>(first);
    next.add(IndexDef.of("fp_leads", "tenant_owner", Indexes.ascending("tenantId", "ownerId")));
    Await.result(store.ensureIndexes(next, true));
    assertEquals(4, createIndexesSent(), "a release that declares a new index creates them again");
    assertTrue(indexNames("fp_leads").contains("tenant_owner"), "the new index exists");

    Await.result(store.ensureIndexes(next, false));
    assertEquals(6, createIndexesSent(), "without the skip (MongoDB) every start sends them");
  }

  @Test
  void theFingerprintChangesWithAnyOptionNotOnlyTheKeys() {
    List<IndexDef> plain = List.of(IndexDef.of("fp", "a", Indexes.ascending("a")));
    List<IndexDef> unique = List.of(IndexDef.unique("fp", "a", Indexes.ascending("a")));
    List<IndexDef> otherKeys = List.of(IndexDef.of("fp", "a", Indexes.descending("a")));
    assertEquals(MongoStore.fingerprint(plain), MongoStore.fingerprint(List.copyOf(plain)));
    assertNotEquals(MongoStore.fingerprint(plain), MongoStore.fingerprint(unique));
    assertNotEquals(MongoStore.fingerprint(plain), MongoStore.fingerprint(otherKeys));
  }

  private long createIndexesSent() {
    return registry
        .find("mongodb.driver.commands")
        .tag("command", "createIndexes")
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private List<String> indexNames(String collection) {
    List<String> names = new ArrayList<>();
    for (Document index :
        Await.result(MongoFutures.list(store.collection(collection).listIndexes()))) {
      names.add(index.getString("name"));
    }
    return names;
  }
}
