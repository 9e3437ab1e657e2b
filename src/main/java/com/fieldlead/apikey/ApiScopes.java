package com.fieldlead.apikey;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each scope lets a key do, by contract operation. An operation no scope names is refused to every key (users,
 * teams, devices, sync, settings, rules and the keys themselves are for people, not integrations): new operations
 * are closed to keys until they are added here.
 */
final class ApiScopes {

  static final String LEADS_READ = "leads:read";
  static final String LEADS_WRITE = "leads:write";
  static final String WEBHOOKS_MANAGE = "webhooks:manage";
  static final String ANALYTICS_READ = "analytics:read";
  static final String AUDIT_READ = "audit:read";
  static final String PRIVACY_MANAGE = "privacy:manage";

  /** The scopes a key may be given, in the order the contract lists them. */
  static final List<String> ALL =
      List.of(LEADS_READ, LEADS_WRITE, WEBHOOKS_MANAGE, ANALYTICS_READ, AUDIT_READ, PRIVACY_MANAGE);

  private static final Map<String, Set<String>> OPERATIONS = Map.of(
      LEADS_READ,
      Set.of(
          "listLeads",
          "getLead",
          "getLeadHistory",
          "listActivities",
          "listTasks",
          "getTask",
          "listLeadCadences",
          "listLeadAssignments",
          "listAttachments",
          "downloadAttachment",
          "downloadAttachmentThumbnail",
          "exportLeadsCsv",
          "getLeadSettings",
          "listEvents",
          "getEvent",
          "listQualifierQuestions",
          "getLeadImportJob",
          "getLeadImportJobErrors",
          "getLeadByExternalId"),
      LEADS_WRITE,
      Set.of(
          "createLead",
          "updateLead",
          "deleteLead",
          "importLeads",
          "importLeadsCsv",
          "mergeLeads",
          "convertLead",
          "recordActivity",
          "createTask",
          "updateTask",
          "deleteTask",
          "assignLead",
          "applyCadence",
          "uploadAttachment",
          "deleteAttachment",
          "upsertLeadByExternalId"),
      WEBHOOKS_MANAGE,
      Set.of(
          "listWebhooks",
          "createWebhook",
          "getWebhook",
          "updateWebhook",
          "deleteWebhook",
          "rotateWebhookSecret",
          "listWebhookDeliveries",
          "redeliverWebhook"),
      ANALYTICS_READ,
      Set.of("getSlaCompliance", "listSegments", "getSegment", "countSegment"),
      AUDIT_READ,
      Set.of("listAudit"),
      PRIVACY_MANAGE,
      Set.of("exportPerson", "erasePerson", "listConsents", "liftSuppression", "getPrivacyJob"));

  private static final Map<String, String> SCOPE_OF = byOperation();

  private ApiScopes() {}

  private static Map<String, String> byOperation() {
    Map<String, String> all = new TreeMap<>();
    OPERATIONS.forEach((scope, ops) -> ops.forEach(op -> {
      if (all.put(op, scope) != null) {
        throw new IllegalStateException("operation " + op + " is in two scopes");
      }
    }));
    return Map.copyOf(all);
  }

  /** The scope an operation needs from a key, or null when no key may call it. */
  static String scopeOf(String operationId) {
    return SCOPE_OF.get(operationId);
  }

  /** Every operation a scope opens (for the test that checks they exist in the contract). */
  static Set<String> operations() {
    return SCOPE_OF.keySet();
  }
}
