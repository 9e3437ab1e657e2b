package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request rate limits per device and per tenant hold across instances: two servers on one store share their counts,
 * a device over its limit gets 429 problem+json with Retry-After while the tenant's other devices go on, and the next
 * minute starts afresh.
 */
class RequestRatesTest {

  // 10 s into a minute: Retry-After is the 50 s left in it
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T10:00:10Z"));
  private static TestServer here;
  private static TestServer there;

  private static final Map<ConfigKey, String> LIMITS = Map.of(
      ConfigKey.FIELDLEAD_RATE_LIMIT_DEVICE_PER_MINUTE,
      "6",
      ConfigKey.FIELDLEAD_RATE_LIMIT_TENANT_PER_MINUTE,
      "10");

  @RegisterExtension
  @Order(1)
  static final TestServerExtension HERE = TestServerExtension.start(LIMITS, CLOCK);

  @RegisterExtension
  @Order(2)
  static final TestServerExtension THERE = TestServerExtension.sharingStoreOf(HERE, LIMITS, CLOCK);

  @BeforeAll
  static void start() {
    here = HERE.get();
    there = THERE.get();
  }

  /** A user logged in with a registered phone bound to the session: requests count for that device. */
  private static String phoneToken(AuthFixtures.Session user) {
    String phone = AuthFixtures.device(here.api(), user);
    Api.Response login = here.api()
        .post(
            "/v1/auth/login",
            Map.of("email", user.email(), "password", AuthFixtures.PASSWORD, "deviceId", phone),
            null);
    assertEquals(200, login.status(), login::toString);
    return login.json().path("accessToken").asText();
  }

  private static void share() throws Exception {
    here.server()
        .shareRequestCounts()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    there
        .server()
        .shareRequestCounts()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    here.server()
        .shareRequestCounts()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void aDeviceOverItsLimitOnTwoInstancesGets429WhileTheTenantsOtherDevicesGoOn() throws Exception {
    AuthFixtures.Session admin = AuthFixtures.tenantWithAdmin(here, "Busy Booth");
    String noisy = phoneToken(AuthFixtures.user(here.api(), admin, "rep"));
    String quiet = phoneToken(AuthFixtures.user(here.api(), admin, "rep"));
    CLOCK.advance(Duration.ofMinutes(1)); // a fresh window: the set-up's own requests do not count
    share();
    for (int i = 0; i < 4; i++) {
      assertEquals(200, here.api().get("/v1/me", noisy).status());
    }
    share();
    // an instance learns the others' count of a device within a second of that device's first
    // request to it
    assertEquals(200, there.api().get("/v1/me", noisy).status());
    share();
    assertEquals(200, there.api().get("/v1/me", noisy).status());
    Api.Response refused = there.api().get("/v1/me", noisy);
    assertEquals(429, refused.status(), refused::toString);
    assertEquals("application/problem+json", refused.header("content-type"));
    assertEquals("TOO_MANY_REQUESTS", refused.code());
    assertEquals("50", refused.header("Retry-After"));
    assertTrue(refused.json().path("detail").asText().contains("device"), refused::toString);
    share();
    assertEquals(
        429, here.api().get("/v1/me", noisy).status(), "the other instance knows the count too");
    assertEquals(
        200, here.api().get("/v1/me", quiet).status(), "another device of the tenant goes on");

    // the tenant: 6 + 1 counted so far, of 10
    assertEquals(200, there.api().get("/v1/me", quiet).status());
    assertEquals(200, there.api().get("/v1/me", quiet).status());
    share();
    assertEquals(200, here.api().get("/v1/me", quiet).status());
    Api.Response tenantFull = here.api().get("/v1/me", quiet);
    assertEquals(429, tenantFull.status(), tenantFull::toString);
    assertTrue(tenantFull.json().path("detail").asText().contains("tenant"), tenantFull::toString);

    // an unauthenticated probe is not counted or refused by these limits, and a new minute starts
    // afresh
    assertEquals(200, here.api().get("/health/live", null).status());
    CLOCK.advance(Duration.ofMinutes(1));
    share();
    assertEquals(200, here.api().get("/v1/me", noisy).status());
    assertEquals(200, there.api().get("/v1/me", quiet).status());
  }
}
