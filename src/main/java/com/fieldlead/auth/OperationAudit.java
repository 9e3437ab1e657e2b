package com.fieldlead.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Told of every authenticated request with its caller and contract operation (implemented by the audit feature), so
 * that admin actions handled by features that know nothing of the audit log (users, teams, devices, webhooks, rules)
 * are written down once they succeed.
 */
@FunctionalInterface
public interface OperationAudit {

  /** Arranges, if {@code operationId} is an admin action, that its success is recorded; must not block or fail. */
  void watch(RoutingContext ctx, Principal caller, String operationId);
}
