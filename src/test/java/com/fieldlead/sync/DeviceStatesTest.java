package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.protocol.PullRequest;
import com.fieldlead.testing.InMemoryStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    Principal rep = new Principal("t-" + System.nanoTime(), "u-1", Role.REP, "s-1", null, List.of("team-1"), List.of());
    Principal admin = new Principal(rep.tenantId(), "u-admin", Role.ADMIN, "s-2", null, List.of(), List.of());
    Instant early = Instant.parse("2026-11-23T10:00:00Z");
    Instant late = early.plusSeconds(30);
    await(devices.pulled(rep, "d-1", new PullRequest(1, null, null, "2.0.0", "d-1"), late));
    await(devices.pulled(rep, "d-1", new PullRequest(1, null, null, "2.0.0", "d-1"), early));
    await(devices.pushed(rep, "d-1", 1, "2.0.0", early));
    Map<String, Object> seen = await(devices.list(admin, null, null, late.plusSeconds(10), 10)).get(0);
    assertEquals(late.toString(), seen.get("lastPullAt"));
    assertEquals(late.toString(), seen.get("lastSyncAt"));
    assertEquals(10L, ((Number) seen.get("checkpointAgeSeconds")).longValue(), seen::toString);
    assertEquals(early.toString(), seen.get("lastPushAt"), "the first push is recorded, earlier or not");
    await(devices.pushed(rep, "d-1", 1, "2.0.1", late.plusSeconds(5)));
    Map<String, Object> after = await(devices.list(admin, null, null, late.plusSeconds(10), 10)).get(0);
    assertEquals(late.plusSeconds(5).toString(), after.get("lastPushAt"));
    assertEquals(late.plusSeconds(5).toString(), after.get("lastSyncAt"));
    assertEquals("2.0.1", after.get("appVersion"));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
