package com.fieldlead.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fieldlead.problem.FieldError;
import com.fieldlead.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contract validation builds each schema's validator once and answers large and small bodies alike. */
class ContractValidatorTest {

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

  private static ValidatableRequest body(JsonObject json) {
    return OpenApiInternals.jsonBody(json.toBuffer());
  }

  @Test
  void aSchemaIsCompiledOnceNotOncePerRequest() throws Exception {
    ContractValidator validator = new ContractValidator(vertx, contract);
    Operation pull = contract.operation("syncPull");
    JsonObject json =
        new JsonObject().put("protocolVersion", 1).put("deviceId", "d-1").put("limit", 200);
    ValidatedRequest first = Await.result(validator.validate(body(json), pull, 60));
    int compiled = validator.compiledSchemas();
    assertEquals(1, compiled, "the pull body's schema");
    for (int i = 0; i < 50; i++) {
      ValidatedRequest again = Await.result(validator.validate(body(json), pull, 60));
      assertEquals(json, again.getBody().getJsonObject());
    }
    assertEquals(json, first.getBody().getJsonObject());
    assertEquals(compiled, validator.compiledSchemas(), "no new validator for the same schema");
  }

  @Test
  void aBodyTooLargeToValidateInlineFailsWithTheSameErrorAsASmallOne() throws Exception {
    ContractValidator validator = new ContractValidator(vertx, contract);
    Operation pull = contract.operation("syncPull");
    String longId = "d"
        .repeat(ContractValidator.INLINE_BODY_BYTES
            + 10); // over maxLength 128, and over the inline size
    JsonObject small = new JsonObject().put("protocolVersion", "one");
    JsonObject large = new JsonObject().put("protocolVersion", 1).put("deviceId", longId);
    Throwable smallError =
        validator.validate(body(small), pull, small.toBuffer().length()).cause();
    assertInstanceOf(ValidatorException.class, smallError, "a small body is answered at once");
    Future<ValidatedRequest> pending =
        validator.validate(body(large), pull, large.toBuffer().length());
    Throwable largeError = pending
        .toCompletionStage()
        .toCompletableFuture()
        .handle((v, e) -> e)
        .get(30, TimeUnit.SECONDS);
    if (largeError instanceof CompletionException wrapped) {
      largeError = wrapped.getCause();
    }
    assertInstanceOf(ValidatorException.class, largeError);
    assertEquals(List.of("/protocolVersion"), fields((ValidatorException) smallError));
    assertEquals(List.of("/deviceId"), fields((ValidatorException) largeError));
  }

  private static List<String> fields(ValidatorException e) {
    return Validation.toProblem(e).errors().stream()
        .map(FieldError::field)
        .distinct()
        .toList();
  }
}
