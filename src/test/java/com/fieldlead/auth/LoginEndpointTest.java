package com.fieldlead.auth;

import static com.fieldlead.auth.AuthFixtures.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginEndpointTest {

  private static TestServer server;
  private static Api api;
  private static AuthFixtures.Session admin;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Login Co");
  }

  private static Api.Response login(String email, String password) {
    return api.post("/v1/auth/login", Map.of("email", email, "password", password), null);
  }

  @Test
  void loginWithTheRightPasswordAnswersTokensThatOpenTheApi() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    Api.Response me = api.get("/v1/me", rep.accessToken());
    assertEquals(200, me.status(), me::toString);
    assertEquals(rep.userId(), me.json().at("/user/id").asText());
    assertEquals("rep", me.json().get("role").asText());
    assertEquals("Login Co", me.json().at("/tenant/name").asText());
    assertEquals(rep.sessionId(), me.json().at("/session/id").asText());
    assertTrue(rep.refreshToken().length() >= 43, "refresh token carries at least 256 bits");
  }

  @Test
  void emailIsMatchedWhateverItsCase() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(200, login(rep.email().toUpperCase(), PASSWORD).status());
  }

  @Test
  void wrongPasswordAndUnknownEmailGiveTheSameInvalidCredentialsAnswer() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    Api.Response wrong = login(rep.email(), "not-the-password");
    Api.Response unknown = login("nobody-" + rep.email(), "not-the-password");
    assertEquals(401, wrong.status());
    assertEquals(401, unknown.status());
    assertEquals("INVALID_CREDENTIALS", wrong.code());
    assertEquals(wrong.json().get("detail"), unknown.json().get("detail"));
  }

  @Test
  void aDisabledUserCannotLogIn() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(
        200,
        api.patch(
                "/v1/users/" + rep.userId(),
                Map.of("disabled", true),
                admin.accessToken(),
                Map.of())
            .status());
    Api.Response r = login(rep.email(), PASSWORD);
    assertEquals(401, r.status());
    assertEquals("INVALID_CREDENTIALS", r.code());
  }

  @Test
  void refreshRotatesTheRefreshTokenAndKeepsTheSession() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    Api.Response r = api.post("/v1/auth/refresh", Map.of("refreshToken", rep.refreshToken()), null);
    assertEquals(200, r.status(), r::toString);
    JsonNode j = r.json();
    assertNotEquals(rep.refreshToken(), j.get("refreshToken").asText());
    assertEquals(rep.sessionId(), j.get("sessionId").asText());
    assertEquals(200, api.get("/v1/me", j.get("accessToken").asText()).status());
    Api.Response again = api.post(
        "/v1/auth/refresh", Map.of("refreshToken", j.get("refreshToken").asText()), null);
    assertEquals(200, again.status(), again::toString);
  }

  @Test
  void reusingARotatedRefreshTokenRevokesTheSessionAndItsAccessToken() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    JsonNode rotated = api.post(
            "/v1/auth/refresh", Map.of("refreshToken", rep.refreshToken()), null)
        .json();
    String currentAccess = rotated.get("accessToken").asText();
    assertEquals(200, api.get("/v1/me", currentAccess).status());

    Api.Response reuse =
        api.post("/v1/auth/refresh", Map.of("refreshToken", rep.refreshToken()), null);
    assertEquals(401, reuse.status());
    assertEquals("REFRESH_TOKEN_REUSED", reuse.code());

    Api.Response me = api.get("/v1/me", currentAccess);
    assertEquals(401, me.status());
    assertEquals("SESSION_REVOKED", me.code());
    Api.Response next = api.post(
        "/v1/auth/refresh", Map.of("refreshToken", rotated.get("refreshToken").asText()), null);
    assertEquals(401, next.status());
    assertEquals("REFRESH_TOKEN_INVALID", next.code());
  }

  @Test
  void anUnknownRefreshTokenIsRefused() {
    Api.Response r = api.post("/v1/auth/refresh", Map.of("refreshToken", "made-up"), null);
    assertEquals(401, r.status());
    assertEquals("REFRESH_TOKEN_INVALID", r.code());
  }

  @Test
  void logoutEndsTheSessionForBothTokens() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(204, api.post("/v1/auth/logout", "", rep.accessToken()).status());
    Api.Response me = api.get("/v1/me", rep.accessToken());
    assertEquals(401, me.status());
    assertEquals("SESSION_REVOKED", me.code());
    assertEquals(
        "REFRESH_TOKEN_INVALID",
        api.post("/v1/auth/refresh", Map.of("refreshToken", rep.refreshToken()), null)
            .code());
  }

  @Test
  void aRequestWithoutBearerTokenIsUnauthenticated() {
    Api.Response r = api.get("/v1/me", null);
    assertEquals(401, r.status());
    assertEquals("UNAUTHENTICATED", r.code());
  }

  @Test
  void garbageInsteadOfATokenIsInvalid() {
    Api.Response r = api.get("/v1/me", "not.a.jwt");
    assertEquals(401, r.status());
    assertEquals("TOKEN_INVALID", r.code());
  }

  @Test
  void aTokenSignedWithAnotherKeyIsInvalid() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    AccessTokens forger = new AccessTokens(
        "another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8),
        "fieldlead",
        Duration.ofMinutes(15),
        Clock.systemUTC());
    String forged = forger.issue(rep.userId(), rep.tenantId(), rep.sessionId(), null, "admin");
    Api.Response r = api.get("/v1/me", forged);
    assertEquals(401, r.status());
    assertEquals("TOKEN_INVALID", r.code());
  }

  @Test
  void anUnsignedTokenWithAlgNoneIsInvalid() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    String[] parts = rep.accessToken().split("\\.");
    String header = Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    Api.Response r = api.get("/v1/me", header + "." + parts[1] + ".");
    assertEquals(401, r.status());
    assertEquals("TOKEN_INVALID", r.code());
  }

  @Test
  void anUnknownFieldInTheLoginBodyIsA400NamingIt() {
    Api.Response r = api.post(
        "/v1/auth/login", Map.of("email", "a@b.test", "password", "x", "remember", true), null);
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.json().get("errors").findValuesAsText("field").contains("/remember"), r::toString);
  }

  @Test
  void loginNamingADeviceOfSomeoneElseIsRefusedNamingTheField() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    AuthFixtures.Session other = AuthFixtures.user(api, admin, "rep");
    String device = AuthFixtures.device(api, other);
    Api.Response r = api.post(
        "/v1/auth/login",
        Map.of("email", rep.email(), "password", PASSWORD, "deviceId", device),
        null);
    assertEquals(400, r.status(), r::toString);
    assertEquals("/deviceId", r.json().at("/errors/0/field").asText());
  }

  @Test
  void loginWithTheUsersOwnDeviceBindsTheSessionToIt() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    String device = AuthFixtures.device(api, rep);
    Api.Response r = api.post(
        "/v1/auth/login",
        Map.of("email", rep.email(), "password", PASSWORD, "deviceId", device),
        null);
    assertEquals(200, r.status(), r::toString);
    assertEquals(device, r.json().get("deviceId").asText());
    Api.Response me = api.get("/v1/me", r.json().get("accessToken").asText());
    assertEquals(device, me.json().at("/session/deviceId").asText());
    assertFalse(me.json().at("/device/revoked").asBoolean());
  }
}
