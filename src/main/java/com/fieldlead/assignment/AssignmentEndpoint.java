package com.fieldlead.assignment;

import com.fieldlead.assignment.model.Availability;
import com.fieldlead.assignment.model.RoutingRulesWire;
import com.fieldlead.assignment.model.SlaSettings;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.http.Endpoint;
import com.fieldlead.http.QueryParams;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Routes;
import com.fieldlead.http.Validation;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
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
  private final SlaWorkList workList;

  AssignmentEndpoint(
      RoutingSettingsService settings,
      AssignmentService assignments,
      SlaService sla,
      SlaWorkList workList) {
    this.settings = settings;
    this.assignments = assignments;
    this.sla = sla;
    this.workList = workList;
  }

  @Override
  public void register(Routes routes) {
    routes
        .secured(
            "getRoutingRules",
            Role.MANAGERS_AND_ADMINS,
            ctx -> reply(ctx, 200, () -> settings.rules(Principal.of(ctx))))
        .secured(
            "putRoutingRules",
            Role.ADMINS,
            ctx -> reply(
                ctx,
                200,
                () -> settings.save(
                    Principal.of(ctx), Validation.body(ctx, RoutingRulesWire.Input.class))))
        .secured(
            "getRepAvailability",
            Role.ANY,
            ctx -> reply(
                ctx, 200, () -> settings.availability(Principal.of(ctx), ctx.pathParam("userId"))))
        .secured(
            "putRepAvailability",
            Role.ANY,
            ctx -> reply(
                ctx,
                200,
                () -> settings.saveAvailability(
                    Principal.of(ctx),
                    ctx.pathParam("userId"),
                    Validation.body(ctx, Availability.Input.class))))
        .secured(
            "assignLead",
            Role.MANAGERS_AND_ADMINS,
            ctx -> reply(
                ctx,
                200,
                () -> assignments.assign(
                    Principal.of(ctx),
                    ctx.pathParam("leadId"),
                    Validation.body(ctx, AssignmentService.AssignInput.class))))
        .secured(
            "listLeadAssignments",
            Role.ANY,
            ctx -> reply(
                ctx,
                200,
                () -> assignments
                    .history(Principal.of(ctx), ctx.pathParam("leadId"))
                    .map(l -> Map.of("items", l))))
        .secured(
            "getSlaPolicy",
            Role.MANAGERS_AND_ADMINS,
            ctx -> reply(
                ctx, 200, () -> sla.settings(Principal.of(ctx).tenantId()).map(SlaSettings::view)))
        .secured(
            "putSlaPolicy",
            Role.ADMINS,
            ctx -> reply(
                ctx,
                200,
                () -> sla.save(Principal.of(ctx), Validation.body(ctx, SlaSettings.Input.class))))
        .secured(
            "getSlaCompliance",
            Role.MANAGERS_AND_ADMINS,
            ctx -> reply(
                ctx,
                200,
                () -> sla.compliance(
                    Principal.of(ctx),
                    QueryParams.string(ctx, "groupBy"),
                    QueryParams.dateTime(ctx, "from"),
                    QueryParams.dateTime(ctx, "to"))))
        .secured(
            "listOpenSlaClocks",
            Role.MANAGERS_AND_ADMINS,
            ctx -> reply(
                ctx,
                200,
                () -> workList.open(
                    Principal.of(ctx),
                    QueryParams.integer(ctx, "dueWithinMinutes", 60),
                    QueryParams.limit(ctx, 50))));
  }

  private static <T> void reply(RoutingContext ctx, int status, Supplier<Future<T>> action) {
    Responses.reply(ctx, status, Responses.attempt(action::get));
  }
}
