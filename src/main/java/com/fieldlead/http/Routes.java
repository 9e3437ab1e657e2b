package com.fieldlead.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.problem.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where endpoints attach their handlers to the contract's operations, by operation id. Each operation gets, in order:
 * authentication and role check and the request rate limits (for secured operations), validation from the contract,
 * then the handler. An
 * operation id that the contract does not define fails start, and so does a contract operation nobody handles.
 */
public final class Routes {

  /** Authenticates a request and checks its role; stores the principal in the context and calls next, or fails. */
  public interface Gate {
    Handler<RoutingContext> require(Set<String> roles);

    /**
     * {@link #require(Set)}, telling {@code verified} the caller a token names as soon as its signature and expiry
     * check out, beside the gate's own reads (see {@link EarlyRead}).
     */
    default Handler<RoutingContext> require(Set<String> roles, Verified verified) {
      return require(roles);
    }
  }

  /** Told by a {@link Gate} who a request's signed, unexpired token names, before the caller is fully checked. */
  @FunctionalInterface
  public interface Verified {
    void verified(RoutingContext ctx, String tenantId, String userId, Future<Long> accessEpoch);
  }

  /**
   * Reads an operation starts while its caller is still being authenticated: they may depend only on the tenant and
   * user a signed, unexpired token names, and their result is used only once the caller checks out (a refused
   * request has cost a read, and revealed nothing). {@code accessEpoch} is the tenant's
   * {@link com.fieldlead.store.AccessEpochs access epoch} as the gate reads it for this request (read once, shared).
   * What it answers reaches the operation's handler, typed ({@link #secured(String, Set, RequestSlot, EarlyRead, EarlyHandler)}).
   *
   * @param <T> what the reads started (futures, usually)
   */
  @FunctionalInterface
  public interface EarlyRead<T> {
    T start(String tenantId, String userId, Future<Long> accessEpoch);
  }

  /** An operation's handler that takes what its {@link EarlyRead} started (null when it did not start). */
  @FunctionalInterface
  public interface EarlyHandler<T> {
    void handle(RoutingContext ctx, T started);
  }

  private final RouterBuilder builder;
  private final ContractValidator validator;
  private final Gate gate;
  private final Handler<RoutingContext> limits;
  private final Set<String> handled = new HashSet<>();

  /** @param limits runs after the gate on every secured operation (request rate limits), or null */
  Routes(
      RouterBuilder builder,
      ContractValidator validator,
      Gate gate,
      Handler<RoutingContext> limits) {
    this.builder = builder;
    this.validator = validator;
    this.gate = gate;
    this.limits = limits;
  }

  /** An operation anyone may call (login, health). */
  public Routes open(String operationId, Handler<RoutingContext> handler) {
    return attach(operationId, null, null, handler);
  }

  /**
   * An open operation whose body may also be a plain HTML form post ({@code application/x-www-form-urlencoded}, decoded
   * into a JSON object of strings, or arrays of strings for repeated names, and checked against the operation's JSON
   * body schema; the handler then reads path parameters with {@code ctx.pathParam}). {@code before} runs first, ahead
   * of validation, so what it sets (CORS headers) is on every answer, refusals included.
   */
  public Routes openForm(
      String operationId, Handler<RoutingContext> before, Handler<RoutingContext> handler) {
    Objects.requireNonNull(before, "before");
    return attach(operationId, null, null, before, true, handler);
  }

  /** An operation for authenticated callers with one of {@code roles} (empty: any role). */
  public Routes secured(String operationId, Set<String> roles, Handler<RoutingContext> handler) {
    return attach(operationId, Objects.requireNonNull(roles, "roles"), null, handler);
  }

  /**
   * {@link #secured(String, Set, Handler)} with reads started beside authentication (see {@link EarlyRead}), whose
   * result the handler receives, handed over in {@code slot} (the operation's own: what it holds is what this very
   * {@code early} answered for this request).
   */
  public <T> Routes secured(
      String operationId,
      Set<String> roles,
      RequestSlot<T> slot,
      EarlyRead<T> early,
      EarlyHandler<T> handler) {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(early, "early");
    Verified start =
        (ctx, tenantId, userId, epoch) -> slot.put(ctx, early.start(tenantId, userId, epoch));
    return attach(
        operationId,
        Objects.requireNonNull(roles, "roles"),
        start,
        ctx -> handler.handle(ctx, slot.get(ctx)));
  }

  private Routes attach(
      String operationId, Set<String> roles, Verified early, Handler<RoutingContext> handler) {
    return attach(operationId, roles, early, null, false, handler);
  }

  private Routes attach(
      String operationId,
      Set<String> roles,
      Verified early,
      Handler<RoutingContext> before,
      boolean formBody,
      Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException(
          "operation '" + operationId + "' is not in api-spec/openapi.yaml");
    }
    if (!handled.add(operationId)) {
      throw new IllegalStateException("operation '" + operationId + "' has two handlers");
    }
    Operation operation = route.getOperation();
    if (roles == null && !operation.getSecurityRequirements().isEmpty()) {
      throw new IllegalStateException(
          "operation '" + operationId + "' is secured in the contract but open in code");
    }
    if (roles != null && operation.getSecurityRequirements().isEmpty()) {
      throw new IllegalStateException(
          "operation '" + operationId + "' is open in the contract but secured in code");
    }
    route.setDoValidation(false).setDoSecurity(false);
    if (roles != null) {
      route.addHandler(early == null ? gate.require(roles) : gate.require(roles, early));
      if (limits != null) {
        route.addHandler(limits);
      }
    }
    if (before != null) {
      route.addHandler(before);
    }
    route.addHandler(
        formBody
            ? Validation.formHandler(validator, operation)
            : Validation.handler(validator, operation));
    route.addHandler(handler);
    return this;
  }

  /**
   * The contract's validation of {@code operationId}'s JSON request body, for bodies that arrive another way (a sync
   * push's lead changes must pass what {@code POST /v1/leads} or {@code PATCH /v1/leads/{id}} would): the field
   * errors of a body, every one of them, empty when it passes. Field paths are JSON pointers into the body.
   */
  public Function<JsonNode, List<FieldError>> bodyCheck(String operationId) {
    Operation operation = builder.getRoute(operationId) == null
        ? null
        : builder.getRoute(operationId).getOperation();
    if (operation == null || operation.getRequestBody() == null) {
      throw new IllegalArgumentException(
          "no operation '" + operationId + "' with a request body in the contract");
    }
    return body -> validator.bodyErrors(operationId, body);
  }

  /** Fails when some operation of the contract has no handler. */
  void checkComplete(OpenAPIContract contract) {
    List<String> missing = contract.operations().stream()
        .map(Operation::getOperationId)
        .filter(id -> !handled.contains(id))
        .sorted()
        .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "operations in api-spec/openapi.yaml without a handler: " + missing);
    }
  }
}
