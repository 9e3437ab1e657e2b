package com.fieldlead.auth;

import static com.fieldlead.auth.AuthFixtures.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.store.AuthSchema;
import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeviceEndpointTest {

  private static TestServer server;
  private static Api api;
  private static AuthFixtures.Session admin;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Device Co");
  }

  private static Map<String, Object> phone(String id, String appVersion) {
    return Map.of(
        "id",
        id,
        "platform",
        "ios",
        "appVersion",
        appVersion,
        "syncProtocolVersion",
        2,
        "fcmToken",
        "fcm-" + id);
  }

  @Test
  void registeringTheSameIdAgainUpdatesTheDevice() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    String id = UUID.randomUUID().toString();
    Api.Response created = api.post("/v1/devices", phone(id, "1.0.0"), rep.accessToken());
    assertEquals(201, created.status(), created::toString);
    assertEquals(id, created.json().get("id").asText());
    assertTrue(created.json().get("hasFcmToken").asBoolean());
    assertTrue(created.json().path("fcmToken").isMissingNode(), "the push token is never echoed");
    Api.Response updated = api.post("/v1/devices", phone(id, "1.1.0"), rep.accessToken());
    assertEquals(200, updated.status(), updated::toString);
    assertEquals("1.1.0", updated.json().get("appVersion").asText());
    assertEquals(2, updated.json().get("syncProtocolVersion").asInt());
    assertEquals(
        id, api.get("/v1/me", rep.accessToken()).json().at("/session/deviceId").asText());
  }

  @Test
  void anotherUserCannotTakeOverADeviceId() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    AuthFixtures.Session other = AuthFixtures.user(api, admin, "rep");
    String id = UUID.randomUUID().toString();
    assertEquals(
        201, api.post("/v1/devices", phone(id, "1.0.0"), rep.accessToken()).status());
    Api.Response r = api.post("/v1/devices", phone(id, "1.0.0"), other.accessToken());
    assertEquals(409, r.status(), r::toString);
  }

  @Test
  void aNonIntegerProtocolVersionIsA400NamingTheField() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    Api.Response r = api.post(
        "/v1/devices",
        Map.of("platform", "ios", "appVersion", "1", "syncProtocolVersion", "two"),
        rep.accessToken());
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.text().contains("syncProtocolVersion"), r::toString);
  }

  @Test
  void managersSeeTheirTeamsDevicesAndAdminsSeeAll() {
    String team = AuthFixtures.team(api, admin, "Devices");
    AuthFixtures.Session manager =
        AuthFixtures.user(api, admin, "manager", List.of(), List.of(team));
    AuthFixtures.Session member = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    AuthFixtures.Session outsider = AuthFixtures.user(api, admin, "rep");
    String memberPhone = AuthFixtures.device(api, member);
    String outsiderPhone = AuthFixtures.device(api, outsider);

    String managerView = api.get("/v1/devices?limit=500", manager.accessToken()).text();
    assertTrue(managerView.contains(memberPhone));
    assertTrue(!managerView.contains(outsiderPhone));
    String adminView = api.get("/v1/devices?limit=500", admin.accessToken()).text();
    assertTrue(adminView.contains(memberPhone) && adminView.contains(outsiderPhone));

    Api.Response filtered = api.get("/v1/devices?userId=" + member.userId(), admin.accessToken());
    assertEquals(1, filtered.json().get("items").size(), filtered::toString);
    assertEquals(
        0,
        api.get("/v1/devices?userId=" + outsider.userId(), manager.accessToken())
            .json()
            .get("items")
            .size());
    assertEquals(
        200, api.get("/v1/devices/" + memberPhone, manager.accessToken()).status());
    assertEquals(
        404, api.get("/v1/devices/" + outsiderPhone, manager.accessToken()).status());
    assertEquals(
        404, api.get("/v1/devices/" + memberPhone, outsider.accessToken()).status());
    assertEquals(403, api.get("/v1/devices", member.accessToken()).status());
  }

  @Test
  void revokingADeviceEndsItsSessionsAtOnce() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    String phone = AuthFixtures.device(api, rep);
    Api.Response onPhone = api.post(
        "/v1/auth/login",
        Map.of("email", rep.email(), "password", PASSWORD, "deviceId", phone),
        null);
    String phoneToken = onPhone.json().get("accessToken").asText();
    AuthFixtures.Session laptop = AuthFixtures.login(api, rep.email(), PASSWORD);
    assertEquals(200, api.get("/v1/me", phoneToken).status());

    Api.Response revoked = api.post("/v1/devices/" + phone + "/revoke", "", admin.accessToken());
    assertEquals(200, revoked.status(), revoked::toString);
    assertTrue(revoked.json().get("revoked").asBoolean());

    for (String token : List.of(phoneToken, rep.accessToken())) {
      Api.Response me = api.get("/v1/me", token);
      assertEquals(401, me.status());
      assertEquals("SESSION_REVOKED", me.code());
    }
    assertEquals(
        "REFRESH_TOKEN_INVALID",
        api.post(
                "/v1/auth/refresh",
                Map.of("refreshToken", onPhone.json().get("refreshToken").asText()),
                null)
            .code());
    assertEquals(
        200, api.get("/v1/me", laptop.accessToken()).status(), "a session on no device goes on");
    Api.Response again = api.post(
        "/v1/auth/login",
        Map.of("email", rep.email(), "password", PASSWORD, "deviceId", phone),
        null);
    assertEquals(401, again.status());
    assertEquals("SESSION_REVOKED", again.code());
  }

  @Test
  void theOwnerAndTheOwnersManagerMayRevokeButAnotherRepMayNot() {
    String team = AuthFixtures.team(api, admin, "Revokers");
    AuthFixtures.Session manager =
        AuthFixtures.user(api, admin, "manager", List.of(), List.of(team));
    AuthFixtures.Session owner = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    AuthFixtures.Session other = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
    String first = AuthFixtures.device(api, owner);
    assertEquals(
        404,
        api.post("/v1/devices/" + first + "/revoke", "", other.accessToken()).status());
    assertEquals(
        200,
        api.post("/v1/devices/" + first + "/revoke", "", manager.accessToken()).status());
    AuthFixtures.Session fresh = AuthFixtures.login(api, owner.email(), PASSWORD);
    String second = AuthFixtures.device(api, fresh);
    assertEquals(
        200,
        api.post("/v1/devices/" + second + "/revoke", "", fresh.accessToken()).status());
    assertEquals(401, api.get("/v1/me", fresh.accessToken()).status());
  }

  @Test
  void theGateChecksTheDeviceItselfNotOnlyItsSessions() {
    AuthFixtures.Session rep = AuthFixtures.user(api, admin, "rep");
    String phone = AuthFixtures.device(api, rep);
    assertEquals(200, api.get("/v1/me", rep.accessToken()).status());
    // Revoke the device the way a crashed revocation would leave it: device marked (and the
    // tenant's access epoch
    // moved, as marking it does), sessions untouched.
    Await.onContext(
        server,
        () -> MongoFutures.one(server
            .server()
            .store()
            .collection(AuthSchema.DEVICES)
            .updateOne(
                new Document(AuthSchema.DEVICE_KEY, phone)
                    .append(AuthSchema.TENANT_ID, rep.tenantId()),
                new Document("$set", new Document("revokedAt", new Date())))));
    Await.onContext(
        server, () -> new AccessEpochs(server.server().store()).advance(rep.tenantId()));
    Api.Response me = api.get("/v1/me", rep.accessToken());
    assertEquals(401, me.status());
    assertEquals("SESSION_REVOKED", me.code());
  }
}
