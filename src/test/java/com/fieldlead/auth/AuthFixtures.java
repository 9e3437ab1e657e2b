package com.fieldlead.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * People for endpoint tests of any feature: a tenant with its admin (through the real {@code bootstrap}), users of
 * each role, logins, and two isolated tenants for isolation tests. Every email is unique per call, so tests sharing
 * one server do not collide.
 */
public final class AuthFixtures {

  public static final String PASSWORD = "correct-horse-battery";
  private static final AtomicInteger SEQ = new AtomicInteger();

  private AuthFixtures() {}

  /** A logged-in user: ids, email and tokens. */
  public record Session(
      String tenantId,
      String userId,
      String email,
      String accessToken,
      String refreshToken,
      String sessionId) {}

  /** Two tenants, each with a logged-in admin. */
  public record TwoTenants(Session adminA, Session adminB) {}

  /** A unique email like {@code admin-17-1a2b3c@example.test}. */
  public static String email(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-"
        + UUID.randomUUID().toString().substring(0, 6) + "@example.test";
  }

  /** A new tenant and its first admin, created by the CLI's bootstrap path, logged in. */
  public static Session tenantWithAdmin(TestServer server, String tenantName) {
    String email = email("admin");
    Await.onContext(
        server,
        () -> server
            .server()
            .features()
            .auth()
            .bootstrap(tenantName, email, "Admin " + tenantName, PASSWORD));
    return login(server.api(), email, PASSWORD);
  }

  public static TwoTenants twoTenants(TestServer server) {
    return new TwoTenants(tenantWithAdmin(server, "Tenant A"), tenantWithAdmin(server, "Tenant B"));
  }

  /** Logs in and fails the test unless it worked. */
  public static Session login(Api api, String email, String password) {
    Api.Response r = api.post("/v1/auth/login", Map.of("email", email, "password", password), null);
    assertEquals(200, r.status(), () -> "login of " + email + ": " + r);
    JsonNode j = r.json();
    return new Session(
        j.get("tenantId").asText(),
        j.get("userId").asText(),
        email,
        j.get("accessToken").asText(),
        j.get("refreshToken").asText(),
        j.get("sessionId").asText());
  }

  /** Creates a user of {@code role} in the admin's tenant (optionally in teams) and logs them in. */
  public static Session user(
      Api api, Session admin, String role, List<String> teamIds, List<String> managedTeamIds) {
    String email = email(role);
    Api.Response r = api.post(
        "/v1/users",
        Map.of(
            "email",
            email,
            "name",
            "Test " + role,
            "role",
            role,
            "password",
            PASSWORD,
            "timeZone",
            "Europe/Berlin",
            "teamIds",
            teamIds,
            "managedTeamIds",
            managedTeamIds),
        admin.accessToken());
    assertEquals(201, r.status(), () -> "create " + role + ": " + r);
    return login(api, email, PASSWORD);
  }

  public static Session user(Api api, Session admin, String role) {
    return user(api, admin, role, List.of(), List.of());
  }

  /** Creates a team in the admin's tenant and answers its id. */
  public static String team(Api api, Session admin, String name) {
    Api.Response r = api.post(
        "/v1/teams", Map.of("name", name + " " + SEQ.incrementAndGet()), admin.accessToken());
    assertEquals(201, r.status(), () -> "create team: " + r);
    return r.json().get("id").asText();
  }

  /** Registers a phone for the logged-in user and answers its id. */
  public static String device(Api api, Session owner) {
    Api.Response r = api.post(
        "/v1/devices",
        Map.of("platform", "android", "appVersion", "1.0.0", "syncProtocolVersion", 1),
        owner.accessToken());
    assertEquals(201, r.status(), () -> "register device: " + r);
    return r.json().get("id").asText();
  }
}
