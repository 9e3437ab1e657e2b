package com.fieldlead.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fresh demo has speed-to-lead history: every demo lead has its clock, as its own history says it went. */
class DemoSlaHistoryTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  @Test
  void
      theComplianceReportOfAFreshDemoShowsMetAndBreachedLeadsAndTheBreachJobHasNothingToEscalate() {
    for (String who : new String[] {"admin@demo.test", "manager@demo.test"}) {
      String token = AuthFixtures.login(api, who, "demo-password").accessToken();
      Api.Response r = api.get("/v1/sla/compliance?groupBy=rep", token);
      assertEquals(200, r.status(), r::toString);
      int leads = 0;
      int met = 0;
      int breached = 0;
      for (JsonNode g : r.json().get("groups")) {
        leads += g.get("leads").asInt();
        met += g.get("met").asInt();
        breached += g.get("breached").asInt();
      }
      assertEquals(200, leads, r::toString);
      assertTrue(met > 20 && breached > 20, r::toString);
      assertTrue(r.json().get("groups").get(0).has("medianSecondsToFirstContact"), r::toString);
    }
    // seeded history is history: nothing in it is an open breach for the job to escalate at start
    assertEquals(
        0,
        Await.onContext(server, () -> server.server().features().assignment().checkSlaBreaches()));
  }
}
