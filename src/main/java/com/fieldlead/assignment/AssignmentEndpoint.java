package com.fieldlead.assignment;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Routing rules, rep availability, manual reassignment and assignment history, SLA policy and compliance. Handlers
 * bind the validated input and call a service; every failure goes to the failure handler.
 */
final class AssignmentEndpoint implements Endpoint {

  private final RoutingSettingsService settings;
  private final AssignmentService assignments;
  private final SlaService sla;

  AssignmentEndpoint(RoutingSettingsService settings, AssignmentService assignments, SlaService sla) {
    this.settings = settings;
    this.assignments = assignments;
    this.sla = sla;
  }

  @Override
  public void register(Routes routes) {
    routes.secured("getRoutingRules", Role.MANAGERS_AND_ADMINS,
            ctx -> reply(ctx, 200, () -> settings.rules(Principal.of(ctx))))
        .secured("putRoutingRules", Role.ADMINS, ctx -> reply(ctx, 200,
            () -> settings.save(Principal.of(ctx), Validation.body(ctx, RoutingRulesWire.Input.class))))
        .secured("getRepAvailability", Role.ANY, ctx -> reply(ctx, 200,
            () -> settings.availability(Principal.of(ctx), ctx.pathParam("userId"))))
        .secured("putRepAvailability", Role.ANY, ctx -> reply(ctx, 200,
            () -> settings.saveAvailability(Principal.of(ctx), ctx.pathParam("userId"),
                Validation.body(ctx, Availability.Input.class))))
        .secured("assignLead", Role.MANAGERS_AND_ADMINS, ctx -> reply(ctx, 200,
            () -> assignments.assign(Principal.of(ctx), ctx.pathParam("leadId"),
                Validation.body(ctx, AssignmentService.AssignInput.class))))
        .secured("listLeadAssignments", Role.ANY, ctx -> reply(ctx, 200,
            () -> assignments.history(Principal.of(ctx), ctx.pathParam("leadId")).map(l -> Map.of("items", l))))
        .secured("getSlaPolicy", Role.MANAGERS_AND_ADMINS,
            ctx -> reply(ctx, 200, () -> sla.settings(Principal.of(ctx).tenantId()).map(SlaSettings::view)))
        .secured("putSlaPolicy", Role.ADMINS, ctx -> reply(ctx, 200,
            () -> sla.save(Principal.of(ctx), Validation.body(ctx, SlaSettings.Input.class))))
        .secured("getSlaCompliance", Role.MANAGERS_AND_ADMINS, ctx -> reply(ctx, 200,
            () -> sla.compliance(Principal.of(ctx), query(ctx, "groupBy"), instant(ctx, "from"), instant(ctx, "to"))));
  }

  private static <T> void reply(RoutingContext ctx, int status, Supplier<Future<T>> action) {
    Future<T> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    Responses.reply(ctx, status, result);
  }

  private static String query(RoutingContext ctx, String name) {
    RequestParameter p = Validation.validated(ctx).getQuery().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  private static Instant instant(RoutingContext ctx, String name) {
    String text = query(ctx, name);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField("query." + name, "format",
          "must be an ISO-8601 date-time with offset, e.g. 2025-03-30T00:00:00Z");
    }
  }
}
