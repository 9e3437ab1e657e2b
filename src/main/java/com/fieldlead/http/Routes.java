package com.fieldlead.http;

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

/**
 * Where endpoints attach their handlers to the contract's operations, by operation id. Each operation gets, in order:
 * authentication and role check (for secured operations), validation from the contract, then the handler. An
 * operation id that the contract does not define fails start, and so does a contract operation nobody handles.
 */
public final class Routes {

  /** Authenticates a request and checks its role; stores the principal in the context and calls next, or fails. */
  public interface Gate {
    Handler<RoutingContext> require(Set<String> roles);
  }

  private final RouterBuilder builder;
  private final ContractValidator validator;
  private final Gate gate;
  private final Set<String> handled = new HashSet<>();

  Routes(RouterBuilder builder, ContractValidator validator, Gate gate) {
    this.builder = builder;
    this.validator = validator;
    this.gate = gate;
  }

  /** An operation anyone may call (login, health). */
  public Routes open(String operationId, Handler<RoutingContext> handler) {
    return attach(operationId, null, handler);
  }

  /** An operation for authenticated callers with one of {@code roles} (empty: any role). */
  public Routes secured(String operationId, Set<String> roles, Handler<RoutingContext> handler) {
    return attach(operationId, Objects.requireNonNull(roles, "roles"), handler);
  }

  private Routes attach(String operationId, Set<String> roles, Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("operation '" + operationId + "' is not in api-spec/openapi.yaml");
    }
    if (!handled.add(operationId)) {
      throw new IllegalStateException("operation '" + operationId + "' has two handlers");
    }
    Operation operation = route.getOperation();
    if (roles == null && !operation.getSecurityRequirements().isEmpty()) {
      throw new IllegalStateException("operation '" + operationId + "' is secured in the contract but open in code");
    }
    if (roles != null && operation.getSecurityRequirements().isEmpty()) {
      throw new IllegalStateException("operation '" + operationId + "' is open in the contract but secured in code");
    }
    route.setDoValidation(false).setDoSecurity(false);
    if (roles != null) {
      route.addHandler(gate.require(roles));
    }
    route.addHandler(Validation.handler(validator, operation));
    route.addHandler(handler);
    return this;
  }

  /** Fails when some operation of the contract has no handler. */
  void checkComplete(OpenAPIContract contract) {
    List<String> missing = contract.operations().stream()
        .map(Operation::getOperationId).filter(id -> !handled.contains(id)).sorted().toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("operations in api-spec/openapi.yaml without a handler: " + missing);
    }
  }
}
