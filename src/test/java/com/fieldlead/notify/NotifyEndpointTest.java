package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.notify.FakeFcm.Behaviour;
import com.fieldlead.notify.model.Notification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.model.NotificationStatus;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox through the real server and the real SDK to a fake FCM; the inbox and preferences API. */
class NotifyEndpointTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T10:00:00Z"));
  private static FakeFcm fcm;
  private static TestServer server;
  private static Api api;
  private static Session admin;

  @RegisterExtension
  @Order(1)
  static final FakeFcmExtension FCM = new FakeFcmExtension();

  @RegisterExtension
  @Order(2)
  static final TestServerExtension SERVER = NotifyHarness.server(
      FCM,
      clock,
      Map.of(
          ConfigKey.FIELDLEAD_PUSH_MAX_ATTEMPTS,
          "3",
          ConfigKey.FIELDLEAD_PUSH_RETRY_BASE_MS,
          "1000"));

  @BeforeAll
  static void start() {
    fcm = FCM.get();
    server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Notify Co");
  }

  /** A fresh rep; the admin logs in again because other tests move the clock past token lifetimes. */
  private Session rep() {
    admin = AuthFixtures.login(api, admin.email(), AuthFixtures.PASSWORD);
    return AuthFixtures.user(api, admin, "rep");
  }

  private static boolean settled(String id) {
    String s = NotifyHarness.stored(server, id).status().wire();
    return !s.equals("pending") && !s.equals("sending");
  }

  @Test
  void aNotificationIsStoredThenPushedToEveryDeviceOfTheUserAndListedInTheInbox() {
    Session rep = rep();
    String t1 = NotifyHarness.token("phone");
    String t2 = NotifyHarness.token("tablet");
    NotifyHarness.device(api, rep, t1);
    NotifyHarness.device(api, rep, t2);
    String id = NotifyHarness.notify(server, rep, NotificationKind.ASSIGNMENT, "New lead assigned");
    assertTrue(Await.until(
        () -> fcm.receivedFor(t1).size() == 1 && fcm.receivedFor(t2).size() == 1, 10_000));
    assertEquals(id, fcm.receivedFor(t1).get(0).data("notificationId"));
    assertEquals("assignment", fcm.receivedFor(t1).get(0).data("type"));
    assertTrue(Await.until(() -> settled(id), 5000));
    Notification n = NotifyHarness.stored(server, id);
    assertEquals(NotificationStatus.SENT, n.status());
    assertEquals("fcm", n.sender());
    assertEquals(2, n.deliveredDevices().size());

    JsonNode inbox = api.get("/v1/notifications", rep.accessToken()).json();
    assertEquals(id, inbox.get("items").get(0).get("id").asText());
    assertEquals("sent", inbox.get("items").get(0).get("status").asText());
    assertFalse(inbox.get("items").get(0).get("read").asBoolean());
    Api.Response read = api.post("/v1/notifications/" + id + "/read", null, rep.accessToken());
    assertEquals(200, read.status(), read::toString);
    assertTrue(read.json().get("read").asBoolean());
    assertTrue(api.get("/v1/notifications", rep.accessToken())
        .json()
        .get("items")
        .get(0)
        .get("read")
        .asBoolean());
  }

  @Test
  void theInboxPagesWithACursorAndOnlyShowsTheCallersOwnNotifications() {
    Session rep = rep();
    Session other = rep();
    for (int i = 0; i < 5; i++) {
      NotifyHarness.notify(server, rep, NotificationKind.REMINDER, "Reminder " + i);
      clock.advance(Duration.ofSeconds(1));
    }
    String theirs = NotifyHarness.notify(server, other, NotificationKind.REMINDER, "Not yours");
    JsonNode p1 = api.get("/v1/notifications?limit=3", rep.accessToken()).json();
    assertEquals(3, p1.get("items").size());
    assertEquals("Reminder 4", p1.get("items").get(0).get("title").asText());
    JsonNode p2 = api.get(
            "/v1/notifications?limit=3&after=" + p1.get("next").asText(), rep.accessToken())
        .json();
    assertEquals(2, p2.get("items").size());
    assertEquals("Reminder 0", p2.get("items").get(1).get("title").asText());
    assertFalse(p2.has("next"));
    assertEquals(
        404,
        api.post("/v1/notifications/" + theirs + "/read", null, rep.accessToken())
            .status());
    assertEquals(
        400, api.get("/v1/notifications?after=%25%25", rep.accessToken()).status());
  }

  @Test
  void anUnregisteredTokenIsRemovedFromItsDeviceAndNeverTriedAgain() {
    Session rep = rep();
    String dead = NotifyHarness.token("dead");
    fcm.script(dead, Behaviour.UNREGISTERED);
    String deviceId = NotifyHarness.device(api, rep, dead);
    String id = NotifyHarness.notify(server, rep, NotificationKind.HOT_LEAD, "Hot lead");
    assertTrue(Await.until(() -> settled(id), 10_000));
    assertEquals(NotificationStatus.NO_DEVICE, NotifyHarness.stored(server, id).status());
    assertFalse(api.get("/v1/devices/" + deviceId, rep.accessToken())
        .json()
        .get("hasFcmToken")
        .asBoolean());
    String again = NotifyHarness.notify(server, rep, NotificationKind.HOT_LEAD, "Hot lead 2");
    assertTrue(Await.until(() -> settled(again), 10_000));
    assertEquals(1, fcm.receivedFor(dead).size());
  }

  @Test
  void aRefreshedTokenReplacesTheOldOneOnTheSameDevice() {
    Session rep = rep();
    String old = NotifyHarness.token("old");
    String fresh = NotifyHarness.token("fresh");
    String deviceId = NotifyHarness.device(api, rep, old);
    NotifyHarness.device(api, rep, deviceId, fresh);
    String id = NotifyHarness.notify(server, rep, NotificationKind.ASSIGNMENT, "Assigned");
    assertTrue(Await.until(() -> settled(id), 10_000));
    assertEquals(1, fcm.receivedFor(fresh).size());
    assertEquals(0, fcm.receivedFor(old).size());
  }

  @Test
  void quotaErrorsAreRetriedNoEarlierThanRetryAfterThenDelivered() {
    Session rep = rep();
    String busy = NotifyHarness.token("busy");
    fcm.script(busy, Behaviour.QUOTA).retryAfterSeconds(120);
    NotifyHarness.device(api, rep, busy);
    Instant created = clock.instant();
    String id = NotifyHarness.notify(server, rep, NotificationKind.ASSIGNMENT, "Assigned");
    assertTrue(Await.until(
        () -> NotifyHarness.stored(server, id).attempts() == 1
            && NotifyHarness.stored(server, id).status() == NotificationStatus.PENDING,
        10_000));
    Notification waiting = NotifyHarness.stored(server, id);
    assertFalse(
        waiting.nextAttemptAt().isBefore(created.plusSeconds(120)),
        waiting.nextAttemptAt().toString());
    assertTrue(waiting.lastError().startsWith("QUOTA_EXCEEDED"), waiting.lastError());
    fcm.script(busy, Behaviour.OK);
    clock.advance(Duration.ofSeconds(121));
    assertTrue(Await.until(
        () -> NotifyHarness.stored(server, id).status() == NotificationStatus.SENT, 10_000));
    assertEquals(2, fcm.receivedFor(busy).size());
  }

  @Test
  void afterTheLastAttemptANotificationIsDeadLetteredButStaysInTheInbox() {
    Session rep = rep();
    String busy = NotifyHarness.token("always-busy");
    fcm.script(busy, Behaviour.QUOTA).retryAfterSeconds(120);
    NotifyHarness.device(api, rep, busy);
    String id = NotifyHarness.notify(server, rep, NotificationKind.SLA_BREACH, "SLA missed");
    for (int attempt = 1; attempt <= 3; attempt++) {
      int n = attempt;
      assertTrue(
          Await.until(
              () -> fcm.receivedFor(busy).size() == n
                  && NotifyHarness.stored(server, id).status() != NotificationStatus.SENDING,
              10_000),
          "attempt " + n);
      clock.advance(Duration.ofMinutes(10));
    }
    assertEquals(NotificationStatus.DEAD, NotifyHarness.stored(server, id).status());
    assertEquals(3, NotifyHarness.stored(server, id).attempts());
    Session again = AuthFixtures.login(api, rep.email(), AuthFixtures.PASSWORD);
    assertEquals(
        "dead",
        api.get("/v1/notifications", again.accessToken())
            .json()
            .get("items")
            .get(0)
            .get("status")
            .asText());
  }

  @Test
  void aTokenNotRefreshedForThirtyDaysIsStaleAndGetsNoPush() {
    Session rep = rep();
    String token = NotifyHarness.token("stale");
    NotifyHarness.device(api, rep, token);
    clock.advance(Duration.ofDays(31));
    String id = NotifyHarness.notify(server, rep, NotificationKind.ASSIGNMENT, "Assigned");
    assertTrue(Await.until(() -> settled(id), 10_000));
    assertEquals(NotificationStatus.NO_DEVICE, NotifyHarness.stored(server, id).status());
    assertEquals(0, fcm.receivedFor(token).size());
  }

  @Test
  void preferencesDefaultToEverythingOnInTheUsersZoneAndCanBeReplaced() {
    Session rep = rep();
    JsonNode d = api.get("/v1/me/notification-preferences", rep.accessToken()).json();
    assertTrue(d.get("kinds").get("hot_lead").asBoolean());
    assertEquals("Europe/Berlin", d.get("timeZone").asText());
    Api.Response put = api.put(
        "/v1/me/notification-preferences",
        Map.of(
            "kinds",
            Map.of("reminder", false),
            "quietHours",
            Map.of("start", "22:00", "end", "07:00"),
            "timeZone",
            "Australia/Sydney",
            "digestTime",
            "08:30"),
        rep.accessToken());
    assertEquals(200, put.status(), put::toString);
    JsonNode p = api.get("/v1/me/notification-preferences", rep.accessToken()).json();
    assertFalse(p.get("kinds").get("reminder").asBoolean());
    assertTrue(p.get("kinds").get("digest").asBoolean());
    assertEquals("22:00", p.get("quietHours").get("start").asText());
    assertEquals("Australia/Sydney", p.get("timeZone").asText());
    assertEquals("08:30", p.get("digestTime").asText());
  }

  @Test
  void badPreferencesAreRefusedWithA400NamingTheField() {
    Session rep = rep();
    assertBad(
        rep, Map.of("quietHours", Map.of("start", "22:00", "end", "22:00")), "/quietHours/end");
    assertBad(rep, Map.of("timeZone", "Mars/Olympus"), "/timeZone");
    assertBad(rep, Map.of("timeZone", "+02:00"), "/timeZone");
    assertBad(rep, Map.of("digestTime", "25:00"), "digestTime");
    assertBad(rep, Map.of("quietHours", Map.of("start", "7am", "end", "09:00")), "start");
    assertBad(rep, Map.of("kinds", Map.of("carrier_pigeon", true)), "carrier_pigeon");
    assertBad(rep, Map.of("volume", 11), "volume");
  }

  private static void assertBad(Session rep, Map<String, Object> body, String field) {
    Api.Response r = api.put("/v1/me/notification-preferences", body, rep.accessToken());
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.text().contains(field), () -> "400 should name " + field + ": " + r.text());
  }

  @Test
  void aKindSwitchedOffIsKeptInTheInboxButNotPushed() {
    Session rep = rep();
    String token = NotifyHarness.token("muted");
    NotifyHarness.device(api, rep, token);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("kinds", Map.of("assignment", false));
    assertEquals(
        200,
        api.put("/v1/me/notification-preferences", prefs, rep.accessToken()).status());
    String id = NotifyHarness.notify(server, rep, NotificationKind.ASSIGNMENT, "Assigned");
    assertEquals(NotificationStatus.MUTED, NotifyHarness.stored(server, id).status());
    assertEquals(
        "muted",
        api.get("/v1/notifications", rep.accessToken())
            .json()
            .get("items")
            .get(0)
            .get("status")
            .asText());
    assertEquals(List.of(), fcm.receivedFor(token));
  }

  @Test
  void quietHoursDeferANonUrgentNotificationButNotAHotLeadAlert() {
    Session rep = rep();
    String token = NotifyHarness.token("quiet");
    NotifyHarness.device(api, rep, token);
    // 10:00Z in June is 12:00 in Berlin: quiet hours 11:00-15:00 cover it.
    assertEquals(
        200,
        api.put(
                "/v1/me/notification-preferences",
                Map.of("quietHours", Map.of("start", "11:00", "end", "15:00")),
                rep.accessToken())
            .status());
    Instant now = clock.instant();
    String reminder = NotifyHarness.notify(server, rep, NotificationKind.ASSIGNMENT, "Assigned");
    String hot = NotifyHarness.notify(server, rep, NotificationKind.HOT_LEAD, "Hot");
    assertTrue(Await.until(() -> settled(hot), 10_000));
    Notification deferred = NotifyHarness.stored(server, reminder);
    assertEquals(NotificationStatus.PENDING, deferred.status());
    assertEquals(15, deferred.nextAttemptAt().atZone(ZoneId.of("Europe/Berlin")).getHour());
    assertTrue(deferred.nextAttemptAt().isAfter(now));
    assertEquals(1, fcm.receivedFor(token).size());
  }

  @Test
  void aNotificationHeldBackByQuietHoursShowsAsDeferredWithTheTimeItWillGoInTheInbox() {
    Session rep = rep();
    String token = NotifyHarness.token("quiet-inbox");
    NotifyHarness.device(api, rep, token);
    assertEquals(
        200,
        api.put(
                "/v1/me/notification-preferences",
                Map.of("quietHours", Map.of("start", "11:00", "end", "15:00")),
                rep.accessToken())
            .status());
    String held = NotifyHarness.notify(server, rep, NotificationKind.ASSIGNMENT, "Assigned");
    String hot = NotifyHarness.notify(server, rep, NotificationKind.HOT_LEAD, "Hot");
    assertTrue(Await.until(() -> settled(hot), 10_000));
    Instant goes = NotifyHarness.stored(server, held).nextAttemptAt();

    Api.Response inbox = api.get("/v1/notifications", rep.accessToken());
    assertEquals(200, inbox.status(), inbox::toString);
    JsonNode deferred = null;
    for (JsonNode item : inbox.json().get("items")) {
      if (item.get("id").asText().equals(held)) {
        deferred = item;
      }
    }
    assertTrue(deferred != null, inbox::toString);
    assertEquals("deferred", deferred.get("status").asText(), deferred::toString);
    assertEquals(goes, Instant.parse(deferred.get("deferredUntil").asText()), deferred::toString);
    assertEquals(15, goes.atZone(ZoneId.of("Europe/Berlin")).getHour());
  }
}
