package com.fieldlead.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user of tenant A asking for tenant B's resources by id gets 404 NOT_FOUND and no data, and never sees them in
 * lists. Other features add their resources here the same way ({@link AuthFixtures#twoTenants}).
 */
class TenantIsolationTest {

  private static TestServer server;
  private static Api api;
  private static AuthFixtures.TwoTenants tenants;
  private static AuthFixtures.Session repB;
  private static String teamB;
  private static String deviceB;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    tenants = AuthFixtures.twoTenants(server);
    teamB = AuthFixtures.team(api, tenants.adminB(), "Secret team");
    repB = AuthFixtures.user(api, tenants.adminB(), "rep", List.of(teamB), List.of());
    deviceB = AuthFixtures.device(api, repB);
  }

  private static String tokenA() {
    return tenants.adminA().accessToken();
  }

  private static void assertNotFoundWithoutData(Api.Response r, String secret) {
    assertEquals(404, r.status(), r::toString);
    assertEquals("NOT_FOUND", r.code());
    assertFalse(r.text().contains(secret), r::toString);
  }

  @Test
  void theTwoAdminsAreInDifferentTenants() {
    assertFalse(tenants.adminA().tenantId().equals(tenants.adminB().tenantId()));
  }

  @Test
  void anotherTenantsUserIsNotFoundForReadOrWrite() {
    assertNotFoundWithoutData(api.get("/v1/users/" + repB.userId(), tokenA()), repB.email());
    assertNotFoundWithoutData(
        api.patch("/v1/users/" + repB.userId(), Map.of("disabled", true), tokenA(), Map.of()),
        repB.email());
    assertEquals(200, api.get("/v1/me", repB.accessToken()).status(), "B's rep was not disabled");
  }

  @Test
  void anotherTenantsUsersAreNotListed() {
    String list = api.get("/v1/users?limit=500", tokenA()).text();
    assertFalse(list.contains(repB.userId()));
    assertFalse(list.contains(tenants.adminB().userId()));
    assertTrue(list.contains(tenants.adminA().userId()));
  }

  @Test
  void anotherTenantsTeamIsNotFoundNotListedAndCannotBeJoined() {
    assertNotFoundWithoutData(api.get("/v1/teams/" + teamB, tokenA()), "Secret team");
    assertNotFoundWithoutData(
        api.patch("/v1/teams/" + teamB, Map.of("name", "Mine"), tokenA(), Map.of()), "Secret team");
    assertFalse(api.get("/v1/teams", tokenA()).text().contains(teamB));
    Api.Response join = api.post(
        "/v1/users",
        Map.of(
            "email",
            AuthFixtures.email("spy"),
            "name",
            "Spy",
            "role",
            "rep",
            "password",
            AuthFixtures.PASSWORD,
            "timeZone",
            "UTC",
            "teamIds",
            List.of(teamB)),
        tokenA());
    assertEquals(400, join.status(), join::toString);
    Api.Response steal = api.post(
        "/v1/teams", Map.of("name", "Poach", "memberIds", List.of(repB.userId())), tokenA());
    assertEquals(400, steal.status(), steal::toString);
  }

  @Test
  void anotherTenantsDeviceIsNotFoundNotListedAndCannotBeRevoked() {
    assertNotFoundWithoutData(api.get("/v1/devices/" + deviceB, tokenA()), repB.userId());
    assertNotFoundWithoutData(
        api.post("/v1/devices/" + deviceB + "/revoke", "", tokenA()), repB.userId());
    assertFalse(api.get("/v1/devices?limit=500", tokenA()).text().contains(deviceB));
    assertEquals(
        0,
        api.get("/v1/devices?userId=" + repB.userId(), tokenA())
            .json()
            .get("items")
            .size());
    assertEquals(
        200, api.get("/v1/devices/" + deviceB, tenants.adminB().accessToken()).status());
  }

  @Test
  void aDeviceIdTakenInAnotherTenantRegistersAsThisTenantsOwnAndLeavesTheOtherAlone() {
    String otherB = AuthFixtures.device(api, repB);
    AuthFixtures.Session repA = AuthFixtures.user(api, tenants.adminA(), "rep");
    // a 409 here would confirm that the id exists in some tenant: ids are unique per tenant
    Api.Response r = api.post(
        "/v1/devices",
        Map.of("id", otherB, "platform", "web", "appVersion", "1", "syncProtocolVersion", 1),
        repA.accessToken());
    assertEquals(201, r.status(), r::toString);
    assertEquals(repA.userId(), r.json().path("userId").asText());
    Api.Response login = api.post(
        "/v1/auth/login",
        Map.of("email", repA.email(), "password", AuthFixtures.PASSWORD, "deviceId", otherB),
        null);
    assertEquals(200, login.status(), login::toString);
    Api.Response inB = api.get("/v1/devices/" + otherB, tenants.adminB().accessToken());
    assertEquals(repB.userId(), inB.json().path("userId").asText(), inB::toString);
    assertEquals("android", inB.json().path("platform").asText(), inB::toString);
  }
}
