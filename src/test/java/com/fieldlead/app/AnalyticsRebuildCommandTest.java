package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code fieldlead analytics-rebuild --tenant ID}, run beside a server through its store's address. */
class AnalyticsRebuildCommandTest {

  @Test
  void theCommandRebuildsOneTenantsRollupsAndSaysWhatItDid() throws Exception {
    try (TestServer running = TestServer.start()) {
      Api api = running.api();
      Session admin = AuthFixtures.tenantWithAdmin(running, "Rebuild Co");
      for (String name : new String[] {"Ada", "Grace"}) {
        Api.Response r = api.post(
            "/v1/leads", Map.of("lastName", name, "source", "referral"), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
      }
      Map<ConfigKey, String> shared = new EnumMap<>(ConfigKey.class);
      shared.put(ConfigKey.MONGODB_URI, running.server().storeConnectionString());
      var beside = ConfigLoader.load(new HashMap<>(), shared);

      PrintStream stdout = System.out;
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int status;
      try {
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        status = Commands.analyticsRebuild(beside, Map.of("tenant", admin.tenantId()));
      } finally {
        System.setOut(stdout);
      }
      String out = printed.toString(StandardCharsets.UTF_8);
      assertEquals(0, status, out);
      // both captured today, in the tenant's zone (UTC): one day, unless the test straddles
      // midnight
      assertTrue(
          Pattern.compile("analytics of tenant "
                  + Pattern.quote(admin.tenantId())
                  + " rebuilt: [12] days, 2 leads in \\d+ ms")
              .matcher(out)
              .find(),
          out);

      Api.Response conversion = api.get("/v1/analytics/conversion", admin.accessToken());
      assertEquals(200, conversion.status(), conversion::toString);
      assertEquals(2, conversion.json().get("total").get("captured").asInt(), conversion::text);
    }
  }

  @Test
  void theCommandWithoutATenantIsRefusedSayingWhatIsMissing() throws Exception {
    var config = ConfigLoader.load(new HashMap<>(), new EnumMap<>(ConfigKey.class));
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> Commands.analyticsRebuild(config, Map.of()));
    assertTrue(e.getMessage().startsWith("--tenant is required"), e.getMessage());
  }
}
