package com.fieldlead.auth;

import com.fieldlead.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * The authenticated caller of a request, as checked against the store on every request (so a disabled user or a
 * revoked device stops working at once). Repositories take the tenant from here: it never comes from the request.
 *
 * @param teamIds teams the user belongs to (as a member)
 * @param managedTeamIds teams the user manages
 * @param deviceId the device the session is bound to, or {@code null} for a session without a device
 */
public record Principal(
    String tenantId,
    String userId,
    Role role,
    String sessionId,
    String deviceId,
    List<String> teamIds,
    List<String> managedTeamIds) {

  static final String CONTEXT_KEY = "fieldlead.principal";

  public Principal {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(sessionId, "sessionId");
    teamIds = List.copyOf(teamIds);
    managedTeamIds = List.copyOf(managedTeamIds);
  }

  /** The principal the gate stored for this request; only secured operations have one. */
  public static Principal of(RoutingContext ctx) {
    Principal p = ctx.get(CONTEXT_KEY);
    if (p == null) {
      throw new IllegalStateException("no principal: operation is not secured");
    }
    return p;
  }

  public boolean is(Role r) {
    return role == r;
  }

  /** Fails with 403 unless the caller has one of {@code roles}. */
  public Principal require(Role... roles) {
    for (Role r : roles) {
      if (role == r) {
        return this;
      }
    }
    throw ProblemException.forbidden(
        "This needs one of the roles " + List.of(roles) + "; you are " + role.wire());
  }
}
