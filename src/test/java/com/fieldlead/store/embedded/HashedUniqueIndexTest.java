package com.fieldlead.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A unique index's keys, computed directly where every key field is top-level and a string, and by the library's path
 * otherwise, are the keys the library's own indexes use: the same normalised values, so documents read either way
 * collide exactly when the library's index would say they do.
 */
class HashedUniqueIndexTest {

  private static HashedUniqueIndex index(String... fields) {
    List<IndexKey> keys = Arrays.stream(fields).map(f -> new IndexKey(f, true)).toList();
    return new HashedUniqueIndex("u", keys, false, "_id");
  }

  @Test
  void stringKeysAndEveryOtherKindGiveTheLibrarysNormalisedKey() {
    HashedUniqueIndex byTenantAndId = index("tenantId", "id");
    assertEquals(
        Set.of(new KeyValue("t1", "a")),
        byTenantAndId.getKeyValues(
            new Document("tenantId", "t1").append("id", "a").append("x", 1)));
    // the library's normalisation: numbers compare as doubles, a missing field is null
    assertEquals(
        Set.of(new KeyValue("t1", 5.0)),
        byTenantAndId.getKeyValues(new Document("tenantId", "t1").append("id", 5)));
    assertEquals(
        Set.of(new KeyValue("t1", null)),
        byTenantAndId.getKeyValues(new Document("tenantId", "t1")));
    // an array is one key per element
    assertEquals(
        Set.of(new KeyValue("t1", "a"), new KeyValue("t1", "b")),
        byTenantAndId.getKeyValues(new Document("tenantId", "t1").append("id", List.of("a", "b"))));
    // a dotted key reads the sub-document
    assertEquals(
        Set.of(new KeyValue("t1", "u7")),
        index("tenantId", "owner.id")
            .getKeyValues(
                new Document("tenantId", "t1").append("owner", new Document("id", "u7"))));
  }
}
