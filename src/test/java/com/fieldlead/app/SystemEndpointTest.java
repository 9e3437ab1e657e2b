package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SystemEndpointTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  @Test
  void livenessAnswersUp() {
    Api.Response r = api.get("/health/live", null);
    assertEquals(200, r.status(), r.text());
    assertEquals("UP", r.json().path("status").asText());
  }

  @Test
  void readinessIsUpOnlyWhenMongoAnswersAndIndexesExist() {
    Api.Response r = api.get("/health/ready", null);
    assertEquals(200, r.status(), r.text());
    assertTrue(r.text().contains("mongodb"), r.text());
    assertTrue(r.text().contains("indexes"), r.text());
  }

  @Test
  void readinessTurnsDownWhenMongoStopsAnswering() {
    try (TestServer other = TestServer.start()) {
      assertEquals(200, other.api().get("/health/ready", null).status());
      other.server().store().close();
      Api.Response r = other.api().get("/health/ready", null);
      assertEquals(503, r.status(), r.text());
      assertEquals("DOWN", r.json().path("status").asText());
    }
  }

  @Test
  void metricsAreInPrometheusFormatWithHttpRouteJvmAndMongoPool() {
    api.get("/health/live", null);
    Api.Response r = api.get("/metrics", null);
    assertEquals(200, r.status());
    assertTrue(r.header("content-type").startsWith("text/plain"), r.header("content-type"));
    String text = r.text();
    assertTrue(text.contains("vertx_http_server_response_time_seconds"), "http timings");
    assertTrue(text.contains("route=\"/health/live\""), "timings by route");
    assertTrue(text.contains("jvm_memory_used_bytes"), "jvm");
    assertTrue(text.contains("mongodb_driver_pool_size"), "mongo pool");
  }

  @Test
  void theEmbeddedStoresCpuPerCommandAndCollectionIsAMetric() {
    Matcher find = Pattern.compile(
            "(?m)^fieldlead_store_command_cpu_seconds_total\\{collection=\"migrations\",command=\"find\"[^}]*} ([0-9.Ee+-]+)$")
        .matcher(api.get("/metrics", null).text());
    assertTrue(find.find(), "the start's reads of migrations are counted");
    assertTrue(Double.parseDouble(find.group(1)) > 0, "with the CPU time they took");
  }

  @Test
  void contractIsServedAsYaml() {
    Api.Response r = api.get("/openapi.yaml", null);
    assertEquals(200, r.status());
    assertTrue(r.text().startsWith("openapi: 3.1"), r.text().substring(0, 40));
  }

  @Test
  void docsPageLoadsSwaggerUiFromTheServerItself() {
    Api.Response page = api.get("/docs", null);
    assertEquals(200, page.status());
    assertTrue(page.text().contains("/docs/assets/swagger-ui-bundle.js"));
    assertTrue(!page.text().contains("https://"), "no CDN");
    Api.Response js = api.get("/docs/assets/swagger-ui-bundle.js", null);
    assertEquals(200, js.status());
    assertTrue(js.text().length() > 100_000);
    assertEquals(404, api.get("/docs/assets/nope.js", null).status());
  }

  @Test
  void everyResponseCarriesARequestIdAndAnIncomingSaneOneIsKept() {
    Api.Response r = api.get("/health/live", null);
    assertNotNull(r.header("x-request-id"));
    Api.Response kept = api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/health/live")),
        null,
        Map.of("X-Request-Id", "phone-abc-12345"));
    assertEquals("phone-abc-12345", kept.header("x-request-id"));
  }

  @Test
  void unknownRouteIsProblem404() {
    Api.Response r = api.get("/v1/nothing-here", null);
    assertEquals(404, r.status());
    assertEquals("application/problem+json", r.header("content-type"));
    assertEquals("ROUTE_NOT_FOUND", r.code());
    assertNotNull(r.json().path("requestId").asText(null));
  }

  @Test
  void wrongMethodIsProblem405() {
    Api.Response r = api.delete("/health/live", null);
    assertEquals(405, r.status(), r.text());
    assertEquals("METHOD_NOT_ALLOWED", r.code());
  }
}
