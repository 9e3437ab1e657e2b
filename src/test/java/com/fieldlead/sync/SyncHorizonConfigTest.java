package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tombstone horizon is FIELDLEAD_SYNC_TOMBSTONE_HORIZON: a short one forces a re-baseline by age. */
class SyncHorizonConfigTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-07-01T08:00:00Z"));
  static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER =
      TestServerExtension.start(Map.of(ConfigKey.FIELDLEAD_SYNC_TOMBSTONE_HORIZON, "PT10M"), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void aCheckpointOlderThanTheConfiguredHorizonGetsARebaselineAndAYoungerOneADelta() {
    SyncFixture f = SyncFixture.create(server, "Short horizon");
    f.leadOwnedBy(f.rep1());
    String checkpoint = f.pullAll(f.rep1(), "d-short", null).checkpoint();

    CLOCK.advance(Duration.ofMinutes(9));
    Session rep = AuthFixtures.login(f.api(), f.rep1().email(), AuthFixtures.PASSWORD);
    Api.Response young = f.pull(rep, "d-short", checkpoint, null);
    assertEquals(200, young.status(), young::toString);
    assertEquals("delta", young.json().get("mode").asText(), young::toString);
    assertEquals(false, young.json().has("code"), young::toString);

    CLOCK.advance(Duration.ofMinutes(2));
    Api.Response old = f.pull(rep, "d-short", checkpoint, null);
    assertEquals(200, old.status(), old::toString);
    assertEquals("rebaseline", old.json().get("mode").asText(), old::toString);
    assertEquals("REBASELINE_REQUIRED", old.json().path("code").asText(), old::toString);
  }
}
