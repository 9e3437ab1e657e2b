package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.SharedMongo;
import com.fieldlead.testing.TestServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The foundation on a real MongoDB 7 replica set (the shared single-node replica set of {@link SharedMongo}). Skipped
 * cleanly where there is no Docker; the whole endpoint suite also runs against any MongoDB via MONGODB_TEST_URI.
 */
@Testcontainers(disabledWithoutDocker = true)
class FoundationIT {

  @Test
  void serverOnARealReplicaSetIsReadySeedsTheDemoAndServesTheRep() {
    Map<ConfigKey, String> settings = Map.of(
        ConfigKey.MONGODB_URI,
        SharedMongo.replicaSetUrl("fieldlead_it"),
        ConfigKey.FIELDLEAD_DEMO,
        "true");
    try (TestServer server = TestServer.start(settings, Clock.systemUTC())) {
      Api api = server.api();
      assertEquals(200, api.get("/health/ready", null).status());
      Api.Response login = api.post(
          "/v1/auth/login", Map.of("email", "rep1@demo.test", "password", "demo-password"), null);
      assertEquals(200, login.status(), login.text());
      String token = login.json().path("accessToken").asText();
      Api.Response me = api.get("/v1/me", token);
      assertEquals(200, me.status(), me.text());
      assertEquals("rep1@demo.test", me.json().path("user").path("email").asText());
      Api.Response malformed = api.post("/v1/auth/login", "{", null);
      assertEquals("MALFORMED_JSON", malformed.code());
    }
  }
}
