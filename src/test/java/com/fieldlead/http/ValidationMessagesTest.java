package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 400 VALIDATION_FAILED names the field that is wrong and what it accepts, once per field. */
class ValidationMessagesTest {

  private static TestServer server;
  private static Api api;
  private static String token;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.demo();

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
    token = api.post(
            "/v1/auth/login", Map.of("email", "admin@demo.test", "password", "demo-password"), null)
        .json()
        .path("accessToken")
        .asText();
  }

  private static List<JsonNode> errors(Api.Response r) {
    assertEquals(400, r.status(), r::toString);
    assertEquals("VALIDATION_FAILED", r.code(), r::toString);
    List<JsonNode> out = new ArrayList<>();
    r.json().path("errors").forEach(out::add);
    assertFalse(out.isEmpty(), r::toString);
    assertEquals(out.size(), new HashSet<>(out).size(), () -> "errors[] repeats an entry: " + r);
    return out;
  }

  @Test
  void aBadEnumValueInsideBantNamesTheFieldAndTheAllowedValuesOnce() {
    Api.Response r = api.post(
        "/v1/leads",
        Map.of("lastName", "Enum", "company", "Co", "bant", Map.of("budget", "huge")),
        token);
    List<JsonNode> errors = errors(r);
    assertEquals(1, errors.size(), r::toString);
    JsonNode e = errors.get(0);
    assertEquals("/bant/budget", e.path("field").asText(), r::toString);
    assertEquals("enum", e.path("code").asText(), r::toString);
    String message = e.path("message").asText();
    for (String allowed : List.of("unknown", "none", "planned", "approved")) {
      assertTrue(message.contains(allowed), message);
    }
    assertFalse(r.text().contains("additional properties schema"), r::toString);
    assertTrue(r.json().path("detail").asText().contains("/bant/budget"), r::toString);
  }

  @Test
  void anUnknownPropertyIsNamedAsUnknown() {
    Api.Response r = api.post(
        "/v1/leads",
        Map.of("lastName", "Enum", "company", "Co", "bant", Map.of("budgett", "planned")),
        token);
    List<JsonNode> errors = errors(r);
    assertEquals(1, errors.size(), r::toString);
    assertEquals("/bant/budgett", errors.get(0).path("field").asText(), r::toString);
    assertTrue(errors.get(0).path("message").asText().contains("budgett"), r::toString);
  }

  @Test
  void twoBadFieldsAreTwoErrors() {
    Api.Response r = api.post(
        "/v1/leads",
        Map.of(
            "lastName",
            "Enum",
            "company",
            "Co",
            "bant",
            Map.of("budget", "huge", "need", "urgent")),
        token);
    List<JsonNode> errors = errors(r);
    List<String> fields =
        errors.stream().map(e -> e.path("field").asText()).sorted().toList();
    assertEquals(List.of("/bant/budget", "/bant/need"), fields, r::toString);
  }
}
