package com.fieldlead.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A query with an inclusion projection decodes only the top-level fields it matches on, sorts by and returns; any
 * shape that could look at other fields decodes the whole document.
 */
class NeededFieldsTest {

  @Test
  void anInclusionProjectionNeedsItsFieldsTheQuerysFieldsTheSortKeysAndTheId() {
    Document query = new Document(
        "$and",
        List.of(
            new Document("tenantId", "t"),
            new Document(
                "$or", List.of(new Document("owner.id", "u"), new Document("capturedBy", "u"))),
            new Document("syncSeq", new Document("$gt", 5L))));
    assertEquals(
        Set.of("_id", "tenantId", "owner", "capturedBy", "syncSeq", "syncState", "version"),
        KvCollection.neededFields(
            query,
            new Document("syncSeq", 1),
            new Document("syncState", 1).append("version", true),
            "_id"));
    assertEquals(
        Set.of("_id", "pendingEvents"),
        KvCollection.neededFields(
            new Document("pendingEvents.id", new Document("$exists", true)),
            null,
            new Document("pendingEvents", 1).append("_id", 0),
            "_id"));
  }

  @Test
  void exclusionsSlicesAndOpenEndedOperatorsReadTheWholeDocument() {
    assertNull(KvCollection.neededFields(new Document("a", 1), null, null, "_id"));
    assertNull(
        KvCollection.neededFields(new Document("a", 1), null, new Document("fieldMeta", 0), "_id"));
    assertNull(KvCollection.neededFields(
        new Document("a", 1), null, new Document("tags", new Document("$slice", 2)), "_id"));
    assertNull(KvCollection.neededFields(
        new Document("$expr", new Document("$gt", List.of("$a", "$b"))),
        null,
        new Document("a", 1),
        "_id"));
    assertNull(KvCollection.neededFields(
        new Document("$and", List.of(new Document("$where", "true"))),
        null,
        new Document("a", 1),
        "_id"));
  }
}
