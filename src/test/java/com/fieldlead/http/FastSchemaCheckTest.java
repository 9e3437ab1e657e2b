package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled check in front of Vert.x's schema validator never accepts what Vert.x rejects: over every JSON request
 * body of the contract and a set of valid and broken lead captures, a body the fast check passes is one Vert.x passes
 * too (otherwise bad input would get through), and the two agree on the lead's bodies.
 */
class FastSchemaCheckTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    contract = ApiRouter.loadContract(vertx)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  private static JsonObject capture() {
    return new JsonObject()
        .put("id", "0b7a6f0e-9d3c-4a51-8f1e-2f4d6c8b0a11")
        .put("firstName", "Jonas")
        .put("lastName", "Müller")
        .put("email", "jonas@nordwind.example")
        .put("phone", "+49 170 1234567")
        .put("company", "Nordwind Logistik GmbH")
        .put("eventId", "demo-expo")
        .put("captureMethod", "badge_scan")
        .put("capturedAt", "2026-12-07T04:35:39Z")
        .put("bant", new JsonObject().put("budget", "approved").put("need", "high"))
        .put("tags", new JsonArray().add("expo-2026"));
  }

  private static JsonSchema bodySchema(String operationId) {
    Operation op = contract.operation(operationId);
    MediaType json = op.getRequestBody().getContent().get("application/json");
    return json.getSchema();
  }

  @Test
  void theLeadCaptureIsJudgedAlikeByBoth() {
    SchemaRepository repository = contract.getSchemaRepository();
    JsonSchema schema = bodySchema("createLead");
    Validator checked = FastSchemaCheck.of(repository, schema);
    FastSchemaCheck fast =
        assertInstanceOf(FastSchemaCheck.class, checked, "the lead's schema compiles");
    Validator vertxOnly = repository.validator(schema);

    List<JsonObject> broken = List.of(
        capture().put("email", "not an address"),
        capture().put("capturedAt", "yesterday"),
        capture().put("id", 12),
        capture().put("tags", "expo"),
        capture().put("bant", new JsonObject().put("budget", "lots")),
        capture().put("noSuchField", true),
        capture().put("firstName", ""));
    assertEquals(List.of(), fast.fastErrors(capture()), "a good capture passes the fast check");
    assertTrue(vertxOnly.validate(capture()).getValid());
    assertTrue(checked.validate(capture()).getValid());
    for (JsonObject bad : broken) {
      boolean vertxSays = vertxOnly.validate(bad).getValid();
      assertEquals(vertxSays, fast.fastVerdict(bad), "same verdict on " + bad.encode());
      assertEquals(
          vertxSays, checked.validate(bad).getValid(), "the answer is Vert.x's on " + bad.encode());
    }
  }

  @Test
  void noBodyOfTheContractPassesTheFastCheckThatVertxRejects() {
    SchemaRepository repository = contract.getSchemaRepository();
    List<Object> instances = List.of(
        new JsonObject(),
        new JsonObject().put("id", "x"),
        new JsonObject().put("unexpected", List.of(1, 2)),
        new JsonArray(),
        capture());
    List<String> compiled = new ArrayList<>();
    List<String> unsafe = new ArrayList<>();
    for (Operation op : contract.operations()) {
      if (op.getRequestBody() == null
          || op.getRequestBody().getContent().get("application/json") == null) {
        continue;
      }
      JsonSchema schema =
          op.getRequestBody().getContent().get("application/json").getSchema();
      if (!(FastSchemaCheck.of(repository, schema) instanceof FastSchemaCheck fast)) {
        continue;
      }
      compiled.add(op.getOperationId());
      Validator vertxOnly = repository.validator(schema);
      for (Object instance : instances) {
        if (fast.fastVerdict(instance) && !vertxOnly.validate(instance).getValid()) {
          unsafe.add(op.getOperationId() + ": " + instance);
        }
      }
    }
    assertTrue(compiled.size() > 20, "most bodies get the fast check: " + compiled);
    assertEquals(List.of(), unsafe, "bodies the fast check would let through");
    assertFalse(compiled.isEmpty());
  }
}
