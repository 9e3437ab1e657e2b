package com.fieldlead.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.notify.FakeFcm;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing on, with spans kept in memory: a hot capture's request, its store commands and the FCM send that the outbox
 * worker makes later form one trace; a caller's traceparent is continued; what is recorded stays free of personal
 * data.
 */
class TracingEndToEndTest {

  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> COLLECTION =
      AttributeKey.stringKey("db.collection.name");
  private static final Set<String> STORE_ATTRIBUTES = Set.of(
      "db.system",
      "db.system.name",
      "db.namespace",
      "db.operation.name",
      "db.collection.name",
      "server.address",
      "server.port",
      "error.type");

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static FakeFcm fcm;
  private static TestServer server;

  @BeforeAll
  static void start() {
    fcm = FakeFcm.start();
    Map<ConfigKey, String> settings = new HashMap<>();
    settings.put(ConfigKey.FIELDLEAD_DEMO, "true");
    settings.put(ConfigKey.FIELDLEAD_FCM_BASE_URL, fcm.baseUrl());
    settings.put(ConfigKey.FIELDLEAD_FCM_PROJECT_ID, "demo-project");
    settings.put(ConfigKey.FIELDLEAD_PUSH_POLL_MS, "200");
    settings.put(ConfigKey.FIELDLEAD_REMINDER_SCAN_MS, "3600000");
    server = TestServer.start(settings, Clock.systemUTC(), Tracing.exportingTo(SPANS));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (fcm != null) {
      fcm.close();
    }
  }

  @BeforeEach
  void forgetEarlierSpans() {
    SPANS.reset();
  }

  @Test
  void aHotCaptureIsOneTraceFromTheRequestThroughItsStoreCommandsToTheFcmSend() {
    Api api = server.api();
    Session manager = AuthFixtures.login(api, "manager@demo.test", "demo-password");
    String managerToken = "manager-phone-" + UUID.randomUUID();
    registerPhone(api, manager, managerToken);
    Session booth = AuthFixtures.login(api, "booth@demo.test", "demo-password");
    String leadId = UUID.randomUUID().toString();
    Api.Response created = api.post("/v1/leads", hotLead(leadId), booth.accessToken());
    assertEquals(201, created.status(), created::toString);
    assertTrue(
        Await.until(() -> !fcm.receivedFor(managerToken).isEmpty(), 20_000),
        "the manager's phone got no push");

    SpanData request = awaitSpan(
        s -> s.getKind() == SpanKind.SERVER
            && "/v1/leads".equals(s.getAttributes().get(PATH))
            && "POST".equals(s.getAttributes().get(METHOD)),
        "the capture's HTTP server span");
    String trace = request.getTraceId();
    SpanData send = awaitSpan(
        s -> s.getName().equals("fcm send") && s.getTraceId().equals(trace),
        "the FCM send span in the capture's trace");
    assertEquals(SpanKind.CLIENT, send.getKind());
    assertEquals(
        request.getSpanId(), send.getParentSpanId(), "the send is a child of the request's span");
    assertEquals(
        "hot_lead",
        send.getAttributes().get(AttributeKey.stringKey("fieldlead.notification.kind")));

    List<SpanData> inTrace = SPANS.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(trace))
        .toList();
    List<SpanData> store = inTrace.stream()
        .filter(s -> "mongodb".equals(s.getAttributes().get(DB_SYSTEM)))
        .toList();
    assertTrue(
        store.stream().anyMatch(s -> "leads".equals(s.getAttributes().get(COLLECTION))),
        () -> "no command on the leads collection in the trace: " + names(store));
    Map<String, SpanData> byId =
        inTrace.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
    for (SpanData command : store) {
      assertEquals(SpanKind.CLIENT, command.getKind());
      assertTrue(
          descendsFrom(command, request, byId),
          () -> command.getName() + " does not descend from the request's span");
      command
          .getAttributes()
          .forEach((key, value) -> assertTrue(
              STORE_ATTRIBUTES.contains(key.getKey()),
              () -> "a store span records " + key.getKey() + "=" + value));
    }
    for (SpanData span : inTrace) {
      assertFalse(
          span.getAttributes().toString().contains("Hopper"),
          () -> span.getName() + " records the lead's name: " + span.getAttributes());
    }
  }

  @Test
  void aRequestWithATraceparentContinuesTheCallersTraceAndRecordsNoQueryString() {
    Api api = server.api();
    Session booth = AuthFixtures.login(api, "booth@demo.test", "demo-password");
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    Api.Response listed = api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v1/leads?q=grace.hopper%40example.com"))
            .GET(),
        booth.accessToken(),
        Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
    assertEquals(200, listed.status(), listed::toString);

    SpanData request = awaitSpan(
        s -> s.getKind() == SpanKind.SERVER
            && "/v1/leads".equals(s.getAttributes().get(PATH)),
        "the list's HTTP server span");
    assertEquals(traceId, request.getTraceId(), "the caller's trace is continued");
    assertEquals(callerSpan, request.getParentSpanId());
    assertFalse(
        request.getAttributes().toString().contains("grace"),
        () -> "the query string is recorded: " + request.getAttributes());
    assertTrue(
        SPANS.getFinishedSpanItems().stream()
            .anyMatch(s -> traceId.equals(s.getTraceId())
                && "mongodb".equals(s.getAttributes().get(DB_SYSTEM))),
        "the list's store commands are in the caller's trace");
  }

  @Test
  void healthProbesAreNotTraced() {
    Api.Response live = server.api().get("/health/live", null);
    assertEquals(200, live.status());
    Api.Response leads = server.api().get("/v1/leads", null);
    assertEquals(401, leads.status());
    awaitSpan(s -> "/v1/leads".equals(s.getAttributes().get(PATH)), "the refused request's span");
    assertTrue(SPANS.getFinishedSpanItems().stream()
        .noneMatch(s -> "/health/live".equals(s.getAttributes().get(PATH))));
  }

  private static Map<String, Object> hotLead(String leadId) {
    return Map.of(
        "id", leadId,
        "firstName", "Grace",
        "lastName", "Hopper",
        "company", "Navy Compilers",
        "email", "grace-" + leadId.substring(0, 6) + "@example.com",
        "source", "trade_show",
        "captureMethod", "badge_scan",
        "hotAtCapture", true);
  }

  private static void registerPhone(Api api, Session owner, String token) {
    Api.Response r = api.post(
        "/v1/devices",
        Map.of(
            "id",
            UUID.randomUUID().toString(),
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
  }

  private static SpanData awaitSpan(Predicate<SpanData> wanted, String what) {
    SpanData[] found = new SpanData[1];
    boolean seen = Await.until(
        () -> {
          found[0] =
              SPANS.getFinishedSpanItems().stream().filter(wanted).findFirst().orElse(null);
          return found[0] != null;
        },
        20_000);
    assertTrue(seen, () -> "no " + what + " among " + names(SPANS.getFinishedSpanItems()));
    assertNotNull(found[0]);
    return found[0];
  }

  private static boolean descendsFrom(
      SpanData span, SpanData ancestor, Map<String, SpanData> byId) {
    SpanData at = span;
    for (int depth = 0; at != null && depth < 50; depth++) {
      if (at.getParentSpanId().equals(ancestor.getSpanId())) {
        return true;
      }
      at = byId.get(at.getParentSpanId());
    }
    return false;
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream()
        .map(s -> s.getName() + "@" + s.getTraceId().substring(0, 6))
        .toList();
  }
}
