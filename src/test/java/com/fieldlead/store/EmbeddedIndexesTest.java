package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.store.embedded.KvBackend;
import com.mongodb.ConnectionString;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store narrows queries with its indexes the way MongoDB would (a unique index whose fields the query
 * pins, a non-unique compound index by equality prefix and range, each branch of an $or) and answers exactly what a
 * full scan answers. Each case checks the answer against the same filter on an unindexed copy of the collection (the
 * library's own scan and matcher), and that the indexed collection was not scanned.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedIndexesTest {

  @TempDir
  Path tempDir;

  private static final int DOCS = 600;

  @Test
  void indexedQueriesAnswerWhatAScanAnswersWithoutScanning() {
    try (EmbeddedStore store = EmbeddedStore.startInMemory();
        MongoClient client = client(store)) {
      String name = "idx_" + UUID.randomUUID().toString().substring(0, 8);
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection(name);
      MongoCollection<Document> ref = client.getDatabase("fieldlead").getCollection(name + "_ref");
      indexes(c);
      seed(c, ref);

      long before = scans(name);
      // unique index pinned by a top-level $and, plus a field the index does not cover (an
      // optimistic update's filter)
      Document d7 = ref.find(Filters.eq("syncSeq", 7L)).first();
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.eq("id", d7.getString("id")),
              Filters.eq("version", 1L)),
          ref);
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.eq("id", d7.getString("id")),
              Filters.eq("version", 99L)),
          ref);
      // secondary index: equality prefix, then a range on the next key, sorted and limited like a
      // sync pull
      assertIds(c, Filters.and(Filters.eq("tenantId", "t2"), Filters.gt("syncSeq", 450L)), ref);
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.gte("syncSeq", 10L),
              Filters.lt("syncSeq", 20L)),
          ref);
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t1"), Filters.gt("syncSeq", 30L), Filters.lt("syncSeq", 20L)),
          ref);
      // a sync page: walked in index order, stopped after the limit, in the same order a sorted
      // scan gives
      assertPage(
          c,
          ref,
          Filters.and(Filters.eq("tenantId", "t2"), Filters.gt("syncSeq", 100L)),
          Sorts.ascending("syncSeq"),
          25);
      assertPage(
          c,
          ref,
          Filters.and(
              Filters.eq("tenantId", "t1"), Filters.gt("syncSeq", 100L), Filters.eq("tags", "vip")),
          Sorts.ascending("syncSeq"),
          10);
      // a list page sorted by two keys descending, walked backwards through {tenantId, tags,
      // createdAt}
      assertPage(
          c,
          ref,
          Filters.and(Filters.eq("tenantId", "t1"), Filters.eq("tags", "vip")),
          Sorts.descending("createdAt", "syncSeq"),
          7);
      // equality on two leading keys (a multikey array field as the second)
      assertIds(c, Filters.and(Filters.eq("tenantId", "t1"), Filters.eq("tags", "vip")), ref);
      // a scoped sync page (whose changes: an $or of owner and capturer, in a window, by syncSeq):
      // each branch narrowed
      // by its (tenantId, field, syncSeq) index, the few candidates sorted, instead of walking
      // every t1 change
      long unions = KvBackend.sortedUnions();
      Bson mine = Filters.or(Filters.eq("owner", "u3"), Filters.eq("capturedBy", "u3"));
      assertPage(
          c,
          ref,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.gt("syncSeq", 40L),
              Filters.lte("syncSeq", 500L),
              mine),
          Sorts.ascending("syncSeq"),
          6);
      assertPage(
          c,
          ref,
          Filters.and(Filters.eq("tenantId", "t1"), Filters.gt("syncSeq", 40L), mine),
          Sorts.ascending("syncSeq"),
          30);
      assertEquals(unions + 2, KvBackend.sortedUnions(), "the scoped pages walked the window");
      // a branch with an $in: one look-up per value in (tenantId, capturedBy, syncSeq), the same
      // answer
      assertPage(
          c,
          ref,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.gt("syncSeq", 40L),
              Filters.or(Filters.eq("owner", "u3"), Filters.in("capturedBy", List.of("u3", "u4")))),
          Sorts.ascending("syncSeq"),
          9);
      assertEquals(unions + 3, KvBackend.sortedUnions());
      // an $in on a later key of a secondary index, and a range after it
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t2"),
              Filters.in("owner", List.of("u1", "u2", "u5")),
              Filters.gt("syncSeq", 100L)),
          ref);
      // each branch of an $or narrowed by its own index
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.eq("deletedAt", null),
              Filters.or(
                  Filters.eq("email", "p3@x.io"),
                  Filters.and(Filters.eq("name", "n5"), Filters.eq("company", "c5")))),
          ref);
      // a unique index pinned by an equality and an $in (one lookup per value)
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.in(
                  "id",
                  List.of(
                      d7.getString("id"),
                      ref.find(Filters.eq("syncSeq", 8L)).first().getString("id"),
                      "no-such-id"))),
          ref);
      // documents with an empty array in a key field are still found through that index
      assertIds(c, Filters.and(Filters.eq("tenantId", "t1"), Filters.eq("syncSeq", 12L)), ref);
      // a sparse index serves $exists
      assertIds(c, Filters.exists("pending.id"), ref);
      assertEquals(before, scans(name), "an indexed query scanned the collection");

      // a query no index narrows still answers (and is counted as a scan)
      assertIds(c, Filters.eq("company", "c3"), ref);
      assertEquals(before + 1, scans(name));
    }
  }

  @Test
  void secondaryIndexesFollowUpdatesAndDeletesAndAreRebuiltAfterReopening() {
    Path dir = tempDir.resolve("data");
    String name = "idx_reopen";
    try (EmbeddedStore store = EmbeddedStore.startDurable(dir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      indexes(client.getDatabase("fieldlead").getCollection(name));
      seed(
          client.getDatabase("fieldlead").getCollection(name),
          client.getDatabase("fieldlead").getCollection(name + "_ref"));
    }
    try (EmbeddedStore store = EmbeddedStore.startDurable(dir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection(name);
      MongoCollection<Document> ref = client.getDatabase("fieldlead").getCollection(name + "_ref");
      List<Document> all = ref.find().into(new ArrayList<>());
      assertEquals(DOCS, all.size());
      long before = scans(name);
      Bson pull = Filters.and(Filters.eq("tenantId", "t2"), Filters.gt("syncSeq", 500L));
      assertIds(c, pull, ref); // first use builds the index from the reopened file

      // move a document into the window, another out of it, delete a third: the index follows
      Document in = all.stream()
          .filter(d -> d.getString("tenantId").equals("t2") && seq(d) < 100)
          .findFirst()
          .orElseThrow();
      Document out = all.stream()
          .filter(d -> d.getString("tenantId").equals("t2") && seq(d) > 550)
          .findFirst()
          .orElseThrow();
      Document gone = all.stream()
          .filter(d -> d.getString("tenantId").equals("t2") && seq(d) > 520 && !d.equals(out))
          .findFirst()
          .orElseThrow();
      for (MongoCollection<Document> x : List.of(c, ref)) {
        x.updateOne(
            Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("id", in.getString("id"))),
            Updates.set("syncSeq", 10_000L));
        x.updateOne(
            Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("id", out.getString("id"))),
            Updates.set("syncSeq", 3L));
        x.deleteOne(
            Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("id", gone.getString("id"))));
      }
      Set<String> ids = assertIds(c, pull, ref);
      assertTrue(ids.contains(in.getString("id")));
      assertTrue(!ids.contains(out.getString("id")) && !ids.contains(gone.getString("id")));
      assertEquals(before, scans(name), "an indexed query scanned the collection");
    }
  }

  /**
   * An update leaves alone the index entries of fields it does not touch and moves those it does: each kind of update
   * (a field no index reads, a $pull of an indexed array, a $set of an indexed field, a $rename, an $inc of many, a
   * replacement, a find-and-modify) is applied to the indexed collection and its unindexed copy, and every index then
   * answers what a scan answers; an update that would give two documents one unique key is still refused.
   */
  @Test
  void updatesMoveTheIndexEntriesOfTheFieldsTheyTouchAndOnlyThose() {
    try (EmbeddedStore store = EmbeddedStore.startInMemory();
        MongoClient client = client(store)) {
      String name = "idx_" + UUID.randomUUID().toString().substring(0, 8);
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection(name);
      MongoCollection<Document> ref = client.getDatabase("fieldlead").getCollection(name + "_ref");
      indexes(c);
      seed(c, ref);
      List<Document> t2 = ref.find(Filters.eq("tenantId", "t2"))
          .sort(Sorts.ascending("syncSeq"))
          .into(new ArrayList<>());
      Bson first =
          Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("id", t2.get(0).getString("id")));
      Bson second =
          Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("id", t2.get(1).getString("id")));
      for (MongoCollection<Document> x : List.of(c, ref)) {
        x.updateMany(Filters.eq("tenantId", "t2"), Updates.set("note", "seen"));
        x.updateMany(
            Filters.exists("pending.id"), Updates.pull("pending", new Document("id", "e40")));
        x.updateOne(
            first, Updates.combine(Updates.set("email", "moved@x.io"), Updates.set("note", "x")));
        x.updateOne(second, Updates.rename("owner", "formerOwner"));
        x.updateMany(Filters.eq("tenantId", "t1"), Updates.inc("version", 1L));
        Document replaced = new Document(x.find(second).first());
        replaced.put("syncSeq", 9_999L);
        replaced.put("tags", List.of("replaced"));
        x.replaceOne(second, replaced);
        x.findOneAndUpdate(
            Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("id", t2.get(2).getString("id"))),
            Updates.combine(Updates.set("syncSeq", 10_001L), Updates.set("name", "n99")));
      }
      long before = scans(name);
      assertIds(c, Filters.and(Filters.eq("tenantId", "t2"), Filters.gt("syncSeq", 500L)), ref);
      assertIds(
          c, Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("email", "moved@x.io")), ref);
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t2"), Filters.eq("email", t2.get(0).getString("email"))),
          ref);
      assertIds(c, Filters.eq("pending.id", "e40"), ref);
      assertIds(c, Filters.eq("pending.id", "e80"), ref);
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t2"),
              Filters.eq("owner", t2.get(1).getString("owner")),
              Filters.gte("syncSeq", 0L)),
          ref);
      assertIds(c, Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("tags", "replaced")), ref);
      assertIds(c, Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("name", "n99")), ref);
      Document t1 = ref.find(Filters.eq("tenantId", "t1")).first();
      assertIds(
          c,
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.eq("id", t1.getString("id")),
              Filters.eq("version", 2L)),
          ref);
      assertEquals(before, scans(name), "an indexed query scanned the collection");

      MongoWriteException refused = Assertions.assertThrows(
          MongoWriteException.class,
          () -> c.updateOne(first, Updates.set("id", t2.get(3).getString("id"))));
      assertEquals(ErrorCategory.DUPLICATE_KEY, refused.getError().getCategory());
      assertEquals(1, c.countDocuments(first), "the refused update changed the document");
    }
  }

  /**
   * A data directory of an earlier build (the stock H2 backend's file) is imported at the first start: every document
   * comes across, the unique index declared again is filled from them and refuses duplicates, and the old file is kept
   * renamed, so the import runs once.
   */
  @Test
  void anEarlierBuildsH2FileIsImportedOnceWithItsUniqueKeys() throws Exception {
    Path dir = tempDir.resolve("unique");
    String file = dir.resolve("fieldlead.mv.db").toString();
    dir.toFile().mkdirs();
    de.bwaldvogel.mongo.MongoServer stock = new de.bwaldvogel.mongo.H2MongoServer(file);
    try (MongoClient client = MongoClients.create(stock.bindAndGetConnectionString())) {
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection("uniq");
      c.createIndex(Indexes.ascending("tenantId", "id"), new IndexOptions().unique(true));
      for (int i = 0; i < 50; i++) {
        c.insertOne(new Document("tenantId", "t" + i % 2)
            .append("id", "old-" + i)
            .append("n", i)
            .append("at", new Date(1_700_000_000_000L + i)));
      }
    } finally {
      stock.shutdown();
    }
    try (EmbeddedStore store = EmbeddedStore.startDurable(dir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection("uniq");
      c.createIndex(
          Indexes.ascending("tenantId", "id"),
          new IndexOptions().unique(true)); // as the server does
      assertEquals(50, c.countDocuments());
      long before = scans("uniq");
      Document seven = c.find(Filters.and(Filters.eq("tenantId", "t1"), Filters.eq("id", "old-7")))
          .first();
      assertEquals(7, seven.getInteger("n"), "a key the stock backend wrote is found");
      assertEquals(new Date(1_700_000_000_007L), seven.getDate("at"));
      assertDuplicate(c, new Document("tenantId", "t1").append("id", "old-7"));
      c.insertOne(new Document("tenantId", "t1").append("id", "new-1").append("n", 100));
      assertDuplicate(c, new Document("tenantId", "t1").append("id", "new-1"));
      c.deleteOne(Filters.and(Filters.eq("tenantId", "t0"), Filters.eq("id", "old-0")));
      c.insertOne(new Document("tenantId", "t0")
          .append("id", "old-0")
          .append("n", 200)); // its key was freed
      assertEquals(before, scans("uniq"), "a lookup by the unique key scanned the collection");
    }
    assertTrue(
        Files.exists(dir.resolve("fieldlead.mv.db.imported")), "the old file is kept, renamed");
    assertTrue(!Files.exists(dir.resolve("fieldlead.mv.db")));
    try (EmbeddedStore store = EmbeddedStore.startDurable(dir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection("uniq");
      assertEquals(51, c.countDocuments(), "imported once: the restart keeps what the store holds");
      assertEquals(
          200,
          c.find(Filters.and(Filters.eq("tenantId", "t0"), Filters.eq("id", "old-0")))
              .first()
              .getInteger("n"));
    }
    try (EmbeddedStore store = EmbeddedStore.startInMemory();
        MongoClient client = client(store)) {
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection("uniq");
      c.createIndex(Indexes.ascending("tenantId", "id"), new IndexOptions().unique(true));
      c.insertOne(new Document("tenantId", "t1").append("id", "a").append("n", 1));
      assertDuplicate(c, new Document("tenantId", "t1").append("id", "a"));
      c.insertOne(new Document("tenantId", "t2")
          .append("id", "a")
          .append("n", 2)); // another tenant: another key
      assertEquals(
          2,
          c.find(Filters.and(Filters.eq("tenantId", "t2"), Filters.eq("id", "a")))
              .first()
              .getInteger("n"));
    }
  }

  private static void assertDuplicate(MongoCollection<Document> c, Document doc) {
    MongoWriteException e =
        Assertions.assertThrows(MongoWriteException.class, () -> c.insertOne(doc));
    assertEquals(ErrorCategory.DUPLICATE_KEY, e.getError().getCategory());
  }

  private static void indexes(MongoCollection<Document> c) {
    c.createIndex(Indexes.ascending("tenantId", "id"), new IndexOptions().unique(true));
    c.createIndex(Indexes.ascending("tenantId", "syncSeq"));
    c.createIndex(Indexes.ascending("tenantId", "tags", "createdAt", "syncSeq"));
    c.createIndex(Indexes.ascending("tenantId", "email"));
    c.createIndex(Indexes.ascending("tenantId", "name", "company"));
    c.createIndex(Indexes.ascending("pending.id"), new IndexOptions().sparse(true));
    c.createIndex(Indexes.ascending("tenantId", "owner", "syncSeq"));
    c.createIndex(Indexes.ascending("tenantId", "capturedBy", "syncSeq"));
  }

  /** DOCS documents in two tenants, with every shape the cases above query, into both collections. */
  private static void seed(MongoCollection<Document> c, MongoCollection<Document> ref) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      Document d = new Document("_id", UUID.randomUUID().toString())
          .append("tenantId", i % 2 == 0 ? "t1" : "t2")
          .append("id", UUID.randomUUID().toString())
          .append("version", 1L)
          .append("syncSeq", (long) i)
          .append("createdAt", new Date(1_700_000_000_000L + (i % 37) * 60_000L))
          .append("email", "p" + (i % 50) + "@x.io")
          .append("name", "n" + (i % 7))
          .append("company", "c" + (i % 11))
          .append(
              "tags",
              i % 3 == 0 ? List.of("vip", "expo") : i % 20 == 0 ? List.of() : List.of("expo"))
          .append("owner", "u" + (i % 13))
          .append("capturedBy", "u" + (i % 17));
      if (i % 5 == 0) {
        d.append("deletedAt", new Date());
      }
      if (i % 40 == 0) {
        d.append("pending", List.of(new Document("id", "e" + i)));
      }
      docs.add(d);
    }
    c.insertMany(docs);
    ref.insertMany(docs.stream().map(Document::new).toList());
  }

  /** The indexed collection answers what the unindexed copy answers (compared by _id); answers the lead ids. */
  private static Set<String> assertIds(
      MongoCollection<Document> c, Bson filter, MongoCollection<Document> ref) {
    Set<String> got = new TreeSet<>();
    Set<String> ids = new TreeSet<>();
    c.find(filter).sort(Sorts.ascending("syncSeq")).forEach(d -> {
      got.add(d.getString("_id"));
      ids.add(d.getString("id"));
    });
    Set<String> expected = new TreeSet<>();
    ref.find(filter).forEach(d -> expected.add(d.getString("_id")));
    assertEquals(expected, got, "answer for " + filter.toBsonDocument());
    return ids;
  }

  /** The first {@code limit} in {@code sort} order: the same documents in the same order as the unindexed copy's. */
  private static void assertPage(
      MongoCollection<Document> c,
      MongoCollection<Document> ref,
      Bson filter,
      Bson sort,
      int limit) {
    List<String> got = new ArrayList<>();
    c.find(filter).sort(sort).limit(limit).forEach(d -> got.add(d.getString("_id")));
    List<String> expected = new ArrayList<>();
    ref.find(filter).sort(sort).limit(limit).forEach(d -> expected.add(d.getString("_id")));
    assertEquals(limit, expected.size());
    assertEquals(expected, got, "page for " + filter.toBsonDocument());
  }

  @Test
  void theFirstDocumentOfAnUnfilteredReadIsNoScanButAnUnfilteredListIs() {
    try (EmbeddedStore store = EmbeddedStore.startInMemory();
        MongoClient client = client(store)) {
      String name = "first_" + UUID.randomUUID().toString().substring(0, 8);
      MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection(name);
      for (int i = 0; i < 300; i++) {
        c.insertOne(new Document("_id", "d" + i).append("n", i));
      }
      long before = scans(name);
      // what GridFS asks of its files collection before every upload
      assertNotNull(c.find().projection(new Document("_id", 1)).first());
      assertEquals(before, scans(name), "one document read is no collection read");
      assertEquals(300, c.find().into(new ArrayList<>()).size());
      assertNotNull(c.find(Filters.gte("n", 0)).first());
      assertEquals(before + 2, scans(name), "a whole read, and a filtered one, are scans");
    }
  }

  private static long seq(Document d) {
    return ((Number) d.get("syncSeq")).longValue();
  }

  /**
   * The index catalog ({@code system.indexes}) answers "is this description stored?" from what it read once, not by a
   * query over every description per index: creating, re-creating and reopening 80 indexes reads the catalog a few
   * times (it was once per index, so 80 and more), and the catalog stays exact: each index listed once, a dropped index
   * created again, the unique ones still enforced after a restart.
   */
  @Test
  void theIndexCatalogIsReadOnceNotOncePerIndexAndStaysExactAcrossDropAndRestart()
      throws Exception {
    Path dir = Files.createDirectories(tempDir.resolve("catalog"));
    int collections = 40;
    try (EmbeddedStore store = EmbeddedStore.startDurable(dir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      long before = scans("system.indexes");
      for (int round = 0; round < 2; round++) { // the second round: a start whose indexes exist
        for (int i = 0; i < collections; i++) {
          MongoCollection<Document> c = client.getDatabase("fieldlead").getCollection("cat" + i);
          c.createIndex(Indexes.ascending("tenantId", "id"), new IndexOptions().unique(true));
          c.createIndex(Indexes.ascending("tenantId", "updatedAt"));
        }
      }
      long created = scans("system.indexes") - before;
      assertTrue(created <= 3, "catalog reads while creating 160 indexes: " + created);
      MongoCollection<Document> c7 = client.getDatabase("fieldlead").getCollection("cat7");
      c7.dropIndex(Indexes.ascending("tenantId", "updatedAt"));
      assertEquals(2, c7.listIndexes().into(new ArrayList<>()).size(), "_id and the unique one");
      c7.createIndex(Indexes.ascending("tenantId", "updatedAt"));
      c7.insertOne(new Document("tenantId", "t").append("id", "a"));
    }
    long before = scans("system.indexes");
    try (EmbeddedStore store = EmbeddedStore.startDurable(dir, "127.0.0.1", 0);
        MongoClient client = client(store)) {
      long opened = scans("system.indexes") - before;
      assertTrue(opened <= 3, "catalog reads while opening 80 indexes: " + opened);
      for (int i = 0; i < collections; i++) {
        List<String> names = client
            .getDatabase("fieldlead")
            .getCollection("cat" + i)
            .listIndexes()
            .map(d -> d.getString("name"))
            .into(new ArrayList<>());
        assertEquals(
            List.of("_id_", "tenantId_1_id_1", "tenantId_1_updatedAt_1"),
            names.stream().sorted().toList(),
            "cat" + i);
      }
      MongoCollection<Document> c7 = client.getDatabase("fieldlead").getCollection("cat7");
      MongoWriteException duplicate = Assertions.assertThrows(
          MongoWriteException.class,
          () -> c7.insertOne(new Document("tenantId", "t").append("id", "a")));
      assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(duplicate.getCode()));
    }
  }

  private static long scans(String collection) {
    return KvBackend.fullScans().getOrDefault(collection, 0L);
  }

  private static MongoClient client(EmbeddedStore store) {
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(store.connectionString()))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .build());
  }
}
