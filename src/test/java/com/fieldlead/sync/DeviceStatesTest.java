package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.protocol.PullRequest;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.InMemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device sync state: pulls answer without waiting for it, so its writes may land out of order and must not regress. */
class DeviceStatesTest {

  private static InMemoryStore memory;
  private static MongoStore store;

  @BeforeAll
  static void start() {
    memory = InMemoryStore.start("fl_device_states", 5);
    store = memory.store();
  }

  @AfterAll
  static void stop() {
    memory.close();
  }

  @Test
  void anEarlierSyncLandingLastDoesNotMoveTheDevicesTimesBack() throws Exception {
    DeviceStates devices = new DeviceStates(new SyncStores(store));
    Principal rep = new Principal(
        "t-" + System.nanoTime(), "u-1", Role.REP, "s-1", null, List.of("team-1"), List.of());
    Principal admin =
        new Principal(rep.tenantId(), "u-admin", Role.ADMIN, "s-2", null, List.of(), List.of());
    Instant early = Instant.parse("2026-11-23T10:00:00Z");
    Instant late = early.plusSeconds(30);
    Await.result(devices.pulled(rep, "d-1", new PullRequest(1, null, null, "2.0.0", "d-1"), late));
    Await.result(devices.pulled(rep, "d-1", new PullRequest(1, null, null, "2.0.0", "d-1"), early));
    Await.result(devices.pushed(rep, "d-1", 1, "2.0.0", early));
    Map<String, Object> seen =
        Await.result(devices.list(admin, null, null, late.plusSeconds(10), 10)).get(0);
    assertEquals(late.toString(), seen.get("lastPullAt"));
    assertEquals(late.toString(), seen.get("lastSyncAt"));
    assertEquals(10L, ((Number) seen.get("checkpointAgeSeconds")).longValue(), seen::toString);
    assertEquals(
        early.toString(), seen.get("lastPushAt"), "the first push is recorded, earlier or not");
    Await.result(devices.pushed(rep, "d-1", 1, "2.0.1", late.plusSeconds(5)));
    Map<String, Object> after =
        Await.result(devices.list(admin, null, null, late.plusSeconds(10), 10)).get(0);
    assertEquals(late.plusSeconds(5).toString(), after.get("lastPushAt"));
    assertEquals(late.plusSeconds(5).toString(), after.get("lastSyncAt"));
    assertEquals("2.0.1", after.get("appVersion"));
  }

  @Test
  void aPollingDeviceHasItsPullTimesWrittenAtMostOnceAnIntervalUnlessItsVersionsOrTeamsChange()
      throws Exception {
    DeviceStates devices = new DeviceStates(new SyncStores(store));
    Principal rep = new Principal(
        "t-" + System.nanoTime(), "u-1", Role.REP, "s-1", null, List.of("team-1"), List.of());
    Principal admin =
        new Principal(rep.tenantId(), "u-admin", Role.ADMIN, "s-2", null, List.of(), List.of());
    PullRequest v2 = new PullRequest(1, null, null, "2.0.0", "d-1");
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    Instant justBefore = t0.plus(DeviceStates.PULL_TIMES_EVERY).minusMillis(1);
    Await.result(devices.pulled(rep, "d-1", v2, t0));
    Await.result(devices.pulled(rep, "d-1", v2, t0.plusSeconds(1)));
    Await.result(devices.pulled(rep, "d-1", v2, justBefore));
    assertEquals(
        t0.toString(),
        seen(devices, admin, justBefore).get("lastPullAt"),
        "polls within the interval");
    assertEquals(0L, seen(devices, admin, t0).get("checkpointAgeSeconds"));

    Instant later = t0.plus(DeviceStates.PULL_TIMES_EVERY);
    Await.result(devices.pulled(rep, "d-1", v2, later));
    assertEquals(
        later.toString(), seen(devices, admin, later).get("lastPullAt"), "a poll an interval on");

    Instant upgraded = later.plusSeconds(1);
    Await.result(
        devices.pulled(rep, "d-1", new PullRequest(1, null, null, "2.1.0", "d-1"), upgraded));
    Map<String, Object> afterUpgrade = seen(devices, admin, upgraded);
    assertEquals("2.1.0", afterUpgrade.get("appVersion"), "a new app version is written at once");
    assertEquals(upgraded.toString(), afterUpgrade.get("lastPullAt"));

    Principal moved = new Principal(
        rep.tenantId(), rep.userId(), Role.REP, "s-1", null, List.of("team-2"), List.of());
    Instant teamChanged = upgraded.plusSeconds(1);
    Await.result(
        devices.pulled(moved, "d-1", new PullRequest(1, null, null, "2.1.0", "d-1"), teamChanged));
    assertEquals(
        teamChanged.toString(),
        seen(devices, admin, teamChanged).get("lastPullAt"),
        "new teams at once");

    Instant pushedAt = teamChanged.plusSeconds(1);
    Await.result(devices.pushed(moved, "d-1", 1, "2.1.0", pushedAt));
    Instant afterPush = pushedAt.plusSeconds(1);
    Await.result(
        devices.pulled(moved, "d-1", new PullRequest(1, null, null, "2.1.0", "d-1"), afterPush));
    assertEquals(
        afterPush.toString(),
        seen(devices, admin, afterPush).get("lastPullAt"),
        "the pull after a push");

    Principal other =
        new Principal(rep.tenantId(), "u-2", Role.REP, "s-3", null, List.of("team-1"), List.of());
    Await.result(devices.pulled(other, "d-1", v2, afterPush));
    assertEquals(
        2,
        Await.result(devices.list(admin, null, null, afterPush, 10)).size(),
        "devices are told apart by user");
  }

  private static Map<String, Object> seen(DeviceStates devices, Principal admin, Instant now)
      throws Exception {
    return Await.result(devices.list(admin, null, "u-1", now, 10)).get(0);
  }
}
