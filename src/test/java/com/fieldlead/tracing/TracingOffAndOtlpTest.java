package com.fieldlead.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.events.EventLog;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Tracing off by default (no SDK, no Vert.x tracer, no trace context stored), and on with an OTLP endpoint: spans
 * reach a collector over OTLP/HTTP.
 */
class TracingOffAndOtlpTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void withoutAnEndpointNoTracerRunsAndNoTraceContextIsStoredEvenWhenTheCallerSendsOne() {
    assertNull(Tracing.start(FieldleadConfig.Tracing.off()), "no SDK without an endpoint");
    try (TestServer server =
        TestServer.start(Map.of(ConfigKey.FIELDLEAD_DEMO, "true"), Clock.systemUTC())) {
      assertNull(
          ((VertxInternal) server.server().vertx()).tracer(), "Vert.x runs without a tracer");
      Api api = server.api();
      Session booth = AuthFixtures.login(api, "booth@demo.test", "demo-password");
      String leadId = UUID.randomUUID().toString();
      Api.Response created = api.send(
          "POST",
          "/v1/leads",
          Map.of(
              "id", leadId,
              "firstName", "Ada",
              "lastName", "Lovelace",
              "source", "trade_show",
              "hotAtCapture", true),
          booth.accessToken(),
          Map.of("traceparent", TRACEPARENT));
      assertEquals(201, created.status(), created::toString);
      List<Document> events = Await.onContext(
          server,
          () -> MongoFutures.list(server
              .server()
              .store()
              .collection(EventLog.COLLECTION)
              .find(new Document("leadId", leadId))));
      assertFalse(events.isEmpty(), "the hot capture wrote its event");
      events.forEach(e -> assertFalse(e.containsKey("traceparent"), e::toJson));
    }
  }

  @Test
  void withAnEndpointSpansAreSentToTheCollectorOverOtlpHttp() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<String> received = new CopyOnWriteArrayList<>();
    try {
      HttpServer collector = vertx
          .createHttpServer()
          .requestHandler(req -> {
            if (req.method().name().equals("POST") && req.path().equals("/v1/traces")) {
              req.body().onSuccess(body -> {
                received.add(req.getHeader("Content-Type") + " " + latin1(body));
                req.response()
                    .putHeader("Content-Type", "application/x-protobuf")
                    .end();
              });
            } else {
              req.response().setStatusCode(404).end();
            }
          })
          .listen(0, "127.0.0.1")
          .await();
      String endpoint = "http://127.0.0.1:" + collector.actualPort() + "/v1/traces";
      try (TestServer server = TestServer.start(
          Map.of(
              ConfigKey.FIELDLEAD_TRACING_OTLP_ENDPOINT,
              endpoint,
              ConfigKey.FIELDLEAD_TRACING_SERVICE_NAME,
              "fieldlead-otlp-test"),
          Clock.systemUTC())) {
        Session admin = AuthFixtures.tenantWithAdmin(server, "Otlp Inc");
        Api.Response leads = server.api().get("/v1/leads", admin.accessToken());
        assertEquals(200, leads.status(), leads::toString);
      } // stopping flushes the batch
      assertTrue(
          Await.until(() -> !received.isEmpty(), 10_000), "the collector got no OTLP request");
      String first = received.get(0);
      assertTrue(first.startsWith("application/x-protobuf "), first);
      assertTrue(
          received.stream().anyMatch(r -> r.contains("fieldlead-otlp-test")),
          "the spans carry the configured service name");
      assertTrue(
          received.stream().anyMatch(r -> r.contains("/v1/leads")),
          "the request's span was exported");
    } finally {
      vertx.close().await();
    }
  }

  private static String latin1(Buffer body) {
    return new String(body.getBytes(), StandardCharsets.ISO_8859_1);
  }
}
