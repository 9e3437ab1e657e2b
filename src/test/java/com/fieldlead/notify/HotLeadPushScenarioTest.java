package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The done-when: in the demo tenant a booth user captures a lead marked hot, and the manager's phone
 * (registered with an FCM token) receives the push at the fake FCM, through the durable event, the outbox and the
 * real Firebase SDK.
 */
class HotLeadPushScenarioTest {

  private static FakeFcm fcm;
  private static TestServer server;

  @RegisterExtension
  @Order(1)
  static final FakeFcmExtension FCM = new FakeFcmExtension();

  @RegisterExtension
  @Order(2)
  static final TestServerExtension SERVER =
      NotifyHarness.server(FCM, Clock.systemUTC(), Map.of(ConfigKey.FIELDLEAD_DEMO, "true"));

  @BeforeAll
  static void start() {
    fcm = FCM.get();
    server = SERVER.get();
  }

  @Test
  void aBoothUsersHotCaptureReachesTheManagersPhoneAsAPushThatOpensTheLead() {
    Api api = server.api();
    Session manager = AuthFixtures.login(api, "manager@demo.test", "demo-password");
    String managerToken = NotifyHarness.token("manager-phone");
    NotifyHarness.device(api, manager, managerToken);
    Session booth = AuthFixtures.login(api, "booth@demo.test", "demo-password");
    String leadId = UUID.randomUUID().toString();
    Api.Response created = api.post(
        "/v1/leads",
        Map.of(
            "id",
            leadId,
            "firstName",
            "Grace",
            "lastName",
            "Hopper",
            "company",
            "Navy Compilers",
            "email",
            "grace-" + leadId.substring(0, 6) + "@example.com",
            "source",
            "trade_show",
            "captureMethod",
            "badge_scan",
            "hotAtCapture",
            true),
        booth.accessToken());
    assertEquals(201, created.status(), created::toString);

    assertTrue(
        Await.until(() -> !fcm.receivedFor(managerToken).isEmpty(), 20_000),
        "the manager's phone got no push; fake FCM saw " + fcm.received().size() + " requests");
    FakeFcm.Received push = fcm.receivedFor(managerToken).get(0);
    assertEquals("hot_lead", push.data("type"));
    assertEquals(leadId, push.data("leadId"));
    assertEquals("/app/#/leads/" + leadId, push.data("link"), "the dashboard's deep link");
    String notificationId = push.data("notificationId");
    assertNotNull(notificationId);
    assertEquals(
        "hot_lead:" + notificationId,
        push.message().path("android").path("collapse_key").asText());
    assertEquals("Hot lead", push.message().path("notification").path("title").asText());

    List<String> inbox = api.get("/v1/notifications", manager.accessToken())
        .json()
        .get("items")
        .findValuesAsText("id");
    assertTrue(inbox.contains(notificationId), "the alert is in the manager's inbox too");
    assertTrue(Await.until(() -> fcm.receivedFor(managerToken).size() == 1, 1000));
  }

  @Test
  void whenSomeoneElseChangesARepsLeadTheRepsPhoneGetsOneSilentSyncNudgePerInterval() {
    Api api = server.api();
    Session rep = AuthFixtures.login(api, "rep2@demo.test", "demo-password");
    String repToken = NotifyHarness.token("rep-phone");
    NotifyHarness.device(api, rep, repToken);
    Session manager = AuthFixtures.login(api, "manager@demo.test", "demo-password");
    String leadId = UUID.randomUUID().toString();
    Api.Response created = api.post(
        "/v1/leads",
        Map.of("id", leadId, "firstName", "Alan", "lastName", "Turing", "company", "Bletchley"),
        rep.accessToken());
    assertEquals(201, created.status(), created::toString);
    assertEquals(
        rep.userId(), created.json().path("ownerId").asText(), "the capturing rep owns the lead");
    for (int i = 0; i < 2; i++) {
      Api.Response got = api.get("/v1/leads/" + leadId, manager.accessToken());
      Api.Response patched = api.patch(
          "/v1/leads/" + leadId,
          Map.of("title", "CTO " + i),
          manager.accessToken(),
          Map.of("If-Match", got.header("ETag")));
      assertEquals(200, patched.status(), patched::toString);
    }
    assertTrue(Await.until(
        () -> fcm.receivedFor(repToken).stream().anyMatch(r -> "sync_nudge".equals(r.data("type"))),
        10_000));
    assertTrue(
        Await.until(
            () -> fcm.receivedFor(repToken).stream()
                    .filter(r -> "sync_nudge".equals(r.data("type")))
                    .count()
                == 1,
            1000),
        "coalesced to one per interval");
    FakeFcm.Received nudge = fcm.receivedFor(repToken).stream()
        .filter(r -> "sync_nudge".equals(r.data("type")))
        .findFirst()
        .orElseThrow();
    assertTrue(nudge.message().path("notification").isMissingNode(), "data-only");
    assertEquals(leadId, nudge.data("leadId"));
    List<String> kinds = api.get("/v1/notifications", rep.accessToken())
        .json()
        .get("items")
        .findValuesAsText("kind");
    assertFalse(kinds.contains("sync_nudge"), "nudges are not listed in the inbox");
  }
}
