package com.fieldlead.lead.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fieldlead.json.Json;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadComponents;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.ChangeStamper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * A stored lead written as the API's JSON of its {@link Lead} (tenant id left out), straight from the stored document
 * (or the document a write is about to store, whose nested values are plain maps): no {@code Lead} record is built on
 * the way. A pull page writes thousands of leads, and building each record through Jackson's value conversion cost
 * more than the rest of the page. The shape comes from the lead's fields ({@link LeadComponents}, flat, as
 * {@code LeadJson} writes them) and the nested records' components, so a new field is written without a change here:
 * top-level fields that are no lead field (search keys, hashes, the sync stamp) are left out, instants are written as
 * ISO-8601, decimals as numbers, nulls left out as the API does.
 * Anything this writer cannot reproduce exactly (a value of an unexpected type) answers {@code null}, and the caller
 * takes the record path. {@code StoredLeadJsonTest} holds it equal to the record path on every kind of lead.
 */
public final class StoredLeadJson {

  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
  private static final Shape LEAD = leadShape(LeadFields.SYNC_VIEW_OMITS);

  private StoredLeadJson() {}

  /**
   * The lead's JSON in the sync view (without {@link LeadFields#SYNC_VIEW_OMITS}), or null when only the record path
   * can write it exactly.
   */
  public static String write(Document stored) {
    BufferRecycler buffers =
        FACTORY._getBufferRecycler(); // pooled, as ObjectMapper.writeValueAsString does
    try {
      SegmentedStringWriter out = new SegmentedStringWriter(buffers);
      try (JsonGenerator gen = FACTORY.createGenerator(out)) {
        if (!LEAD.write(stored, gen)) {
          return null;
        }
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write stored lead " + stored.get(LeadFields.ID), e);
    } finally {
      buffers.releaseToPool();
    }
  }

  /**
   * Stamps a lead document a write is about to store with its change number and keeps beside it the sync state
   * written from it ({@link LeadFields#SYNC_STATE}, at {@link LeadFields#SYNC_STATE_SEQ}); no state when this writer
   * declines (a pull then writes it from the document).
   */
  public static Document stamped(Document lead, long seq) {
    lead.put(ChangeStamper.FIELD, seq);
    lead.remove(LeadFields.LEGACY_SYNC_STATE);
    lead.remove(LeadFields.LEGACY_SYNC_STATE_SEQ);
    String state = write(lead);
    if (state != null) {
      lead.put(LeadFields.SYNC_STATE, state);
      lead.put(LeadFields.SYNC_STATE_SEQ, seq);
    }
    return lead;
  }

  /** How one stored value is written; false when it cannot be written exactly as the record path would. */
  private interface Shape {
    boolean write(Object value, JsonGenerator gen) throws IOException;
  }

  private static Shape shapeOf(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return listShape(shapeOf(args[0]));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return mapShape(shapeOf(args[1]));
      }
      throw new IllegalStateException("no stored shape for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c.isRecord()) {
      return recordShape(c);
    }
    if (c == String.class || c == LocalDate.class) {
      return stored(String.class, (s, gen) -> gen.writeString(s));
    }
    if (c == Instant.class) {
      return stored(Date.class, (d, gen) -> gen.writeString(iso(d.getTime())));
    }
    if (c == BigDecimal.class) {
      return stored(Decimal128.class, (d, gen) -> gen.writeNumber(d.bigDecimalValue()));
    }
    if (c == long.class || c == Long.class || c == int.class || c == Integer.class) {
      Shape ints = stored(Integer.class, (i, gen) -> gen.writeNumber(i));
      Shape longs = stored(Long.class, (l, gen) -> gen.writeNumber(l));
      return (v, gen) -> ints.write(v, gen) || longs.write(v, gen);
    }
    if (c == double.class || c == Double.class) {
      return stored(Double.class, (d, gen) -> gen.writeNumber(d));
    }
    if (c == boolean.class || c == Boolean.class) {
      return stored(Boolean.class, (b, gen) -> gen.writeBoolean(b));
    }
    if (c == Object.class) {
      return StoredLeadJson::writeAny;
    }
    throw new IllegalStateException("no stored shape for " + c);
  }

  /** Writes one stored value of {@code type}; another type declines. */
  private interface Writer<T> {
    void write(T value, JsonGenerator gen) throws IOException;
  }

  private static <T> Shape stored(Class<T> type, Writer<T> writer) {
    return (v, gen) -> {
      if (!type.isInstance(v)) {
        return false;
      }
      writer.write(type.cast(v), gen);
      return true;
    };
  }

