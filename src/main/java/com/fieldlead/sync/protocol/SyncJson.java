package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fieldlead.json.Json;

/**
 * Reads and writes sync messages. Reading is tolerant ({@link Json#TOLERANT}): a newer app may send fields this
 * server does not know, and they are ignored, not refused.
 */
public final class SyncJson {

  private SyncJson() {}

  /** Parses {@code json} as {@code type}, ignoring unknown fields. */
  public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
    return Json.TOLERANT.readValue(json, type);
  }

  /** Serialises a message (nulls omitted as everywhere in the API). */
  public static String write(Object message) {
    try {
      return Json.MAPPER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + message.getClass().getName(), e);
    }
  }
}
