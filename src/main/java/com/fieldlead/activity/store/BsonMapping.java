package com.fieldlead.activity.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fieldlead.json.Json;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * How this package's Mongo repositories map values to BSON: instants as BSON dates (so range queries and sorts
 * work), and nested value objects (activity details, snoozes, steps) through Jackson, since nothing queries into them.
 */
final class BsonMapping {

  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private BsonMapping() {}

  static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  static Instant instant(Document doc, String key) {
    Date d = doc.getDate(key);
    return d == null ? null : d.toInstant();
  }

  /** A value object as a sub-document (null stays null). */
  static Document sub(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Document.parse(Json.MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
    }
  }

  /** A sub-document back to its value object (null stays null). */
  static <T> T read(Document doc, Class<T> type) {
    if (doc == null) {
      return null;
    }
    try {
      return Json.TOLERANT.readValue(doc.toJson(RELAXED), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read stored " + type.getSimpleName(), e);
    }
  }

  static <T> List<Document> subs(List<T> values) {
    return values.stream().map(BsonMapping::sub).toList();
  }

  static <T> List<T> reads(List<Document> docs, Class<T> type) {
    return docs == null ? List.of() : docs.stream().map(d -> read(d, type)).toList();
  }

  static boolean isDuplicateKey(Throwable t) {
    return t instanceof MongoWriteException w
        && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
  }

  /** A document without null values (absent fields stay absent in the store). */
  static Document compact(Document doc) {
    doc.values().removeIf(Objects::isNull);
    return doc;
  }
}
