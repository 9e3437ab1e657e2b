package com.fieldlead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.store.embedded.KvBackend;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A query's cost on the embedded store grows with what it answers, not with what its index could yield: a rep who
 * captured every lead of a big tenant at one event (the scale benchmark's million) makes the index prefix
 * {@code (tenantId, capturedBy, eventId)} as large as the tenant, and a limit-1 look-up on it, which every access check
 * makes, used to collect every position under that prefix before reading the first document (about 150 ms and 60 MB
 * of garbage per call at a million leads), and a lazy walk of that prefix through flatMap still buffered every
 * position of the key. The positions the planner collects or walks are counted
 * ({@link KvBackend#plannedCandidates()}); each case also checks the answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlannerScaleTest {

  private static final int DOCS = 6_000;

  @Test
  void limitedAndPagedQueriesCollectAboutWhatTheyAnswerNotTheWholePrefix() {
    try (EmbeddedStore store = EmbeddedStore.startInMemory();
        MongoClient client = client(store)) {
      MongoCollection<Document> leads = client
          .getDatabase("fieldlead")
          .getCollection("scale_" + UUID.randomUUID().toString().substring(0, 8));
      leads.createIndex(Indexes.ascending("tenantId", "id"), new IndexOptions().unique(true));
      leads.createIndex(Indexes.ascending("tenantId", "syncSeq"));
      leads.createIndex(Indexes.ascending("tenantId", "capturedBy", "eventId"));
      for (String f : List.of("ownerId", "capturedBy", "eventId")) {
        leads.createIndex(Indexes.ascending("tenantId", f, "syncSeq"));
      }
      List<Document> batch = new ArrayList<>();
      for (int i = 1; i <= DOCS; i++) {
        batch.add(new Document("id", "l" + i)
            .append("tenantId", "t1")
            .append("capturedBy", "rep1")
            .append("ownerId", i % 4 == 0 ? "rep2" : "rep1")
            .append("eventId", "expo")
            .append("syncSeq", (long) i));
        if (batch.size() == 1_000) {
          leads.insertMany(batch);
          batch.clear();
        }
      }

      // the access check: has rep1 captured anything at the expo? One position is enough to answer
      long before = KvBackend.plannedCandidates();
      Document first = leads
          .find(Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.eq("capturedBy", "rep1"),
              Filters.eq("eventId", "expo")))
          .projection(Projections.include("id"))
          .limit(1)
          .first();
      long collected = KvBackend.plannedCandidates() - before;
      assertTrue(first != null, "rep1 captured at the expo");
      assertTrue(
          collected <= 1_100, "a limit-1 look-up collected " + collected + " positions of " + DOCS);
      assertEquals(
          null,
          leads
              .find(Filters.and(
                  Filters.eq("tenantId", "t1"),
                  Filters.eq("capturedBy", "rep1"),
                  Filters.eq("eventId", "elsewhere")))
              .limit(1)
              .first(),
          "no capture at another event");

      // a catch-up page: a scoped window of the whole tenant, sorted and limited like a sync pull
      before = KvBackend.plannedCandidates();
      Bson page = Filters.and(
          Filters.and(
              Filters.eq("tenantId", "t1"),
              Filters.gt("syncSeq", 100L),
              Filters.lte("syncSeq", (long) DOCS)),
          Filters.or(
              Filters.eq("capturedBy", "rep1"),
              Filters.eq("ownerId", "rep1"),
              Filters.in("eventId", List.of("expo"))));
      List<Document> got =
          leads.find(page).sort(Sorts.ascending("syncSeq")).limit(500).into(new ArrayList<>());
      collected = KvBackend.plannedCandidates() - before;
      assertEquals(500, got.size());
      assertEquals(101L, got.get(0).getLong("syncSeq"));
      assertEquals(600L, got.get(499).getLong("syncSeq"));
      assertTrue(collected <= 3 * 1_100, "a page of 500 collected " + collected + " positions");

      // unlimited and unsorted: every match, whichever way the planner reads them
      assertEquals(
          DOCS / 4,
          leads.countDocuments(
              Filters.and(Filters.eq("tenantId", "t1"), Filters.eq("ownerId", "rep2"))));
      assertEquals(
          5,
          leads
              .find(Filters.and(
                  Filters.eq("tenantId", "t1"),
                  Filters.eq("ownerId", "rep2"),
                  Filters.eq("capturedBy", "rep1")))
              .limit(5)
              .into(new ArrayList<>())
              .size());
    }
  }

  @Test
  void aKeysetPageStartsItsIndexWalkAtItsPositionSoTheLastPageCostsWhatTheFirstDoes() {
    try (EmbeddedStore store = EmbeddedStore.startInMemory();
        MongoClient client = client(store)) {
      MongoCollection<Document> leads = client
          .getDatabase("fieldlead")
          .getCollection("keyset_" + UUID.randomUUID().toString().substring(0, 8));
      leads.createIndex(Indexes.ascending("tenantId", "createdAt", "id"));
      List<Document> batch = new ArrayList<>();
      for (int i = 1; i <= DOCS; i++) {
        // two leads per instant: the id breaks the tie
        batch.add(new Document("id", String.format("l%05d", i))
            .append("tenantId", "t1")
            .append("createdAt", new Date(1_700_000_000_000L + (i / 2) * 1000L)));
        if (batch.size() == 1_000) {
          leads.insertMany(batch);
          batch.clear();
        }
      }
      // the lead list's keyset page (LeadFilters.after), newest first, as an export walks it
      List<String> seen = new ArrayList<>();
      List<Long> walked = new ArrayList<>();
      Document last = null;
      while (true) {
        List<Bson> and = new ArrayList<>(List.of(Filters.eq("tenantId", "t1")));
        if (last != null) {
          Object v = last.get("createdAt");
          and.add(Filters.or(
              Filters.lt("createdAt", v),
              Filters.and(Filters.eq("createdAt", v), Filters.lt("id", last.getString("id")))));
        }
        long before = KvBackend.plannedCandidates();
        List<Document> page = leads
            .find(Filters.and(and))
            .sort(Sorts.descending("createdAt", "id"))
            .limit(500)
            .into(new ArrayList<>());
        walked.add(KvBackend.plannedCandidates() - before);
        if (page.isEmpty()) {
          break;
        }
        page.forEach(d -> seen.add(d.getString("id")));
        last = page.get(page.size() - 1);
      }
      assertEquals(DOCS, seen.size(), "every lead once");
      assertEquals(DOCS, new HashSet<>(seen).size(), "no lead twice");
      assertEquals(String.format("l%05d", DOCS), seen.get(0), "newest first");
      long worst = walked.stream().mapToLong(Long::longValue).max().orElseThrow();
      assertTrue(worst <= 3 * 1_100, "a page walked " + worst + " positions: " + walked);
    }
  }

  private static MongoClient client(EmbeddedStore store) {
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(store.connectionString()))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .build());
  }
}
