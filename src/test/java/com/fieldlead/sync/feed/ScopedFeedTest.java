package com.fieldlead.sync.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.StampedReads;
import com.fieldlead.sync.port.ChangeFeed;
import com.fieldlead.sync.port.Exit;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paging of the scoped change feed: scope filters, several sources, and numbers shared by a bulk update. */
class ScopedFeedTest {

  private static InMemoryStore memory;
  private static MongoStore store;

  @BeforeAll
  static void start() {
    memory = InMemoryStore.start("fl_scoped_feed", 5);
    store = memory.store();
  }

  @AfterAll
  static void stop() {
    memory.close();
  }

  @Test
  void pagesWalkEveryChangeOnceEvenWhenABulkUpdateSharesOneNumber() throws Exception {
    MongoCollection<Document> a = store.collection("feed_a_" + System.nanoTime());
    MongoCollection<Document> b = store.collection("feed_b_" + System.nanoTime());
    List<Document> docsA = new ArrayList<>();
    List<Document> docsB = new ArrayList<>();
    for (int seq = 1; seq <= 10; seq++) {
      docsA.add(doc("a" + seq, seq, seq % 2 == 0 ? "me" : "other"));
    }
    for (int i = 0; i < 6; i++) {
      docsB.add(doc("b" + i, 11, "me")); // one bulk update: six documents stamped with number 11
    }
    docsB.add(doc("b-last", 12, "me"));
    Await.result(MongoFutures.done(a.insertMany(docsA)));
    Await.result(MongoFutures.done(b.insertMany(docsB)));
    ScopedFeed feed = new ScopedFeed(List.of(
        new ScopedFeed.Source("a", source(a, Filters.eq("owner", "me"))),
        new ScopedFeed.Source("b", source(b, null))));

    List<String> seen = new ArrayList<>();
    long checkpoint = 0;
    int pages = 0;
    boolean more = true;
    while (more) {
      ScopedFeed.FeedPage page = Await.result(feed.page("t-1", checkpoint, 12, 3));
      assertTrue(page.checkpoint() >= checkpoint, "the checkpoint went back");
      page.items().forEach(i -> seen.add(((Exit) i.change()).entityId()));
      checkpoint = page.checkpoint();
      more = page.hasMore();
      assertTrue(++pages < 20, "paging does not end");
    }
    assertEquals(
        List.of("a2", "a4", "a6", "a8", "a10"),
        seen.subList(0, 5),
        "scope filter or order is wrong");
    assertEquals(12, seen.size(), () -> "every change once: " + seen);
    assertEquals(
        seen.size(), seen.stream().distinct().count(), () -> "a change came twice: " + seen);
    assertTrue(seen.contains("b-last"));
    assertEquals(12, checkpoint);
    assertFalse(Await.result(feed.page("t-1", checkpoint, 12, 3)).hasMore());
    assertTrue(
        Await.result(feed.page("t-2", 0, 12, 3)).items().isEmpty(),
        "another tenant's changes leaked");
  }

  /** A feature's feed over one collection, as the features serve theirs ({@link StampedReads}). */
  private static ChangeFeed<Exit> source(MongoCollection<Document> collection, Bson scope) {
    return (tenantId, after, upTo, limit) -> StampedReads.window(
            collection, tenantId, after, upTo, scope, null, limit)
        .map(docs -> docs.stream()
            .map(d -> new Exit(StampedReads.seqOf(d), d.getString("id")))
            .toList());
  }

  private static Document doc(String id, long seq, String owner) {
    return new Document("tenantId", "t-1")
        .append("id", id)
        .append("syncSeq", seq)
        .append("owner", owner);
  }
}