  /** The lead's fields, flat (its groups' fields at the top level, as {@code LeadJson} writes them). */
  private static Shape leadShape(String... leftOut) {
    Map<String, Shape> fields = new LinkedHashMap<>();
    List<String> primitive = new ArrayList<>(); // the record path writes these even when missing
    for (String name : LeadComponents.names()) {
      if (!List.of(leftOut).contains(name)) {
        Type type = LeadComponents.type(name);
        fields.put(name, shapeOf(type));
        if (type instanceof Class<?> c && c.isPrimitive()) {
          primitive.add(name);
        }
      }
    }
    return objectShape(Object.class, fields, primitive);
  }

  private static Shape recordShape(Class<?> type) {
    Map<String, Shape> fields = new LinkedHashMap<>();
    List<String> primitive = new ArrayList<>(); // the record path writes these even when missing
    for (RecordComponent rc : type.getRecordComponents()) {
      fields.put(rc.getName(), shapeOf(rc.getGenericType()));
      if (rc.getType().isPrimitive()) {
        primitive.add(rc.getName());
      }
    }
    return objectShape(type, fields, primitive);
  }

  private static Shape objectShape(
      Class<?> type, Map<String, Shape> fields, List<String> primitive) {
    String[] primitives = primitive.toArray(String[]::new);
    boolean contributionsDefault =
        type == Lead.ScoreDetails.class; // its constructor turns a missing list into []
    return (v, gen) -> {
      if (!(v instanceof Map<?, ?> doc)) {
        return false;
      }
      for (String name : primitives) {
        if (doc.get(name) == null) {
          return false;
        }
      }
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : doc.entrySet()) {
        Shape shape = fields.get(e.getKey());
        if (shape == null || e.getValue() == null) {
          continue;
        }
        gen.writeFieldName((String) e.getKey());
        if (!shape.write(e.getValue(), gen)) {
          return false;
        }
      }
      if (contributionsDefault && doc.get("contributions") == null) {
        gen.writeFieldName("contributions");
        gen.writeStartArray();
        gen.writeEndArray();
      }
      gen.writeEndObject();
      return true;
    };
  }

  private static Shape listShape(Shape element) {
    return (v, gen) -> {
      if (!(v instanceof List<?> list)) {
        return false;
      }
      gen.writeStartArray();
      for (Object x : list) {
        if (x == null) {
          gen.writeNull();
        } else if (!element.write(x, gen)) {
          return false;
        }
      }
      gen.writeEndArray();
      return true;
    };
  }

  private static Shape mapShape(Shape value) {
    return (v, gen) -> {
      if (!(v instanceof Map<?, ?> doc) || !stringKeys(doc)) {
        return false;
      }
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : doc.entrySet()) {
        gen.writeFieldName((String) e.getKey());
        if (e.getValue() == null) {
          gen.writeNull();
        } else if (!value.write(e.getValue(), gen)) {
          return false;
        }
      }
      gen.writeEndObject();
      return true;
    };
  }

  /**
   * {@code Instant.ofEpochMilli(millis).toString()} (what the API's mapper writes for an instant), without the
   * formatter: a lead has a dozen or more instants, and the formatter was a third of writing one.
   */
  static String iso(long millis) {
    long seconds = Math.floorDiv(millis, 1000);
    int milli = (int) Math.floorMod(millis, 1000);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
    int year = day.getYear();
    if (year < 1000 || year > 9999) {
      return Instant.ofEpochMilli(millis).toString();
    }
    char[] c = new char[milli == 0 ? 20 : 24];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, day.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, day.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    digits(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, secondOfDay % 60, 2);
    if (milli != 0) {
      c[19] = '.';
      digits(c, 20, milli, 3);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static boolean stringKeys(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /** An untyped value (custom fields, answers): JSON types only; dates, decimals and the like take the record path. */
  private static boolean writeAny(Object v, JsonGenerator gen) throws IOException {
    if (v == null) {
      gen.writeNull();
    } else if (v instanceof String s) {
      gen.writeString(s);
    } else if (v instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (v instanceof Integer i) {
      gen.writeNumber(i);
    } else if (v instanceof Long l) {
      gen.writeNumber(l);
    } else if (v instanceof Double d) {
      gen.writeNumber(d);
    } else if (v instanceof Map<?, ?> doc && stringKeys(doc)) {
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : doc.entrySet()) {
        gen.writeFieldName((String) e.getKey());
        if (!writeAny(e.getValue(), gen)) {
          return false;
        }
      }
      gen.writeEndObject();
    } else if (v instanceof List<?> list) {
      gen.writeStartArray();
      for (Object x : list) {
        if (!writeAny(x, gen)) {
          return false;
        }
      }
      gen.writeEndArray();
    } else {
      return false;
    }
    return true;
  }
}
