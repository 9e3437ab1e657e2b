package com.fieldlead.lead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batched edit writes only what changed ({@link MongoLeadRepository#changedUpdate}); applied to the stored lead it
 * must leave exactly the document the full update writes.
 */
class ChangedUpdateTest {

  static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void writingOnlyTheChangedFieldsLeavesTheDocumentTheFullUpdateWrites() {
    Map<String, Object> custom = new LinkedHashMap<>(Map.of("boothNumber", 42, "note", "keen"));
    Lead before = StoredLeadJsonTest.everyField(
        new BigDecimal("1500"),
        custom,
        new Lead.ScoreDetails(
            List.of(new Lead.ScoreLine("r-1", "fit", "Industry", 40)), 3, Instant.EPOCH));
    List<Consumer<ObjectNode>> edits = List.of(
        n -> n.put("city", "Lisbon"), // one plain field
        n -> n.remove("title"), // a field removed
        n -> n.put("lastName", "Byron").put("email", "ada@byron.example"), // search keys follow
        n -> ((ObjectNode) n.get("customFields"))
            .put("boothNumber", 7)
            .remove("note"), // inside a map
        n -> n.putArray("tags").add("cold"), // a list
        n -> ((ObjectNode) n.get("bant")).put("need", "low"), // inside a nested record
        n -> {}); // nothing but the version
    for (int i = 0; i < edits.size(); i++) {
      ObjectNode node = Json.MAPPER.valueToTree(before);
      edits.get(i).accept(node);
      node.put("version", before.version() + 1);
      node.put("updatedAt", "2026-05-06T07:08:09.123Z");
      Lead next = Json.MAPPER.convertValue(node, Lead.class);

      MongoCollection<Document> partial = server.server().store().collection("changed_update_" + i);
      MongoCollection<Document> full = server.server().store().collection("full_update_" + i);
      Document stored = MongoLeadRepository.stored(before, 10).append("createHash", "h-1");
      Await.onContext(server, () -> MongoFutures.one(partial.insertOne(new Document(stored))));
      Await.onContext(server, () -> MongoFutures.one(full.insertOne(new Document(stored))));
      Document update = MongoLeadRepository.changedUpdate(before, next, 11);
      assertTrue(
          update.get("$set", Document.class).size() < 15, "only what changed: " + update.toJson());
      assertEquals(
          i == 2,
          update.get("$set", Document.class).containsKey("emailNorm"),
          "a search key is written when its field changes, and only then: " + update.toJson());
      var filter = Filters.eq(LeadFields.ID, before.id());
      Await.onContext(
          server,
          () -> MongoFutures.one(partial.updateOne(
              Filters.and(filter, Filters.eq(LeadFields.VERSION, before.version())), update)));
      Await.onContext(
          server,
          () -> MongoFutures.one(
              full.updateOne(filter, MongoLeadRepository.fullUpdate(next, 11, List.of()))));

      Document a =
          Await.onContext(server, () -> MongoFutures.one(partial.find(filter).first()));
      Document b =
          Await.onContext(server, () -> MongoFutures.one(full.find(filter).first()));
      a.remove("_id");
      b.remove("_id");
      assertEquals(new TreeMap<>(b), new TreeMap<>(a), "edit " + i);
      assertEquals(
          Json.MAPPER.valueToTree(MongoLeadRepository.toLead(b)),
          Json.MAPPER.valueToTree(MongoLeadRepository.toLead(a)),
          "edit " + i);
      assertEquals("h-1", a.getString("createHash"), "stored-only fields stay");
      assertEquals(a.get("syncSeq"), a.get(LeadFields.SYNC_STATE_SEQ), "the state is the new one");
    }
  }

  @Test
  void aLeadWrittenSinceItWasReadIsNotOverwritten() {
    Lead before = StoredLeadJsonTest.everyField(new BigDecimal("1"), Map.of(), null);
    ObjectNode node = Json.MAPPER.valueToTree(before);
    node.put("city", "Porto").put("version", before.version() + 1);
    Lead next = Json.MAPPER.convertValue(node, Lead.class);
    MongoCollection<Document> c = server.server().store().collection("changed_update_stale");
    Await.onContext(
        server,
        () -> MongoFutures.one(
            c.insertOne(MongoLeadRepository.stored(next, 20)))); // already at the next version
    var r = Await.onContext(
        server,
        () -> MongoFutures.one(c.updateOne(
            Filters.and(
                Filters.eq(LeadFields.ID, before.id()),
                Filters.eq(LeadFields.VERSION, before.version())),
            MongoLeadRepository.changedUpdate(before, next, 21))));
    assertEquals(0, r.getMatchedCount());
    assertFalse(Await.onContext(server, () -> MongoFutures.one(c.find().first()))
        .get("syncSeq")
        .equals(21L));
  }

  @Test
  void aWrittenLeadAsStoredIsTheLeadItsWriteReadsBack() {
    Map<String, Object> custom = new LinkedHashMap<>(Map.of(
        "boothNumber",
        42,
        "big",
        12_345_678_901L,
        "ratio",
        0.25,
        "nested",
        Map.of("list", List.of(1, "two"))));
    Lead lead = StoredLeadJsonTest.everyField(
        new BigDecimal("1500.50"),
        custom,
        new Lead.ScoreDetails(
            List.of(new Lead.ScoreLine("r-1", "fit", "Industry", 40)),
            3,
            Instant.parse("2026-01-02T03:04:05.123456Z")));
    ObjectNode node = Json.MAPPER.valueToTree(lead);
    node.put(
        "updatedAt",
        "2026-05-06T07:08:09.123456789Z"); // a clock finer than the store's milliseconds
    node.put("capturedAt", "2026-05-06T07:08:09.999999Z");
    ((ObjectNode) node.get("fieldMeta").get("city")).put("at", "2026-05-06T07:08:09.000001Z");
    Lead fine = Json.MAPPER.convertValue(node, Lead.class);
    MongoCollection<Document> c = server.server().store().collection("as_stored");
    Await.onContext(
        server, () -> MongoFutures.one(c.insertOne(MongoLeadRepository.stored(fine, 5))));
    Lead readBack = MongoLeadRepository.toLead(
        Await.onContext(server, () -> MongoFutures.one(c.find().first())));
    assertEquals(readBack, MongoLeadRepository.asStoredLead(fine));
    assertEquals(
        Instant.parse("2026-05-06T07:08:09.123Z"),
        MongoLeadRepository.asStoredLead(fine).bookkeeping().updatedAt());
  }
}
