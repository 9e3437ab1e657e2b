package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.notify.model.Notification;
import com.fieldlead.notify.model.NotificationStatus;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An erasure cancels the notifications about the person that have not gone out: a hot-lead alert waiting for a retry
 * after FCM's 429 and a reminder deferred by quiet hours are never sent, while the same kinds about another lead go
 * out as usual once due.
 */
class ErasureCancelsNotificationsTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T06:00:00Z"));
  private static FakeFcm fcm;
  private static TestServer server;
  private static Api api;

  @RegisterExtension
  @Order(1)
  static final FakeFcmExtension FCM = new FakeFcmExtension();

  @RegisterExtension
  @Order(2)
  static final TestServerExtension SERVER = NotifyHarness.server(FCM, clock, Map.of());

  @BeforeAll
  static void start() {
    fcm = FCM.get();
    server = SERVER.get();
    api = server.api();
  }

  private static String hotLead(Session rep, String lastName) {
    Api.Response r = api.post(
        "/v1/leads",
        Map.of(
            "id",
            UUID.randomUUID().toString(),
            "firstName",
            "Ada",
            "lastName",
            lastName,
            "email",
            lastName.toLowerCase() + "@erase.example",
            "hotAtCapture",
            true),
        rep.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().path("id").asText();
  }

  private static void followUp(Session rep, String leadId) {
    Api.Response r = api.post(
        "/v1/tasks",
        Map.of(
            "title",
            "Call back",
            "leadId",
            leadId,
            "dueAt",
            clock.instant().plus(Duration.ofMinutes(20)).toString(),
            "timeZone",
            "Europe/Berlin",
            "remindBefore",
            "PT20M"),
        rep.accessToken());
    assertEquals(201, r.status(), r::toString);
  }

  private static List<FakeFcm.Received> about(String token, String leadId, String type) {
    return fcm.receivedFor(token).stream()
        .filter(r -> leadId.equals(r.data("leadId")) && type.equals(r.data("type")))
        .toList();
  }

  @Test
  void anErasedPersonsQueuedHotAlertAndDeferredReminderAreCancelledAndNeverSent() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Cancel Co");
    Session rep = AuthFixtures.user(api, admin, "rep");
    String token = NotifyHarness.token("rep");
    NotifyHarness.device(api, rep, token);
    // quiet until 08:59 in Berlin (it is 08:00 there): reminders wait, hot alerts do not
    String local =
        clock.instant().atZone(ZoneId.of("Europe/Berlin")).toLocalTime().toString();
    assertEquals(
        200,
        api.put(
                "/v1/me/notification-preferences",
                Map.of(
                    "quietHours", Map.of("start", "00:00", "end", local.substring(0, 2) + ":59")),
                rep.accessToken())
            .status());
    fcm.script(token, FakeFcm.Behaviour.QUOTA).retryAfterSeconds(600);

    String erased = hotLead(rep, "Quillon" + UUID.randomUUID().toString().substring(0, 6));
    String kept = hotLead(rep, "Keeper" + UUID.randomUUID().toString().substring(0, 6));
    followUp(rep, erased);
    followUp(rep, kept);
    // each alert was tried once and got a 429: both wait for a retry ten minutes on
    assertTrue(
        Await.until(
            () -> about(token, erased, "hot_lead").size() == 1
                && about(token, kept, "hot_lead").size() == 1,
            20_000),
        () -> "first attempts: " + fcm.receivedFor(token).size());
    Await.onContext(server, () -> server.server().features().notifications().scanRemindersNow());
    List<String> pending =
        api.get("/v1/notifications", rep.accessToken()).json().path("items").findValuesAsText("id");
    assertEquals(4, pending.size(), "two alerts and two deferred reminders in the inbox");

    Api.Response erasure =
        api.post("/v1/privacy/erasures", Map.of("leadId", erased), admin.accessToken());
    assertEquals(200, erasure.status(), erasure::toString);
    assertEquals(2, erasure.json().path("cancelledNotifications").asInt(), erasure::toString);
    List<Notification> cancelled = pending.stream()
        .map(id -> NotifyHarness.stored(server, id))
        .filter(n -> erased.equals(n.data().get("leadId")))
        .toList();
    assertEquals(2, cancelled.size());
    cancelled.forEach(n -> assertEquals(NotificationStatus.CANCELLED, n.status(), n::toString));
    assertEquals(
        2,
        api.get("/v1/notifications", rep.accessToken()).json().path("items").size(),
        "cancelled ones leave the inbox");

    // FCM takes pushes again, the retry time and the quiet hours pass: only the kept lead's go out
    fcm.script(token, FakeFcm.Behaviour.OK);
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      Await.onContext(server, () -> server.server().features().notifications().sendDueNow());
    }
    assertTrue(
        Await.until(
            () -> about(token, kept, "hot_lead").size() == 2
                && about(token, kept, "reminder").size() == 1,
            20_000),
        () -> "the kept lead's retry and reminder: " + fcm.receivedFor(token));
    assertEquals(1, about(token, erased, "hot_lead").size(), "only the attempt before the erasure");
    assertEquals(0, about(token, erased, "reminder").size());
    assertTrue(
        fcm.receivedFor(token).stream().noneMatch(r -> r.message().toString().contains("[erased]")),
        "no push with an erased text");
  }
}
