package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo seed stores its leads straight into the store, without the change events that keep the analytics rollups
 * current; it marks their capture days itself, so the reports of a fresh {@code run --demo} show the demo data
 * without anyone asking for a rebuild.
 */
class DemoAnalyticsTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  @Test
  void theDemoTenantsReportsShowItsLeadsWithoutARebuild() {
    TestServer server = SERVER.get();
    Api api = server.api();
    Session manager = AuthFixtures.login(api, "manager@demo.test", DemoSeed.PASSWORD);
    String tenant = manager.tenantId();

    // the refresh job, ticked after the seed, computes the marked days in the background
    assertTrue(
        Await.until(() -> days(server, tenant) > 0, 20_000),
        "the demo tenant's days were computed without a report asking for them");

    // the seed's captures go back 90 days and some hours: a range that holds them all
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String range = "from=" + today.minusDays(120) + "&to=" + today;
    JsonNode funnel = ok(api.get("/v1/analytics/funnel?" + range, manager.accessToken()));
    JsonNode all = funnel.get("groups").get(0);
    assertEquals(LeadDemoSeed.COUNT, all.get("total").asInt(), () -> "every demo lead: " + funnel);
    JsonNode newStage = all.get("stages").get(0);
    assertEquals("new", newStage.get("status").asText());
    // the seed moves most leads on from new after one to six days
    assertTrue(newStage.get("exits").asInt() > 0, newStage::toString);
    long p50 = newStage.get("p50Seconds").asLong();
    assertTrue(p50 >= 86_400 * 0.95 && p50 <= 7 * 86_400, newStage::toString);

    JsonNode conversion =
        ok(api.get("/v1/analytics/conversion?by=source&" + range, manager.accessToken()));
    assertEquals(
        LeadDemoSeed.COUNT, conversion.at("/total/captured").asInt(), conversion::toString);
    assertTrue(conversion.at("/total/converted").asInt() > 0, conversion::toString);

    // a restart finds the days computed and marks nothing again
    assertEquals(
        0,
        Await.onContext(
            server, () -> server.server().features().analytics().markUnbuiltTenant(tenant)));
  }

  private static long days(TestServer server, String tenant) {
    return Await.onContext(
            server,
            () -> MongoFutures.list(server
                .server()
                .store()
                .collection("analytics_days")
                .find(Filters.eq("tenantId", tenant))))
        .size();
  }

  private static JsonNode ok(Api.Response r) {
    assertTrue(r.status() >= 200 && r.status() < 300, r::toString);
    return r.json();
  }
}
