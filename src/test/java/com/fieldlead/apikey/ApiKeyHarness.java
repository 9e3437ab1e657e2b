package com.fieldlead.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creating keys through the API, for the tests. */
public final class ApiKeyHarness {

  private ApiKeyHarness() {}

  /** Creates a key with {@code scopes}; answers the create's JSON ({@code key}, {@code secret}). */
  public static JsonNode create(
      Api api, Session admin, List<String> scopes, Integer ratePerMinute) {
    return create(api, admin, scopes, Instant.now().plus(Duration.ofDays(30)), ratePerMinute);
  }

  public static JsonNode create(
      Api api, Session admin, List<String> scopes, Instant expiresAt, Integer ratePerMinute) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "integration " + scopes);
    body.put("scopes", scopes);
    body.put("expiresAt", expiresAt.toString());
    if (ratePerMinute != null) {
      body.put("rateLimitPerMinute", ratePerMinute);
    }
    Api.Response r = api.post("/v1/api-keys", body, admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  /** Just the secret of a new key with {@code scopes}. */
  public static String secret(Api api, Session admin, String... scopes) {
    return create(api, admin, List.of(scopes), null).path("secret").asText();
  }
}
