package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input of every kind gets the right problem+json, never a 500, and changes nothing. */
class HttpErrorsTest {

  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(ConfigKey.FIELDLEAD_DEMO, "true", ConfigKey.FIELDLEAD_HTTP_BODY_LIMIT_BYTES, "4096"),
      Clock.systemUTC());

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  private static void assertProblem(Api.Response r, int status, String code) {
    assertEquals(status, r.status(), r.text());
    assertEquals("application/problem+json", r.header("content-type"), r.text());
    JsonNode body = r.json();
    assertEquals(code, body.path("code").asText(), r.text());
    assertEquals(status, body.path("status").asInt());
    assertTrue(body.path("type").asText().startsWith("urn:fieldlead:problem:"), r.text());
    assertFalse(body.path("title").asText().isEmpty());
    assertEquals(r.header("x-request-id"), body.path("requestId").asText());
  }

  @Test
  void malformedJsonIs400WithLineAndColumn() {
    Api.Response r = api.post("/v1/auth/login", "{\"email\": \"rep1@demo.test\", ", null);
    assertProblem(r, 400, "MALFORMED_JSON");
    assertTrue(r.json().path("detail").asText().contains("line 1"), r.text());
  }

  @Test
  void wrongTypeIs400NamingTheField() {
    Api.Response r = api.post("/v1/auth/login", Map.of("email", 42, "password", "x"), null);
    assertProblem(r, 400, "VALIDATION_FAILED");
    assertTrue(r.text().contains("/email"), r.text());
  }

  @Test
  void missingRequiredFieldIs400NamingIt() {
    Api.Response r = api.post("/v1/auth/login", Map.of("email", "rep1@demo.test"), null);
    assertProblem(r, 400, "VALIDATION_FAILED");
    assertTrue(r.text().contains("password"), r.text());
  }

  @Test
  void unknownFieldIs400NamingIt() {
    Api.Response r = api.post(
        "/v1/auth/login",
        Map.of("email", "rep1@demo.test", "password", "demo-password", "remember", true),
        null);
    assertProblem(r, 400, "VALIDATION_FAILED");
    assertTrue(r.text().contains("remember"), r.text());
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big = "{\"email\":\"" + "a".repeat(8000) + "@x.test\",\"password\":\"p\"}";
    assertProblem(api.post("/v1/auth/login", big, null), 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void wrongContentTypeIs415() {
    Api.Response r = api.send(
        "POST",
        "/v1/auth/login",
        "email=rep1@demo.test",
        null,
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void missingTokenIs401() {
    assertProblem(api.get("/v1/me", null), 401, "UNAUTHENTICATED");
  }

  @Test
  void garbageTokenIs401Invalid() {
    assertProblem(api.get("/v1/me", "not-a-jwt"), 401, "TOKEN_INVALID");
  }

  @Test
  void forgedTokenSignedWithAnotherKeyIs401Invalid() {
    String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload =
        b64("{\"sub\":\"x\",\"tid\":\"y\",\"sid\":\"z\",\"role\":\"admin\",\"iss\":\"fieldlead\","
            + "\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}");
    String forged = header + "." + payload + "." + b64("not-the-signature");
    assertProblem(api.get("/v1/me", forged), 401, "TOKEN_INVALID");
  }

  @Test
  void unsignedAlgNoneTokenIs401Invalid() {
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload =
        b64("{\"sub\":\"x\",\"tid\":\"y\",\"sid\":\"z\",\"role\":\"admin\",\"iss\":\"fieldlead\","
            + "\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}");
    assertProblem(api.get("/v1/me", header + "." + payload + "."), 401, "TOKEN_INVALID");
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405EvenUnderV1() {
    assertProblem(api.get("/v1/nope", null), 404, "ROUTE_NOT_FOUND");
    assertProblem(
        api.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/v1/auth/login")).GET(),
            null,
            Map.of()),
        405,
        "METHOD_NOT_ALLOWED");
  }

  @Test
  void emptyBodyWhereOneIsRequiredIs400() {
    Api.Response r = api.post("/v1/auth/login", "", null);
    assertEquals(400, r.status(), r.text());
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
