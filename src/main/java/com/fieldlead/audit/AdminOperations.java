package com.fieldlead.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuditTrail;
import com.fieldlead.auth.OperationAudit;
import com.fieldlead.auth.Principal;
import com.fieldlead.http.Responses;
import com.fieldlead.http.Validation;
import com.fieldlead.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down the admin actions of features that know nothing of the audit log: users and their roles, teams,
 * devices, webhooks, rules (scoring, routing, SLA, lead settings, badge formats, import mappings) and web forms. Each
 * is recorded once it succeeded (a 2xx answer), with the target's id (the path's, else the answer's) and the names of
 * the fields the request set; values are not kept, except a user's new role and whether they were disabled. API keys
 * and data-rights requests record themselves, with more detail.
 */
public final class AdminOperations implements OperationAudit {

  private static final Logger LOG = LoggerFactory.getLogger(AdminOperations.class);

  /** What an operation is in the log: its action and target type. */
  record Action(String action, String targetType) {}

  static final Map<String, Action> ACTIONS = Map.ofEntries(
      Map.entry("createUser", new Action("user.created", "user")),
      Map.entry("updateUser", new Action("user.updated", "user")),
      Map.entry("createTeam", new Action("team.created", "team")),
      Map.entry("updateTeam", new Action("team.updated", "team")),
      Map.entry("revokeDevice", new Action("device.revoked", "device")),
      Map.entry("createWebhook", new Action("webhook.created", "webhook")),
      Map.entry("updateWebhook", new Action("webhook.updated", "webhook")),
      Map.entry("deleteWebhook", new Action("webhook.deleted", "webhook")),
      Map.entry("rotateWebhookSecret", new Action("webhook.secret_rotated", "webhook")),
      Map.entry("redeliverWebhook", new Action("webhook.redelivered", "webhook")),
      Map.entry("putScoringRules", new Action("rules.scoring_updated", "rules")),
      Map.entry("putRoutingRules", new Action("rules.routing_updated", "rules")),
      Map.entry("putSlaPolicy", new Action("rules.sla_updated", "rules")),
      Map.entry("putLeadSettings", new Action("rules.lead_settings_updated", "rules")),
      Map.entry("putBadgeFormat", new Action("rules.badge_format_updated", "rules")),
      Map.entry("putLeadImportMapping", new Action("rules.import_mapping_updated", "rules")),
      Map.entry("createForm", new Action("form.created", "form")),
      Map.entry("replaceForm", new Action("form.replaced", "form")),
      Map.entry("deleteForm", new Action("form.deleted", "form")));

  /** Body fields whose values are kept (not personal, and what an auditor asks first). */
  private static final Set<String> KEPT_VALUES = Set.of("role", "disabled", "enabled");

  private final AuditTrail trail;

  public AdminOperations(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void watch(RoutingContext ctx, Principal caller, String operationId) {
    Action action = ACTIONS.get(operationId);
    if (action == null) {
      return;
    }
    ctx.addBodyEndHandler(v -> {
      int status = ctx.response().getStatusCode();
      if (status < 200 || status >= 300) {
        return;
      }
      trail
          .record(
              caller, action.action(), action.targetType(), target(ctx), details(ctx, operationId))
          .onFailure(e -> LOG.warn(
              "admin action not recorded [tenant={}, operation={}]",
              caller.tenantId(),
              operationId,
              e));
    });
  }

  /** The target's id: the request path's last parameter, else the answer's {@code id} (or its one object's). */
  private static String target(RoutingContext ctx) {
    List<String> params = new ArrayList<>(ctx.pathParams().values());
    if (!params.isEmpty()) {
      return params.get(params.size() - 1);
    }
    Object reply = ctx.get(Responses.REPLY);
    if (reply == null) {
      return null;
    }
    JsonNode node = Json.MAPPER.valueToTree(reply);
    if (node.hasNonNull("id")) {
      return node.get("id").asText();
    }
    for (JsonNode child : node) {
      if (child.isObject() && child.hasNonNull("id")) {
        return child.get("id").asText();
      }
    }
    return null;
  }

  private static Map<String, Object> details(RoutingContext ctx, String operationId) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("operation", operationId);
    JsonNode body = ctx.get(Validation.BODY_KEY);
    if (body != null && body.isObject()) {
      List<String> fields = new ArrayList<>();
      body.fieldNames().forEachRemaining(fields::add);
      out.put("fields", fields);
      for (String k : KEPT_VALUES) {
        JsonNode v = body.get(k);
        if (v != null && v.isValueNode()) {
          out.put(k, v.isBoolean() ? (Object) v.asBoolean() : v.asText());
        }
      }
    }
    return out;
  }
}
