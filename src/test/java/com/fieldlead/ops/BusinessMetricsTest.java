package com.fieldlead.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  private static Map<String, Object> create(Map<String, Object> changes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clientMutationId", UUID.randomUUID().toString());
    m.put("entityType", "lead");
    m.put("entityId", UUID.randomUUID().toString());
    m.put("op", "create");
    m.put("changes", changes);
    return m;
  }

  @Test
  void aPushedMutationCountsUnderItsResult() {
    String before = scrape(api);
    Api.Response r = api.post(
        "/v1/sync/push",
        Map.of(
            "protocolVersion",
            1,
            "deviceId",
            "d-metrics-results",
            "mutations",
            List.of(
                create(Map.of("lastName", "Pushed")),
                create(Map.of("lastName", "Broken", "email", "not an address")))),
        rep.accessToken());
    assertEquals(200, r.status(), r::toString);
    JsonNode results = r.json().get("results");
    assertEquals("applied", results.get(0).get("result").asText(), r::toString);
    assertEquals("rejected", results.get(1).get("result").asText(), r::toString);
    String after = scrape(api);
    for (String result : List.of("applied", "rejected")) {
      String label = "result=\"" + result + "\"";
      assertEquals(
          sample(before, "fieldlead_sync_mutations_total", label) + 1,
          sample(after, "fieldlead_sync_mutations_total", label),
          result);
    }
    assertTrue(
        after.contains("fieldlead_sync_mutations_total{result=\"in_progress\"}"),
        "every result is known from the start");
  }

  private static double devices(String band) {
    Await.onContext(server, () -> server.server().features().metrics().refresh());
    return sample(scrape(api), "fieldlead_sync_devices", "last_sync=\"" + band + "\"");
  }

  @Test
  void aPhoneCountsUnderHowLongAgoItLastSynced() {
    double recent = devices("under_1h");
    double days = devices("1d_to_7d");
    String device = "d-metrics-" + UUID.randomUUID();
    Map<String, Object> pull = new LinkedHashMap<>();
    pull.put("protocolVersion", 1);
    pull.put("deviceId", device);
    pull.put("appVersion", "2.4.0");
    assertEquals(200, api.post("/v1/sync/pull", pull, rep.accessToken()).status());
    // the device record is written beside the answer
    assertTrue(
        Await.until(() -> devices("under_1h") == recent + 1, 10_000), "the phone counts as recent");
    Await.onContext(
            server,
            () -> MongoFutures.one(server
                .server()
                .store()
                .collection("sync_devices")
                .updateOne(
                    Filters.eq("deviceId", device),
                    Updates.set("lastSyncAt", Date.from(Instant.now().minus(Duration.ofDays(3)))))))
        .getModifiedCount();
    assertEquals(recent, devices("under_1h"));
    assertEquals(days + 1, devices("1d_to_7d"));
  }

  @Test
  void theWebhookBacklogHasItsOutboxGauges() {
    Await.onContext(server, () -> server.server().features().metrics().refresh());
    String s = scrape(api);
    assertTrue(s.contains("fieldlead_outbox_depth{outbox=\"webhook_deliveries\"}"), s);
    assertTrue(
        s.contains("fieldlead_outbox_oldest_due_age_seconds{outbox=\"webhook_deliveries\"}"));
  }
}
