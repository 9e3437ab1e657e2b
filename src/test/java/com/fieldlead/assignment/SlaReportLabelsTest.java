package com.fieldlead.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SLA report labels its groups with names in the reader's language, next to the ids it groups by. */
class SlaReportLabelsTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  @Test
  void groupsCarryTheRepsTeamsAndEventsNamesAndLabelsInTheReadersLanguage() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Labels");
    String team = AuthFixtures.team(api, admin, "Nord");
    String teamName =
        api.get("/v1/teams/" + team, admin.accessToken()).json().get("name").asText();
    String email = AuthFixtures.email("rita");
    Api.Response user = api.post(
        "/v1/users",
        Map.of(
            "email",
            email,
            "name",
            "Rita Reyes",
            "role",
            "rep",
            "password",
            AuthFixtures.PASSWORD,
            "timeZone",
            "Europe/Berlin",
            "teamIds",
            List.of(team),
            "managedTeamIds",
            List.of()),
        admin.accessToken());
    assertEquals(201, user.status(), user::toString);
    Session rita = AuthFixtures.login(api, email, AuthFixtures.PASSWORD);
    Api.Response event = api.post(
        "/v1/events",
        Map.of(
            "name",
            "Hannover Messe",
            "startsOn",
            "2026-04-20",
            "endsOn",
            "2026-04-24",
            "timeZone",
            "Europe/Berlin"),
        admin.accessToken());
    assertEquals(201, event.status(), event::toString);
    String eventId = event.json().get("id").asText();
    assertEquals(
        201,
        api.post(
                "/v1/leads",
                Map.of("lastName", "Owned", "source", "trade_show", "eventId", eventId),
                rita.accessToken())
            .status());
    // with Rita out of the rotation, a booth capture waits in the queue: no rep
    assertEquals(
        200,
        api.put(
                "/v1/users/" + rita.userId() + "/availability",
                Map.of("active", false),
                admin.accessToken())
            .status());
    Session booth = AuthFixtures.user(api, admin, "booth");
    assertEquals(
        201,
        api.post("/v1/leads", Map.of("lastName", "Queued"), booth.accessToken()).status());

    assertEquals(
        200,
        api.put("/v1/me/notification-preferences", Map.of("locale", "de"), admin.accessToken())
            .status());
    Map<String, String> reps = labels(admin, "rep");
    assertEquals("Rita Reyes", reps.get(rita.userId()), reps::toString);
    assertEquals("Ohne Verantwortlichen", reps.get("(none)"), reps::toString);
    Map<String, String> teams = labels(admin, "team");
    assertEquals(teamName, teams.get(team), teams::toString);
    Map<String, String> events = labels(admin, "event");
    assertEquals("Hannover Messe", events.get(eventId), events::toString);
    Map<String, String> sources = labels(admin, "source");
    assertEquals("Messe", sources.get("trade_show"), sources::toString);
    assertEquals(
        200,
        api.put("/v1/me/notification-preferences", Map.of("locale", "en"), admin.accessToken())
            .status());
    assertEquals("Trade show", labels(admin, "source").get("trade_show"));
  }

  private static Map<String, String> labels(Session who, String groupBy) {
    Api.Response r = api.get("/v1/sla/compliance?groupBy=" + groupBy, who.accessToken());
    assertEquals(200, r.status(), r::toString);
    Map<String, String> out = new HashMap<>();
    for (JsonNode g : r.json().get("groups")) {
      assertTrue(g.has("label"), g::toString);
      out.put(g.get("key").asText(), g.get("label").asText());
    }
    return out;
  }
}
