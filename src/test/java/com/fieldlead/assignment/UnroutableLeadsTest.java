package com.fieldlead.assignment;

import static com.fieldlead.assignment.RoutingFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Captures that routing cannot give an owner wait where managers see them, count in the SLA report and alert. */
class UnroutableLeadsTest {

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
  void boothCapturesNobodyCanTakeWaitInAQueueEveryManagerSeesListsPullsCountsAndIsAlertedTo() {
    // no reps at all: the default rules (round robin over the tenant's reps) queue every capture
    RoutingFixture f =
        RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(server, "Unroutable"), 0);
    String otherTeam = AuthFixtures.team(api, f.admin(), "Inside sales");
    Session otherManager =
        AuthFixtures.user(api, f.admin(), "manager", List.of(), List.of(otherTeam));
    Instant from = Instant.now().minusSeconds(3600);
    List<String> ids = f.pushCaptures(f.booth(), 3);
    for (String id : ids) {
      JsonNode lead = f.lead(id);
      assertTrue(
          lead.path("ownerId").isMissingNode() || lead.path("ownerId").isNull(), lead::toString);
      assertEquals("unassigned", f.lastAssignment(id).get("queue").asText());
    }
    for (Session manager : List.of(f.manager(), otherManager)) {
      Api.Response list = api.get("/v1/leads?limit=50", manager.accessToken());
      assertEquals(200, list.status(), list::toString);
      List<String> seen = list.json().get("items").findValuesAsText("id");
      assertTrue(seen.containsAll(ids), () -> "manager sees the queue: " + seen);
      assertEquals(
          200, api.get("/v1/leads/" + ids.get(0), manager.accessToken()).status());
      Api.Response pull = api.post(
          "/v1/sync/pull",
          map("protocolVersion", 1, "deviceId", "phone-" + manager.userId()),
          manager.accessToken());
      assertEquals(200, pull.status(), pull::toString);
      List<String> pulled = new ArrayList<>();
      pull.json().findValues("id").forEach(n -> pulled.add(n.asText()));
      assertTrue(pulled.containsAll(ids), () -> "pulled by the manager: " + pull);
      Api.Response sla = api.get(
          "/v1/sla/compliance?groupBy=rep&from=" + from + "&to=" + Instant.now().plusSeconds(60),
          manager.accessToken());
      assertEquals(200, sla.status(), sla::toString);
      JsonNode report = sla.json();
      int counted = 0;
      for (JsonNode g : report.get("groups")) {
        counted += g.get("leads").asInt();
      }
      assertEquals(3, counted, report::toString);
      assertTrue(
          Await.until(
              () -> api.get("/v1/notifications", manager.accessToken())
                  .json()
                  .get("items")
                  .findValuesAsText("leadId")
                  .containsAll(ids),
              20_000),
          "each queued capture alerts the manager");
    }
    // a hot capture nobody can take: every manager hears about it
    Api.Response hot = api.post(
        "/v1/leads",
        map("lastName", "Urgent", "company", "Hot Co", "hotAtCapture", true),
        f.booth().accessToken());
    assertEquals(201, hot.status(), hot::toString);
    String hotId = hot.json().get("id").asText();
    for (Session manager : List.of(f.manager(), otherManager)) {
      assertTrue(
          Await.until(
              () -> {
                for (JsonNode n :
                    api.get("/v1/notifications", manager.accessToken()).json().get("items")) {
                  if (n.get("kind").asText().equals("hot_lead")
                      && n.get("data").path("leadId").asText().equals(hotId)) {
                    return true;
                  }
                }
                return false;
              },
              20_000),
          "the hot unassigned capture alerts every manager");
    }
    String checkpoint = pull(otherManager, null).get("checkpoint").asText();
    // a manager takes one of them: it leaves the queue for their own team's view
    Session rep = AuthFixtures.user(api, f.admin(), "rep", List.of(f.teamId()), List.of());
    Api.Response assigned = api.post(
        "/v1/leads/" + ids.get(0) + "/assign",
        map("ownerId", rep.userId()),
        f.manager().accessToken());
    assertEquals(200, assigned.status(), assigned::toString);
    assertEquals(
        404, api.get("/v1/leads/" + ids.get(0), otherManager.accessToken()).status());
    boolean dropped = false;
    for (JsonNode change : pull(otherManager, checkpoint).get("changes")) {
      dropped |= change.get("entityId").asText().equals(ids.get(0))
          && change.path("removedFromScope").asBoolean();
    }
    assertTrue(dropped, "the other manager's phone drops the lead that left the queue");
  }

  private static JsonNode pull(Session who, String checkpoint) {
    Map<String, Object> body =
        new HashMap<>(map("protocolVersion", 1, "deviceId", "phone-" + who.userId()));
    if (checkpoint != null) {
      body.put("checkpoint", checkpoint);
    }
    Api.Response r = api.post("/v1/sync/pull", body, who.accessToken());
    assertEquals(200, r.status(), r::toString);
    assertTrue(!r.json().path("hasMore").asBoolean(), r::toString);
    return r.json();
  }
}
