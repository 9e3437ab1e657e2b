package com.fieldlead.auth;

import static com.fieldlead.auth.AuthFixtures.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PeopleEndpointTest {

  private static TestServer server;
  private static Api api;
  private static AuthFixtures.Session admin;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "People Co");
  }

  private static Map<String, Object> newUser(String email, String timeZone) {
    return Map.of(
        "email",
        email,
        "name",
        "New Person",
        "role",
        "rep",
        "password",
        PASSWORD,
        "timeZone",
        timeZone);
  }

  @Test
  void anAdminCreatesAUserWithALowerCasedEmail() {
    String email = AuthFixtures.email("Mixed.Case");
    Api.Response r = api.post(
        "/v1/users", newUser(email.toUpperCase(), "America/New_York"), admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    assertEquals(email.toLowerCase(), r.json().get("email").asText());
    assertEquals("America/New_York", r.json().get("timeZone").asText());
    assertEquals(admin.tenantId(), r.json().get("tenantId").asText());
    assertTrue(r.json().path("passwordHash").isMissingNode());
    assertEquals(
        200,
        api.get("/v1/users/" + r.json().get("id").asText(), admin.accessToken()).status());
  }

  @Test
  void aDuplicateEmailIsA409WhateverItsCase() {
    String email = AuthFixtures.email("dup");
    assertEquals(
        201,
        api.post("/v1/users", newUser(email, "Europe/Berlin"), admin.accessToken())
            .status());
    Api.Response again =
        api.post("/v1/users", newUser(email.toUpperCase(), "Europe/Berlin"), admin.accessToken());
    assertEquals(409, again.status(), again::toString);
    assertEquals("ALREADY_EXISTS", again.code());
  }

  @Test
  void anInvalidTimeZoneIsA400NamingTheField() {
    Api.Response r = api.post(
        "/v1/users", newUser(AuthFixtures.email("tz"), "Mars/Olympus"), admin.accessToken());
    assertEquals(400, r.status(), r::toString);
    assertEquals("/timeZone", r.json().at("/errors/0/field").asText());
  }

  @Test
  void anUnknownFieldInAUserBodyIsA400NamingIt() {
    Map<String, Object> body = new HashMap<>(newUser(AuthFixtures.email("x"), "UTC"));
    body.put("salary", 1);
    Api.Response r = api.post("/v1/users", body, admin.accessToken());
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.json().get("errors").findValuesAsText("field").contains("/salary"), r::toString);
  }

  @Test
  void aRepCannotListUsersAndAManagerCannotCreateThem() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    AuthFixtures.Session manager = AuthFixtures.user(api, admin, "manager");
    Api.Response repList = api.get("/v1/users", rep.accessToken());
    assertEquals(403, repList.status());
    assertEquals("FORBIDDEN", repList.code());
    assertEquals(200, api.get("/v1/users", manager.accessToken()).status());
    assertEquals(200, api.get("/v1/teams", manager.accessToken()).status());
    assertEquals(
        403,
        api.post("/v1/users", newUser(AuthFixtures.email("m"), "UTC"), manager.accessToken())
            .status());
    assertEquals(
        403,
        api.post("/v1/teams", Map.of("name", "Nope"), manager.accessToken()).status());
  }

  @Test
  void aBoothUserCanOnlyReachTheirOwnThings() {
    AuthFixtures.Session booth = AuthFixtures.user(api, admin, "booth");
    assertEquals(200, api.get("/v1/me", booth.accessToken()).status());
    assertEquals(403, api.get("/v1/users", booth.accessToken()).status());
    assertEquals(403, api.get("/v1/devices", booth.accessToken()).status());
  }

  @Test
  void disablingAUserEndsTheirSessionsAtOnce() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(200, api.get("/v1/me", rep.accessToken()).status());
    Api.Response r = api.patch(
        "/v1/users/" + rep.userId(), Map.of("disabled", true), admin.accessToken(), Map.of());
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.json().get("disabled").asBoolean());
    Api.Response me = api.get("/v1/me", rep.accessToken());
    assertEquals(401, me.status());
    assertEquals("SESSION_REVOKED", me.code());
    assertEquals(
        401,
        api.post("/v1/auth/refresh", Map.of("refreshToken", rep.refreshToken()), null)
            .status());
  }

  @Test
  void anAdminCannotDisableThemselves() {
    Api.Response r = api.patch(
        "/v1/users/" + admin.userId(), Map.of("disabled", true), admin.accessToken(), Map.of());
    assertEquals(409, r.status(), r::toString);
  }

  @Test
  void aRoleChangeTakesEffectOnTheNextRequest() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    assertEquals(403, api.get("/v1/users", rep.accessToken()).status());
    api.patch(
        "/v1/users/" + rep.userId(), Map.of("role", "manager"), admin.accessToken(), Map.of());
    assertEquals(200, api.get("/v1/users", rep.accessToken()).status());
  }

  @Test
  void aTeamKeepsItsManagersAndMembersAndTheyShowInMe() {
    AuthFixtures.Session manager = AuthFixtures.user(api, admin, "manager");
    AuthFixtures.Session rep1 = AuthFixtures.user(api, admin, "rep");
    AuthFixtures.Session rep2 = AuthFixtures.user(api, admin, "rep");
    Api.Response created = api.post(
        "/v1/teams",
        Map.of(
            "name",
            "North " + rep1.userId(),
            "managerIds",
            List.of(manager.userId()),
            "memberIds",
            List.of(rep1.userId(), rep2.userId())),
        admin.accessToken());
    assertEquals(201, created.status(), created::toString);
    String teamId = created.json().get("id").asText();
    assertEquals(List.of(manager.userId()), ids(created.json().get("managerIds")));
    assertEquals(2, created.json().get("memberIds").size());

    Api.Response patched = api.patch(
        "/v1/teams/" + teamId,
        Map.of("memberIds", List.of(rep2.userId())),
        admin.accessToken(),
        Map.of());
    assertEquals(200, patched.status(), patched::toString);
    assertEquals(List.of(rep2.userId()), ids(patched.json().get("memberIds")));

    JsonNode me = api.get("/v1/me", manager.accessToken()).json();
    assertEquals(teamId, me.at("/managedTeams/0/id").asText());
    assertEquals(
        teamId, api.get("/v1/me", rep2.accessToken()).json().at("/teams/0/id").asText());
    assertEquals(0, api.get("/v1/me", rep1.accessToken()).json().get("teams").size());
    Api.Response listed = api.get("/v1/users?teamId=" + teamId, manager.accessToken());
    assertEquals(2, listed.json().get("items").size(), listed::toString);
  }

  @Test
  void aTeamNameIsUniqueInATenant() {
    String name = "Unique " + AuthFixtures.email("t");
    assertEquals(
        201, api.post("/v1/teams", Map.of("name", name), admin.accessToken()).status());
    Api.Response again =
        api.post("/v1/teams", Map.of("name", name.toUpperCase()), admin.accessToken());
    assertEquals(409, again.status(), again::toString);
  }

  @Test
  void aUserCannotBePutInATeamThatDoesNotExist() {
    Api.Response r = api.post(
        "/v1/users",
        Map.of(
            "email",
            AuthFixtures.email("nt"),
            "name",
            "N",
            "role",
            "rep",
            "password",
            PASSWORD,
            "timeZone",
            "UTC",
            "teamIds",
            List.of("no-such-team")),
        admin.accessToken());
    assertEquals(400, r.status(), r::toString);
    assertEquals("/teamIds", r.json().at("/errors/0/field").asText());
  }

  @Test
  void usersArePagedByEmail() {
    for (int i = 0; i < 3; i++) {
      AuthFixtures.user(api, admin, "rep");
    }
    Api.Response first = api.get("/v1/users?limit=2", admin.accessToken());
    assertEquals(2, first.json().get("items").size());
    String next = first.json().get("next").asText();
    Api.Response second = api.get(
        "/v1/users?limit=500&after=" + URLEncoder.encode(next, StandardCharsets.UTF_8),
        admin.accessToken());
    assertTrue(second.json().get("items").size() >= 2, second::toString);
    assertTrue(second.json().at("/items/0/email").asText().compareTo(next) > 0);
  }

  @Test
  void bootstrapRefusesAnEmailThatExists() {
    RuntimeException e = Assertions.assertThrows(
        RuntimeException.class,
        () -> Await.onContext(
            server,
            () -> server
                .server()
                .features()
                .auth()
                .bootstrap("Another", admin.email().toUpperCase(), "X", PASSWORD)));
    assertTrue(e.getMessage().contains("already exists"), e::getMessage);
  }

  private static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
