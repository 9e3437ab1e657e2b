package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIContractException;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard of {@link OpenApiInternals}, fieldlead's only use of vertx-openapi's internal classes: every member is run
 * here and its result compared with the public {@link RequestValidator}'s for the same request. A vertx-openapi
 * upgrade that changes those internals fails here (or in compiling that one class) before it reaches a request.
 */
class OpenApiInternalsTest {

  private static final String LEAD_ID = "0b9f3c1e-6a53-4d8e-9b8e-1f2a3b4c5d6e";

  private static Vertx vertx;
  private static OpenAPIContract contract;
  private static RequestValidator publicValidator;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    contract = ApiRouter.loadContract(vertx)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    publicValidator = RequestValidator.create(vertx, contract);
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  @Test
  void parametersAreConvertedAsThePublicValidatorConvertsThem() throws Exception {
    ValidatableRequest request = history(Map.of("beforeVersion", "3", "limit", "20"));
    ValidatedRequest inline = inline(request, "getLeadHistory");
    ValidatedRequest reference = await(publicValidator.validate(request, "getLeadHistory"));
    assertEquals(values(reference.getQuery()), values(inline.getQuery()));
    assertEquals(values(reference.getPathParameters()), values(inline.getPathParameters()));
    assertEquals(
        20, inline.getQuery().get("limit").getInteger(), "a number, not the text it came as");
    assertEquals(LEAD_ID, inline.getPathParameters().get("leadId").getString());
  }

  @Test
  void anInvalidParameterFailsWithThePublicValidatorsError() throws Exception {
    for (String limit : new String[] {"abc", "100000", "-1"}) {
      ValidatableRequest request = history(Map.of("limit", limit));
      ValidatorException inline = inlineFailure(request, "getLeadHistory");
      ValidatorException reference = failure(publicValidator.validate(request, "getLeadHistory"));
      assertEquals(reference.getClass(), inline.getClass(), limit);
      assertEquals(reference.getMessage(), inline.getMessage(), limit);
    }
  }

  @Test
  void aBodyIsValidatedAndReadAsThePublicValidatorDoes() throws Exception {
    JsonObject valid = new JsonObject().put("protocolVersion", 1).put("deviceId", "d-1");
    ValidatableRequest request = OpenApiInternals.jsonBody(valid.toBuffer());
    assertEquals(
        await(publicValidator.validate(request, "syncPull")).getBody().getJsonObject(),
        inline(request, "syncPull").getBody().getJsonObject());

    ValidatableRequest invalid =
        OpenApiInternals.jsonBody(new JsonObject().put("protocolVersion", "one").toBuffer());
    ValidatorException inline = inlineFailure(invalid, "syncPull");
    ValidatorException reference = failure(publicValidator.validate(invalid, "syncPull"));
    assertEquals(reference.getClass(), inline.getClass());
    assertEquals(reference.getMessage(), inline.getMessage());
    assertEquals(
        Validation.toProblem(reference).errors(), Validation.toProblem(inline).errors());
  }

  @Test
  void aBodyCheckedAloneFindsTheErrorsARequestWithItGets() throws Exception {
    JsonNode lead = Json.MAPPER.readTree("{\"email\": 7, \"unknownField\": true}");
    ContractValidator validator = new ContractValidator(vertx, contract);
    ValidatorException reference = failure(publicValidator.validate(
        OpenApiInternals.jsonBody(Buffer.buffer(Json.MAPPER.writeValueAsBytes(lead))),
        "createLead"));
    var errors = validator.bodyErrors("createLead", lead);
    assertFalse(errors.isEmpty());
    assertEquals(Validation.toProblem(reference).errors(), errors);
    assertTrue(validator
        .bodyErrors("createLead", Json.MAPPER.readTree("{\"firstName\": \"Ada\"}"))
        .isEmpty());
  }

  @Test
  void theBuiltInContractPassesTheMetaSchemaCheckTheServerSkipsAndResolvesToTheSameContract()
      throws Exception {
    JsonObject unresolved = await(ApiRouter.unresolvedContract(vertx));
    // the public path checks the contract against the OpenAPI 3.1 meta-schema and fails on a bad
    // one
    OpenAPIContract checked = await(OpenAPIContract.from(vertx, unresolved.copy()));
    assertEquals(checked.getRawContract(), contract.getRawContract(), "the same resolved contract");
    assertEquals(
        checked.operations().stream().map(o -> o.getOperationId()).sorted().toList(),
        contract.operations().stream().map(o -> o.getOperationId()).sorted().toList());
    JsonObject broken = unresolved.copy();
    broken.getJsonObject("info").remove("title");
    Throwable refused = OpenAPIContract.from(vertx, broken)
        .toCompletionStage()
        .toCompletableFuture()
        .handle((v, t) -> t)
        .join();
    assertInstanceOf(
        OpenAPIContractException.class,
        refused instanceof CompletionException wrapped ? wrapped.getCause() : refused,
        "a contract without info.title fails the check: " + refused);
  }

  @Test
  void noOtherClassUsesTheInternalPackage() throws Exception {
    Path main = Path.of("src/main/java");
    List<String> users;
    try (Stream<Path> files = Files.walk(main)) {
      users = files
          .filter(f -> f.toString().endsWith(".java") && !f.endsWith("OpenApiInternals.java"))
          .filter(f -> {
            try {
              String source = Files.readString(f);
              return source.contains("io.vertx.openapi.validation.impl")
                  || source.contains("io.vertx.openapi.contract.impl");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .map(Path::toString)
          .toList();
    }
    assertEquals(List.of(), users, "go through OpenApiInternals");
  }

  private static ValidatableRequest history(Map<String, String> query) {
    Map<String, RequestParameter> raw = new TreeMap<>();
    query.forEach((name, value) -> raw.put(name, OpenApiInternals.raw(value)));
    return OpenApiInternals.request(
        Map.of(), Map.of(), Map.of("leadId", OpenApiInternals.raw(LEAD_ID)), raw, null, null);
  }

  private static ValidatedRequest inline(ValidatableRequest request, String operationId)
      throws Exception {
    return await(new ContractValidator(vertx, contract)
        .validate(request, contract.operation(operationId), 0));
  }

  private static ValidatorException inlineFailure(ValidatableRequest request, String operationId) {
    return failure(new ContractValidator(vertx, contract)
        .validate(request, contract.operation(operationId), 0));
  }

  private static Map<String, Object> values(Map<String, RequestParameter> parameters) {
    Map<String, Object> out = new TreeMap<>();
    parameters.forEach((name, p) -> out.put(name, p == null ? null : p.get()));
    return out;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static ValidatorException failure(Future<?> f) {
    Throwable e =
        f.toCompletionStage().toCompletableFuture().handle((v, t) -> t).join();
    if (e instanceof CompletionException wrapped) {
      e = wrapped.getCause();
    }
    return assertInstanceOf(ValidatorException.class, e, String.valueOf(e));
  }
}
