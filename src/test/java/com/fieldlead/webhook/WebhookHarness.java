package com.fieldlead.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test helpers: settings that let deliveries reach a local receiver, subscriptions, events, the README recipe. */
final class WebhookHarness {

  private WebhookHarness() {}

  /** Local http receivers allowed; the worker polls every {@code pollMs}. */
  static Map<ConfigKey, String> local(String pollMs) {
    return Map.of(
        ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_HTTP, "true",
        ConfigKey.FIELDLEAD_WEBHOOK_ALLOW_PRIVATE_ADDRESSES, "true",
        ConfigKey.FIELDLEAD_WEBHOOK_POLL_MS, pollMs,
        ConfigKey.FIELDLEAD_WEBHOOK_RETRY_BASE_MS, "1000",
        ConfigKey.FIELDLEAD_WEBHOOK_DISABLE_AFTER, "PT1M");
  }

  /** Creates a subscription; answers {@code [id, secret]}. */
  static String[] subscribe(Api api, Session admin, String url, List<String> events) {
    Api.Response r =
        api.post("/v1/webhooks", Map.of("url", url, "events", events), admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    return new String[] {
      r.json().path("subscription").path("id").asText(), r.json().path("secret").asText()
    };
  }

  /** Writes a domain event straight into the event log, as the relay would. */
  static DomainEvent event(TestServer server, String tenantId, String type, String leadId) {
    DomainEvent e = new DomainEvent(
        UUID.randomUUID().toString(),
        tenantId,
        type,
        leadId,
        Map.of("score", 90),
        Instant.now(),
        null);
    Await.onContext(server, () -> server.server().features().eventLog().append(e, Instant.now()));
    return e;
  }

  static List<JsonNode> deliveries(Api api, Session admin, String subscriptionId) {
    Api.Response r = api.get("/v1/webhooks/" + subscriptionId + "/deliveries", admin.accessToken());
    assertEquals(200, r.status(), r::toString);
    List<JsonNode> out = new ArrayList<>();
    r.json().path("items").forEach(out::add);
    return out;
  }

  /**
   * The verification recipe of README "Outgoing webhooks", written from the README alone: split the header at
   * commas into key=value pairs; t is the timestamp, every v1 a candidate; compute hex(HMAC-SHA256(secret as UTF-8,
   * t + "." + raw body)); accept when it equals any v1 (constant-time) and t is within 5 minutes of now.
   */
  static boolean verifies(String header, byte[] rawBody, String secret, long nowEpochSecond)
      throws Exception {
    Map<String, List<String>> parts = new HashMap<>();
    for (String item : header.split(",")) {
      String[] kv = item.split("=", 2);
      parts.computeIfAbsent(kv[0].trim(), k -> new ArrayList<>()).add(kv[1].trim());
    }
    String t = parts.get("t").get(0);
    if (Math.abs(nowEpochSecond - Long.parseLong(t)) > 300) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected =
        HexFormat.of().formatHex(mac.doFinal(rawBody)).getBytes(StandardCharsets.UTF_8);
    for (String v1 : parts.getOrDefault("v1", List.of())) {
      if (MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }
}
