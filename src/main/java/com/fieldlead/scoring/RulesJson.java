package com.fieldlead.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fieldlead.json.Json;

/** Scoring rules as JSON: the API's shape and the stored shape (half-life as an ISO-8601 duration, e.g. P30D). */
final class RulesJson {

  static final ObjectMapper MAPPER =
      Json.MAPPER.copy().disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private RulesJson() {}

  static String write(ScoringRules rules) {
    try {
      return MAPPER.writeValueAsString(rules);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise scoring rules", e);
    }
  }

  static ScoringRules read(String json) {
    try {
      return MAPPER.readValue(json, ScoringRules.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored scoring rules are unreadable", e);
    }
  }

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }
}
