package com.fieldlead.lead.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fieldlead.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Records to BSON documents and back through Jackson: instants are stored as BSON dates (so ranges and sorts work),
 * decimals as Decimal128; the record's own names are the stored names. Unknown stored fields (search keys, hashes)
 * are ignored on the way back.
 */
final class StoreCodec {

  static final ObjectMapper MAPPER = Json.MAPPER
      .copy()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .registerModule(new SimpleModule("bson-dates")
          .addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider p)
                throws IOException {
              gen.writeEmbeddedObject(Date.from(value));
            }
          })
          .addSerializer(Date.class, new JsonSerializer<>() {
            @Override
            public void serialize(Date value, JsonGenerator gen, SerializerProvider p)
                throws IOException {
              gen.writeEmbeddedObject(value);
            }
          })
          .addSerializer(BigDecimal.class, new JsonSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider p)
                throws IOException {
              gen.writeEmbeddedObject(new Decimal128(value));
            }
          })
          .addSerializer(Decimal128.class, new JsonSerializer<>() {
            @Override
            public void serialize(Decimal128 value, JsonGenerator gen, SerializerProvider p)
                throws IOException {
              gen.writeEmbeddedObject(value);
            }
          })
          .addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctx)
                throws IOException {
              if (p.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT
                  && p.getEmbeddedObject() instanceof Date d) {
                return d.toInstant();
              }
              if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochMilli(p.getLongValue());
              }
              return Instant.parse(p.getValueAsString());
            }
          })
          .addDeserializer(BigDecimal.class, new JsonDeserializer<>() {
            @Override
            public BigDecimal deserialize(JsonParser p, DeserializationContext ctx)
                throws IOException {
              if (p.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT
                  && p.getEmbeddedObject() instanceof Decimal128 d) {
                return d.bigDecimalValue();
              }
              return p.getDecimalValue();
            }
          }));

  private StoreCodec() {}

  @SuppressWarnings("unchecked")
  static Document toDocument(Object record) {
    return new Document(MAPPER.convertValue(record, Map.class));
  }

  static <T> T fromDocument(Document doc, Class<T> type) {
    return MAPPER.convertValue(doc, type);
  }

  /** A plain value (from a Lead field) as stored, for history entries and filters. */
  static Object toBson(Object value) {
    if (value == null) {
      return null;
    }
    return MAPPER.convertValue(Map.of("v", value), Map.class).get("v");
  }
}
