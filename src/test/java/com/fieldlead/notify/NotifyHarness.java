package com.fieldlead.notify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.Notification;
import com.fieldlead.notify.model.NotificationKind;
import com.fieldlead.notify.store.MongoNotifications;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/** Shared setup of notify endpoint tests: a server whose pushes go through the real SDK to a fake FCM. */
final class NotifyHarness {

  private NotifyHarness() {}

  static Map<ConfigKey, String> settings(FakeFcm fcm, Map<ConfigKey, String> extra) {
    Map<ConfigKey, String> s = new EnumMap<>(ConfigKey.class);
    s.put(ConfigKey.FIELDLEAD_FCM_BASE_URL, fcm.baseUrl());
    s.put(ConfigKey.FIELDLEAD_FCM_PROJECT_ID, "demo-project");
    s.put(ConfigKey.FIELDLEAD_PUSH_POLL_MS, "200");
    s.put(ConfigKey.FIELDLEAD_REMINDER_SCAN_MS, "3600000");
    s.putAll(extra);
    return s;
  }

  /** A test server sending to {@code fcm} (the benchmarks start their own per measurement). */
  static TestServer server(FakeFcm fcm, Clock clock, Map<ConfigKey, String> extra) {
    return TestServer.start(settings(fcm, extra), clock);
  }

  /** The test server of a class, sending to the class's fake FCM (registered with a lower {@code @Order}). */
  static TestServerExtension server(
      FakeFcmExtension fcm, Clock clock, Map<ConfigKey, String> extra) {
    return TestServerExtension.start(() -> settings(fcm.get(), extra), clock);
  }

  /** Registers a phone with an FCM token for the session's user; answers the device id. */
  static String device(Api api, Session owner, String token) {
    return device(api, owner, UUID.randomUUID().toString(), token);
  }

  static String device(Api api, Session owner, String deviceId, String token) {
    Api.Response r = api.post(
        "/v1/devices",
        Map.of(
            "id",
            deviceId,
            "platform",
            "android",
            "appVersion",
            "1.0.0",
            "syncProtocolVersion",
            1,
            "fcmToken",
            token),
        owner.accessToken());
    assertTrue(r.status() == 200 || r.status() == 201, () -> "register device: " + r);
    return r.json().get("id").asText();
  }

  static String token(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** Creates a notification for the user through the service (as the event and reminder paths do). */
  static String notify(TestServer server, Session user, NotificationKind kind, String title) {
    NewNotification n = new NewNotification(
        user.tenantId(),
        user.userId(),
        kind,
        "test:" + UUID.randomUUID(),
        title,
        title + " body",
        Map.of("leadId", "lead-1"),
        kind == NotificationKind.HOT_LEAD,
        null);
    Await.onContext(
        server, () -> server.server().features().notifications().service().create(n));
    return n.id();
  }

  static Notification stored(TestServer server, String id) {
    MongoNotifications store = new MongoNotifications(server.server().store());
    return Await.onContext(server, () -> store.find(id)).orElseThrow();
  }
}
