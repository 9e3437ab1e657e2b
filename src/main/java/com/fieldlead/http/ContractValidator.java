package com.fieldlead.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.json.Json;
import com.fieldlead.problem.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request validation against the contract, with each schema compiled once. Vert.x 5.0's validator builds a new schema
 * validator for every request body and every parameter, and each one copies the lookup table of every schema in the
 * contract: on a small request that copy cost more than the request's own work. Here a schema's validator is built
 * the first time it is needed and kept (a validator holds no per-call state). Small requests are validated on the
 * event loop, large bodies on a worker (unordered), so a 1 MB push never holds an event loop. The validator's steps
 * come from {@link OpenApiInternals}, the one class that touches vertx-openapi's internals (its javadoc says why).
 */
final class ContractValidator {

  /** Bodies up to this size are validated on the calling thread. */
  static final int INLINE_BODY_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final CachedValidators schemas;
  private final OpenApiInternals steps;

  ContractValidator(Vertx vertx, OpenAPIContract contract) {
    this(vertx, new CompiledOnce(contract));
  }

  private ContractValidator(Vertx vertx, CompiledOnce contract) {
    this.vertx = vertx;
    this.contract = contract;
    this.schemas = contract.schemas;
    this.steps = new OpenApiInternals(vertx, contract);
  }

  /** How many schema validators have been built so far. */
  int compiledSchemas() {
    return schemas.validators.size();
  }

  /** Validates parameters and body; small bodies at once, large ones on a worker thread. */
  Future<ValidatedRequest> validate(
      ValidatableRequest request, Operation operation, int bodyBytes) {
    if (bodyBytes <= INLINE_BODY_BYTES) {
      try {
        return Future.succeededFuture(validateNow(request, operation));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(() -> validateNow(request, operation), false);
  }

  /**
   * The field errors an operation's JSON request body validation finds in {@code body}, empty when it passes: the very
   * check (and the same errors) a request to that operation gets, for a body that arrived some other way (a sync
   * push's lead changes).
   */
  List<FieldError> bodyErrors(String operationId, JsonNode body) {
    Operation operation = contract.operation(operationId);
    MediaType media = operation.getRequestBody().getContent().get("application/json");
    if (media != null
        && schemas.validator(media.getSchema()) instanceof FastSchemaCheck fast
        && fast.passes(body)) {
      // the body is a tree already: the compiled check reads it as it is, instead of it being
      // written out, parsed by Vert.x and written out and read again by the same check
      return List.of();
    }
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON", e);
    }
    ValidatableRequest request = OpenApiInternals.jsonBody(Buffer.buffer(json));
    try {
      steps.body(operation.getRequestBody(), request);
      return List.of();
    } catch (ValidatorException e) {
      return Validation.toProblem(e).errors();
    }
  }

  /** Same rules and errors as Vert.x's validator (parameters by location, then the body); throws on the first error. */
  private ValidatedRequest validateNow(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter param : operation.getParameters()) {
      switch (param.getIn()) {
        case COOKIE ->
          cookies.put(
              param.getName(), steps.parameter(param, request.getCookies().get(param.getName())));
        case HEADER ->
          headers.put(
              param.getName(), steps.parameter(param, request.getHeaders().get(param.getName())));
        case PATH ->
          path.put(
              param.getName(),
              steps.parameter(param, request.getPathParameters().get(param.getName())));
        case QUERY ->
          query.put(
              param.getName(), steps.parameter(param, request.getQuery().get(param.getName())));
        default -> throw new IllegalStateException("parameter location " + param.getIn());
      }
    }
    RequestParameter body = steps.body(operation.getRequestBody(), request);
    return OpenApiInternals.validated(cookies, headers, path, query, body);
  }

  /** The contract as loaded, except that its schema repository hands out each schema's validator once built. */
  private static final class CompiledOnce implements OpenAPIContract {
    private final OpenAPIContract contract;
    private final CachedValidators schemas;

    CompiledOnce(OpenAPIContract contract) {
      this.contract = contract;
      this.schemas = new CachedValidators(contract.getSchemaRepository());
    }

    @Override
    public Operation operation(String operationId) {
      return contract.operation(operationId);
    }

    @Override
    public List<Operation> operations() {
      return contract.operations();
    }

    @Override
    public List<Path> getPaths() {
      return contract.getPaths();
    }

    @Override
    public JsonObject getRawContract() {
      return contract.getRawContract();
    }

    @Override
    public OpenAPIVersion getVersion() {
      return contract.getVersion();
    }

    @Override
    public SchemaRepository getSchemaRepository() {
      return schemas;
    }

    @Override
    public List<Server> getServers() {
      return contract.getServers();
    }

    @Override
    public Path findPath(String urlPath) {
      return contract.findPath(urlPath);
    }

    @Override
    public Operation findOperation(String urlPath, HttpMethod method) {
      return contract.findOperation(urlPath, method);
    }

    @Override
    public List<SecurityRequirement> getSecurityRequirements() {
      return contract.getSecurityRequirements();
    }

    @Override
    public SecurityScheme securityScheme(String name) {
      return contract.securityScheme(name);
    }
  }

  /**
   * Keeps the validator of each schema object (by identity: the contract's schemas are loaded once and never change).
   * Everything else goes to the contract's own repository.
   */
  private static final class CachedValidators implements SchemaRepository {
    private final SchemaRepository repository;
    private final Map<JsonSchema, Validator> validators =
        Collections.synchronizedMap(new IdentityHashMap<>());

    CachedValidators(SchemaRepository repository) {
      this.repository = repository;
    }

    @Override
    public Validator validator(JsonSchema schema) {
      Validator v = validators.get(schema);
      if (v == null) {
        v = FastSchemaCheck.of(repository, schema);
        validators.put(schema, v);
      }
      return v;
    }

    @Override
    public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
      repository.dereference(schema);
      return this;
    }

    @Override
    public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
      repository.dereference(uri, schema);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs) {
      repository.preloadMetaSchema(fs);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
      repository.preloadMetaSchema(fs, draft);
      return this;
    }

    @Override
    public Validator validator(String ref) {
      return repository.validator(ref);
    }

    @Override
    public Validator validator(String ref, JsonSchemaOptions options) {
      return repository.validator(ref, options);
    }

    @Override
    public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return repository.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(JsonObject schema) {
      return repository.resolve(schema);
    }

    @Override
    public JsonSchema find(String pointer) {
      return repository.find(pointer);
    }
  }
}
