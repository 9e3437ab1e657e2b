package com.fieldlead.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The business metrics at /metrics move with what the server does. */
class BusinessMetricsTest {

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  private static TestServer server;
  private static Api api;
  private static Session rep;

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    Session admin = AuthFixtures.tenantWithAdmin(server, "Metrics tenant");
    rep = AuthFixtures.user(api, admin, "rep");
  }

  /** The value of the sample {@code name{labels}} in a scrape (0 when absent). */
  static double sample(String scrape, String name, String labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
    double sum = 0;
    while (m.find()) {
      boolean all = true;
      for (String l : labels.split(",")) {
        all &= l.isEmpty() || m.group(1).contains(l);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  static String scrape(Api api) {
    Api.Response r = api.get("/metrics", null);
    assertEquals(200, r.status());
    try {
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target/metrics-scrape.txt"), r.text());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return r.text();
  }

  @Test
  void aCaptureCountsUnderItsChannel() {
    String before = scrape(api);
    Map<String, Object> lead = new LinkedHashMap<>();
    lead.put("lastName", "Metric");
    lead.put("captureMethod", "badge_scan");
    assertEquals(201, api.post("/v1/leads", lead, rep.accessToken()).status());
    String after = scrape(api);
    String badge = "channel=\"badge_scan\"";
    assertEquals(
        sample(before, "fieldlead_captures_total", badge) + 1,
        sample(after, "fieldlead_captures_total", badge));
    assertTrue(
        after.contains("fieldlead_captures_total{channel=\"web_form\"} 0.0"),
        "known channels at 0");
  }

  @Test
  void syncPullLatencyHasHistogramBuckets() {
    Map<String, Object> pull = new LinkedHashMap<>();
    pull.put("protocolVersion", 1);
    pull.put("deviceId", "d-metrics");
    pull.put("appVersion", "2.4.0");
    assertEquals(200, api.post("/v1/sync/pull", pull, rep.accessToken()).status());
    String s = scrape(api);
    assertTrue(
        s.contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"POST\","
            + "route=\"/v1/sync/pull\",le=\"0.5\"}"),
        "pull latency buckets");
  }

  @Test
  void theOutboxGaugesReadThePendingNotificationsFromTheStore() {
    Await.onContext(server, () -> server.server().features().metrics().refresh());
    String s = scrape(api);
    assertTrue(
        s.contains("fieldlead_outbox_depth{outbox=\"notifications\"}"), "notification outbox");
    assertTrue(s.contains("fieldlead_outbox_depth{outbox=\"domain_events\"}"), "event outbox");
    assertTrue(s.contains("fieldlead_outbox_oldest_due_age_seconds{outbox=\"notifications\"}"));
    assertTrue(s.contains("fieldlead_push_sends_total{outcome=\"delivered\",sender=\"fcm\"}"));
    assertTrue(s.contains("fieldlead_domain_events_total{type=\"sla.breached\"}"));
  }
}
