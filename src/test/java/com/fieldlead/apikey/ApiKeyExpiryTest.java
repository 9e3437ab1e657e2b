package com.fieldlead.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A key stops at its expiry, on the server's clock. */
class ApiKeyExpiryTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-06-10T10:00:00Z"));

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(Map.of(), CLOCK);

  @Test
  void aKeyWorksUntilItsExpiryAndIs401TokenExpiredFromThen() {
    Api api = SERVER.get().api();
    Session admin = AuthFixtures.tenantWithAdmin(SERVER.get(), "Expiry Co");
    String secret = ApiKeyHarness.create(
            api, admin, List.of("leads:read"), CLOCK.instant().plus(Duration.ofHours(1)), null)
        .path("secret")
        .asText();
    CLOCK.advance(Duration.ofMinutes(59));
    assertEquals(200, api.get("/v1/leads", secret).status());
    CLOCK.advance(Duration.ofMinutes(1));
    Api.Response expired = api.get("/v1/leads", secret);
    assertEquals(401, expired.status(), expired::toString);
    assertEquals("TOKEN_EXPIRED", expired.code());
  }
}
