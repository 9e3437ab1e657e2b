package com.fieldlead.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo tenant's leads are scored at seed time by the default rules. */
class DemoScoresTest {

  static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void demoLeadsHaveAllThreeTemperaturesWithExplanations() {
    Api api = server.api();
    Api.Response login = api.post(
        "/v1/auth/login", Map.of("email", "admin@demo.test", "password", "demo-password"), null);
    assertEquals(200, login.status(), login::toString);
    String token = login.json().get("accessToken").asText();
    Map<String, Integer> counts = new HashMap<>();
    String cursor = null;
    do {
      Api.Response page =
          api.get("/v1/leads?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), token);
      assertEquals(200, page.status(), page::toString);
      for (JsonNode l : page.json().get("items")) {
        counts.merge(l.get("temperature").asText(), 1, Integer::sum);
        if (l.get("score").asInt() > 0) {
          assertTrue(l.get("scoreExplanation").size() > 0, l::toString);
        }
      }
      cursor =
          page.json().hasNonNull("nextCursor") ? page.json().get("nextCursor").asText() : null;
    } while (cursor != null);
    assertTrue(counts.getOrDefault("hot", 0) > 0, counts::toString);
    assertTrue(counts.getOrDefault("warm", 0) > 0, counts::toString);
    assertTrue(counts.getOrDefault("cold", 0) > 0, counts::toString);
  }
}
