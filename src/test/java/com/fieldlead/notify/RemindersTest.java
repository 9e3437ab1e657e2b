package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
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

/** Follow-up reminders and the daily digest, from tasks stored by the activity feature. */
class RemindersTest {

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T06:00:00Z"));
  private static FakeFcm fcm;
  private static TestServer server;
  private static Api api;
  private static Session admin;

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
    admin = AuthFixtures.tenantWithAdmin(server, "Reminder Co");
  }

  private record Rep(Session session, String token) {}

  private Rep rep() {
    admin = AuthFixtures.login(api, admin.email(), AuthFixtures.PASSWORD);
    Session s = AuthFixtures.user(api, admin, "rep");
    String token = NotifyHarness.token("rep");
    NotifyHarness.device(api, s, token);
    return new Rep(s, token);
  }

  private static JsonNode task(Session s, Instant due, String remindBefore, boolean urgent) {
    Api.Response r = api.post(
        "/v1/tasks",
        Map.of(
            "id",
            UUID.randomUUID().toString(),
            "kind",
            "personal",
            "title",
            "Call back Ada",
            "dueAt",
            due.toString(),
            "timeZone",
            "Europe/Berlin",
            "remindBefore",
            remindBefore,
            "urgent",
            urgent),
        s.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  private static int scan() {
    return Await.onContext(
        server, () -> server.server().features().notifications().scanRemindersNow());
  }

  private static List<FakeFcm.Received> reminders(String token) {
    return fcm.receivedFor(token).stream()
        .filter(r -> "reminder".equals(r.data("type")))
        .toList();
  }

  @Test
  void anOpenTaskRemindsItsAssigneeAtDueMinusRemindBeforeAndOnlyOnce() {
    Rep rep = rep();
    JsonNode t = task(rep.session(), clock.instant().plus(Duration.ofHours(2)), "PT30M", false);
    scan();
    assertTrue(reminders(rep.token()).isEmpty(), "not yet due");
    clock.advance(Duration.ofMinutes(91));
    scan();
    assertTrue(Await.until(() -> reminders(rep.token()).size() == 1, 10_000));
    FakeFcm.Received push = reminders(rep.token()).get(0);
    assertEquals(t.get("id").asText(), push.data("taskId"));
    assertTrue(push.message()
        .path("notification")
        .path("body")
        .asText()
        .startsWith("Call back Ada (due "));
    scan();
    assertTrue(
        Await.until(() -> reminders(rep.token()).size() == 1, 500),
        "a second scan sends nothing again");
  }

  @Test
  void doneTasksNeverFireAndASnoozeMovesTheReminder() {
    Rep rep = rep();
    JsonNode done =
        task(rep.session(), clock.instant().plus(Duration.ofMinutes(40)), "PT30M", false);
    JsonNode snoozed =
        task(rep.session(), clock.instant().plus(Duration.ofMinutes(40)), "PT30M", false);
    Api.Response finished = api.patch(
        "/v1/tasks/" + done.get("id").asText(),
        Map.of("status", "done"),
        rep.session().accessToken(),
        Map.of("If-Match", "\"1\""));
    assertEquals(200, finished.status(), finished::toString);
    Api.Response snooze = api.post(
        "/v1/tasks/" + snoozed.get("id").asText() + "/snooze",
        Map.of("for", "PT2H"),
        rep.session().accessToken());
    assertEquals(200, snooze.status(), snooze::toString);
    clock.advance(Duration.ofMinutes(15));
    scan();
    assertTrue(Await.until(() -> reminders(rep.token()).isEmpty(), 300));
    clock.advance(Duration.ofHours(2));
    scan();
    assertTrue(Await.until(() -> reminders(rep.token()).size() == 1, 10_000));
    assertEquals(snoozed.get("id").asText(), reminders(rep.token()).get(0).data("taskId"));
  }

  @Test
  void quietHoursDeferANormalReminderButNotAnUrgentOne() {
    Rep rep = rep();
    // Now is 08:00 in Berlin; quiet until 09:30.
    Instant now = clock.instant();
    String local = now.atZone(ZoneId.of("Europe/Berlin")).toLocalTime().toString();
    assertEquals(
        200,
        api.put(
                "/v1/me/notification-preferences",
                Map.of(
                    "quietHours", Map.of("start", "00:00", "end", local.substring(0, 2) + ":59")),
                rep.session().accessToken())
            .status());
    task(rep.session(), now.plus(Duration.ofMinutes(20)), "PT20M", false);
    JsonNode urgent = task(rep.session(), now.plus(Duration.ofMinutes(20)), "PT20M", true);
    scan();
    assertTrue(Await.until(() -> reminders(rep.token()).size() == 1, 10_000));
    assertEquals(urgent.get("id").asText(), reminders(rep.token()).get(0).data("taskId"));
    clock.advance(Duration.ofHours(1));
    server
        .server()
        .vertx()
        .runOnContext(v -> server.server().features().notifications().sendDueNow());
    assertTrue(
        Await.until(() -> reminders(rep.token()).size() == 2, 10_000), "sent when quiet hours end");
  }

  @Test
  void theDailyDigestCountsTodaysOpenFollowUpsAtTheUsersLocalTime() {
    Rep rep = rep();
    Instant now = clock.instant();
    String local = now.plus(Duration.ofMinutes(5))
        .atZone(ZoneId.of("Europe/Berlin"))
        .toLocalTime()
        .withSecond(0)
        .withNano(0)
        .toString();
    assertEquals(
        200,
        api.put(
                "/v1/me/notification-preferences",
                Map.of("digestTime", local),
                rep.session().accessToken())
            .status());
    for (int i = 0; i < 3; i++) {
      task(rep.session(), now.plus(Duration.ofHours(3 + i)), "PT0M", false);
    }
    scan();
    assertTrue(
        fcm.receivedFor(rep.token()).stream().noneMatch(r -> "digest".equals(r.data("type"))));
    clock.advance(Duration.ofMinutes(6));
    scan();
    scan();
    assertTrue(Await.until(
        () -> fcm.receivedFor(rep.token()).stream()
                .filter(r -> "digest".equals(r.data("type")))
                .count()
            == 1,
        10_000));
    FakeFcm.Received digest = fcm.receivedFor(rep.token()).stream()
        .filter(r -> "digest".equals(r.data("type")))
        .findFirst()
        .orElseThrow();
    assertEquals(
        "3 follow-ups due today",
        digest.message().path("notification").path("body").asText());
  }
}
