package com.fieldlead.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.impl.OpenAPIContractImpl;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.Map;

/**
 * The one class that uses vertx-openapi's internal packages ({@code io.vertx.openapi.validation.impl},
 * {@code io.vertx.openapi.contract.impl}); nothing else in fieldlead may import them.
 *
 * <p>Why it is needed: the public {@link io.vertx.openapi.validation.RequestValidator} of vertx-openapi 5.0 validates a
 * request only as a whole (parameters and body, by operation id) and always on a worker thread
 * ({@code executeBlocking}), one hop per request. {@link ContractValidator} validates small requests on the event loop
 * and checks a sync push's lead changes against an operation's body schema alone ({@code bodyErrors}); both need the
 * validator's separate parameter and body steps, which only {@link RequestValidatorImpl} offers (as public methods of
 * an internal class), and request values built outside an HTTP request, which only the {@code *Impl} records build.
 *
 * <p>And {@link #trustedContract}: {@link OpenAPIContract#from} checks the contract against the OpenAPI meta-schema
 * each time it is built, which on a cold JVM is about 0.7 s of CPU at every start (and C2 compiling the schema
 * validator), for a contract that is part of the jar. The build checks it instead ({@code OpenApiInternalsTest}); the
 * server only resolves it, with the same repository and the same resolution {@code from} uses.
 *
 * <p>What guards it: internal classes change without notice between releases. {@code OpenApiInternalsTest} runs every
 * member of this class and compares what it finds with the public validator's answer for the same requests (valid
 * and invalid parameters and bodies), so a vertx-openapi upgrade that renames, removes or changes any of them fails
 * that test (or the compile of this one class), not a request in production. When the public API gains synchronous
 * or body-only validation, this class should go.
 */
final class OpenApiInternals {

  private final RequestValidatorImpl validator;

  /** Steps of a validator of {@code contract} (whose schema repository decides how schemas are compiled). */
  OpenApiInternals(Vertx vertx, OpenAPIContract contract) {
    this.validator = new RequestValidatorImpl(vertx, contract);
  }

  /**
   * The contract {@link OpenAPIContract#from(Vertx, JsonObject)} builds from {@code unresolved}, without that method's
   * meta-schema check: only for the contract built into this jar, which a test checks. The repository, the $ref
   * resolution and the contract object are {@code from}'s own.
   */
  static Future<OpenAPIContract> trustedContract(Vertx vertx, JsonObject unresolved) {
    OpenAPIVersion version = OpenAPIVersion.fromContract(unresolved);
    return version
        .getRepository(vertx, "app://")
        .compose(repository -> version
            .resolve(vertx, repository, unresolved)
            .map(resolved -> new OpenAPIContractImpl(resolved, version, repository)));
  }

  /** Validates and converts one parameter's raw value, as the public validator does. */
  RequestParameter parameter(Parameter parameter, RequestParameter value)
      throws ValidatorException {
    return validator.validateParameter(parameter, value);
  }

  /** Validates and converts the request's body against {@code body} (an operation's request body; may be null). */
  RequestParameter body(RequestBody body, ValidatableRequest request) throws ValidatorException {
    return validator.validateBody(body, request);
  }

  /** A validated request of the given (already validated) parts. */
  static ValidatedRequest validated(
      Map<String, RequestParameter> cookies,
      Map<String, RequestParameter> headers,
      Map<String, RequestParameter> path,
      Map<String, RequestParameter> query,
      RequestParameter body) {
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  /** A request with only a JSON body (no parameters), for checking a body that arrived some other way. */
  static ValidatableRequest jsonBody(Buffer json) {
    return new ValidatableRequestImpl(
        Map.of(), Map.of(), Map.of(), Map.of(), new RequestParameterImpl(json), "application/json");
  }

  /** A request of the given raw parts, as the router's extractor would give them. */
  static ValidatableRequest request(
      Map<String, RequestParameter> cookies,
      Map<String, RequestParameter> headers,
      Map<String, RequestParameter> path,
      Map<String, RequestParameter> query,
      Buffer body,
      String contentType) {
    return new ValidatableRequestImpl(
        cookies, headers, path, query, new RequestParameterImpl(body), contentType);
  }

  /** A raw parameter value (a string as it came in the request; null when absent). */
  static RequestParameter raw(Object value) {
    return new RequestParameterImpl(value);
  }
}
