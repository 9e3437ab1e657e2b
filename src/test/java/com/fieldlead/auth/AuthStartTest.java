package com.fieldlead.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.store.SigningKeys;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generated signing key, the demo people and the user directory, on one server. */
class AuthStartTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  private static AuthModule auth() {
    return server.server().features().auth();
  }

  @Test
  void instancesRacingToGenerateTheSigningKeyAllGetTheStoredOne() {
    FieldleadConfig.Auth config = ConfigLoader.load(new HashMap<>(), Map.of()).auth();
    List<byte[]> keys = Await.onContext(
        server,
        () -> Future.all(
                SigningKeys.load(config, server.server().store(), Instant.now()),
                SigningKeys.load(config, server.server().store(), Instant.now()))
            .map(all -> List.of(all.<byte[]>resultAt(0), all.<byte[]>resultAt(1))));
    assertArrayEquals(keys.get(0), keys.get(1));
    assertTrue(keys.get(0).length >= 32);
  }

  @Test
  void aTokenFromOneInstanceIsAcceptedByAnotherSharingTheStore() {
    FieldleadConfig.Auth config = ConfigLoader.load(new HashMap<>(), Map.of()).auth();
    AuthFixtures.Session admin = AuthFixtures.tenantWithAdmin(server, "Shared key Co");
    byte[] key = Await.onContext(
        server, () -> SigningKeys.load(config, server.server().store(), Instant.now()));
    AccessTokens secondInstance =
        new AccessTokens(key, config.issuer(), config.accessTokenTtl(), Clock.systemUTC());
    assertEquals(admin.userId(), secondInstance.verify(admin.accessToken()).userId());
  }

  @Test
  void theDemoPeopleAreCreatedOnceAndCanLogIn() {
    DemoPeople first = Await.onContext(server, () -> auth().seedDemo());
    DemoPeople second = Await.onContext(server, () -> auth().seedDemo());
    assertEquals(first, second);
    assertEquals(3, first.repIds().size());
    AuthFixtures.Session rep1 = AuthFixtures.login(api, "rep1@demo.test", "demo-password");
    assertEquals(first.repIds().get(0), rep1.userId());
    assertEquals(first.tenantId(), rep1.tenantId());
    AuthFixtures.Session manager = AuthFixtures.login(api, "manager@demo.test", "demo-password");
    Api.Response team = api.get("/v1/teams/" + first.teamId(), manager.accessToken());
    assertEquals("Field team", team.json().get("name").asText(), team::toString);
    assertEquals(3, team.json().get("memberIds").size());
    AuthFixtures.Session booth = AuthFixtures.login(api, "booth@demo.test", "demo-password");
    assertEquals(
        "booth", api.get("/v1/me", booth.accessToken()).json().get("role").asText());
    assertEquals(
        "Demo Field Sales",
        api.get("/v1/me", rep1.accessToken()).json().at("/tenant/name").asText());
  }

  @Test
  void theDirectoryAnswersUsersAndTeamMembersOfOneTenantOnly() {
    DemoPeople demo = Await.onContext(server, () -> auth().seedDemo());
    UserDirectory dir = auth().directory();
    UserInfo manager = Await.onContext(server, () -> dir.user(demo.tenantId(), demo.managerId()))
        .orElseThrow();
    assertEquals(Role.MANAGER, manager.role());
    assertEquals(List.of(demo.teamId()), manager.managedTeamIds());
    assertEquals("America/New_York", manager.timeZone());
    assertEquals(
        3,
        Await.onContext(server, () -> dir.teamMembers(demo.tenantId(), demo.teamId()))
            .size());
    assertEquals(
        List.of(demo.managerId()),
        Await.onContext(server, () -> dir.teamManagers(demo.tenantId(), demo.teamId())).stream()
            .map(UserInfo::id)
            .toList());
    assertTrue(Await.onContext(server, () -> dir.user("another-tenant", demo.managerId()))
        .isEmpty());
  }
}
