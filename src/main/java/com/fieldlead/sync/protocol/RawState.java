package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fieldlead.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An entity state already written as JSON (a pull page writes each lead once, straight from its record, and measures
 * the page by those bytes): serialised as is, read as a map only if someone asks.
 */
public final class RawState extends AbstractMap<String, Object> {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final String json;
  private Map<String, Object> parsed;

  public RawState(String json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The state's JSON object, as it goes on the wire. */
  public String json() {
    return json;
  }

  /** Without parsing: an object's JSON is empty when nothing but blanks stands between its braces. */
  @Override
  public boolean isEmpty() {
    return json.substring(1, json.length() - 1).isBlank();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    if (parsed == null) {
      try {
        parsed = Json.MAPPER.readValue(json, MAP);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return parsed.entrySet();
  }

  /** Writes a {@link RawState} as its JSON, any other map as a map. */
  public static final class Serializer extends JsonSerializer<Map<String, Object>> {
    @Override
    public void serialize(Map<String, Object> value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value instanceof RawState raw) {
        gen.writeRawValue(raw.json);
      } else {
        provider.defaultSerializeValue(value, gen);
      }
    }
  }
}
