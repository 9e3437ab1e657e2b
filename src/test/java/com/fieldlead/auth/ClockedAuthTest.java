package com.fieldlead.auth;

import static com.fieldlead.auth.AuthFixtures.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry and throttling, on a server whose clock the test moves (2 failures per account, 8 per address). */
class ClockedAuthTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));
  private static TestServer server;
  private static Api api;
  private static AuthFixtures.Session admin;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(
          ConfigKey.FIELDLEAD_LOGIN_MAX_FAILURES,
          "2",
          ConfigKey.FIELDLEAD_LOGIN_WINDOW_SECONDS,
          "600",
          ConfigKey.FIELDLEAD_LOGIN_LOCKOUT_SECONDS,
          "300",
          ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS,
          "900"),
      CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Clocked Co");
  }

  /** The clock moves past access-token lifetimes, so each test logs the admin in anew. */
  private static AuthFixtures.Session freshAdmin() {
    return AuthFixtures.login(api, admin.email(), PASSWORD);
  }

  private static Api.Response login(String email, String password) {
    return api.post("/v1/auth/login", Map.of("email", email, "password", password), null);
  }

  @Test
  void anExpiredAccessTokenIsRefusedAndTheRefreshTokenStillWorks() {
    AuthFixtures.Session rep = AuthFixtures.user(api, freshAdmin(), "rep");
    CLOCK.advance(Duration.ofSeconds(899));
    assertEquals(200, api.get("/v1/me", rep.accessToken()).status());
    CLOCK.advance(Duration.ofSeconds(1));
    Api.Response me = api.get("/v1/me", rep.accessToken());
    assertEquals(401, me.status());
    assertEquals("TOKEN_EXPIRED", me.code());
    Api.Response refreshed =
        api.post("/v1/auth/refresh", Map.of("refreshToken", rep.refreshToken()), null);
    assertEquals(200, refreshed.status(), refreshed::toString);
    assertEquals(
        200, api.get("/v1/me", refreshed.json().get("accessToken").asText()).status());
  }

  @Test
  void anExpiredRefreshTokenIsRefused() {
    AuthFixtures.Session rep = AuthFixtures.user(api, freshAdmin(), "rep");
    CLOCK.advance(Duration.ofDays(31));
    Api.Response r = api.post("/v1/auth/refresh", Map.of("refreshToken", rep.refreshToken()), null);
    assertEquals(401, r.status());
    assertEquals("REFRESH_TOKEN_INVALID", r.code());
  }

  @Test
  void repeatedFailuresLockTheAccountWithRetryAfterEvenForTheRightPassword() {
    AuthFixtures.Session rep = AuthFixtures.user(api, freshAdmin(), "rep");
    assertEquals(401, login(rep.email(), "wrong-1").status());
    assertEquals(401, login(rep.email(), "wrong-2").status());
    Api.Response locked = login(rep.email(), PASSWORD);
    assertEquals(429, locked.status(), locked::toString);
    assertEquals("TOO_MANY_REQUESTS", locked.code());
    assertEquals("300", locked.header("Retry-After"));
    CLOCK.advance(Duration.ofSeconds(120));
    assertEquals("180", login(rep.email(), PASSWORD).header("Retry-After"));
    CLOCK.advance(Duration.ofSeconds(181));
    assertEquals(200, login(rep.email(), PASSWORD).status());
  }

  @Test
  void aSuccessfulLoginResetsTheAccountCounter() {
    AuthFixtures.Session rep = AuthFixtures.user(api, freshAdmin(), "rep");
    assertEquals(401, login(rep.email(), "wrong-1").status());
    assertEquals(200, login(rep.email(), PASSWORD).status());
    assertEquals(401, login(rep.email(), "wrong-2").status());
    assertEquals(200, login(rep.email(), PASSWORD).status());
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() {
    AuthFixtures.Session rep = AuthFixtures.user(api, freshAdmin(), "rep");
    assertEquals(401, login(rep.email(), "wrong-1").status());
    CLOCK.advance(Duration.ofSeconds(601));
    assertEquals(401, login(rep.email(), "wrong-2").status());
    assertEquals(200, login(rep.email(), PASSWORD).status());
  }

  @Test
  void oneAddressFailingForManyAccountsIsThrottledToo() {
    // Limit per address is 4 x 2 = 8 failures; unknown emails count for the address as well.
    CLOCK.advance(Duration.ofHours(1)); // a fresh window for this address
    for (int i = 0; i < 8; i++) {
      assertEquals(401, login(AuthFixtures.email("ghost"), "wrong").status());
    }
    Api.Response r = login(AuthFixtures.email("ghost"), "wrong");
    assertEquals(429, r.status(), r::toString);
    assertTrue(Integer.parseInt(r.header("Retry-After")) > 0);
    CLOCK.advance(Duration.ofSeconds(301));
    assertEquals(401, login(AuthFixtures.email("ghost"), "wrong").status());
  }

  @Test
  void anAddressLockedByFailuresStillLetsInEveryAccountThatLoggedInFromItBefore() {
    // a booth behind one address: the admin and a rep have logged in there before; someone's typos
    // then lock it
    AuthFixtures.Session boss = freshAdmin();
    AuthFixtures.Session rep = AuthFixtures.user(api, boss, "rep");
    String newcomer = AuthFixtures.email("newcomer");
    assertEquals(
        201,
        api.post(
                "/v1/users",
                Map.of(
                    "email",
                    newcomer,
                    "name",
                    "New",
                    "role",
                    "rep",
                    "password",
                    PASSWORD,
                    "timeZone",
                    "UTC",
                    "teamIds",
                    List.of(),
                    "managedTeamIds",
                    List.of()),
                boss.accessToken())
            .status());
    CLOCK.advance(Duration.ofHours(1)); // a fresh window for this address
    for (int i = 0; i < 8; i++) {
      assertEquals(401, login(AuthFixtures.email("typo"), "wrong").status());
    }
    Api.Response stranger = login(AuthFixtures.email("typo"), "wrong");
    assertEquals(429, stranger.status(), stranger::toString);
    Api.Response first = login(newcomer, PASSWORD);
    assertEquals(429, first.status(), "an account never seen at the address waits: " + first);
    assertEquals(
        200, login(admin.email(), PASSWORD).status(), "the admin, known at this address, gets in");
    assertEquals(
        200, login(rep.email(), PASSWORD).status(), "the rep, known at this address, gets in");
    // a known account's own limit still holds
    assertEquals(401, login(rep.email(), "wrong-1").status());
    assertEquals(401, login(rep.email(), "wrong-2").status());
    assertEquals(429, login(rep.email(), PASSWORD).status());
    CLOCK.advance(Duration.ofSeconds(301));
    assertEquals(200, login(newcomer, PASSWORD).status(), "after the lockout the newcomer gets in");
  }
}
