package com.fieldlead.assignment.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fieldlead.json.Json;
import com.fieldlead.store.IndexDef;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** The assignment package's MongoDB schema as code: collections, field names, indexes, and body (de)serialisation. */
public final class AssignmentSchema {

  static final String ROUTING_RULES = "routing_rules";
  static final String ROUTING_CURSORS = "routing_cursors";
  static final String REP_AVAILABILITY = "rep_availability";
  static final String SLA_POLICIES = "sla_policies";
  static final String LEAD_ASSIGNMENTS = "lead_assignments";
  static final String LEAD_QUEUES = "lead_queues";
  static final String SLA_CLOCKS = "sla_clocks";

  static final String TENANT_ID = "tenantId";
  static final String ID = "id";
  static final String VERSION = "version";
  static final String BODY = "body";
  static final String CREATED_AT = "createdAt";
  static final String CREATED_BY = "createdBy";
  static final String TEAM_ID = "teamId";
  static final String LAST_ASSIGNED = "lastAssigned";
  static final String USER_ID = "userId";
  static final String LEAD_ID = "leadId";
  static final String OWNER_ID = "ownerId";
  static final String QUEUE = "queue";
  static final String RULE_ID = "ruleId";
  static final String REASON = "reason";
  static final String AT = "at";
  static final String BY = "by";
  static final String BY_KIND = "byKind";
  static final String EVENT_ID = "eventId";
  static final String SOURCE = "source";
  static final String TEMPERATURE = "temperature";
  static final String START_AT = "startAt";
  static final String DUE_AT = "dueAt";
  static final String STATUS = "status";
  static final String FIRST_CONTACT_AT = "firstContactAt";
  static final String BREACHED_AT = "breachedAt";
  static final String ASSIGNED_AT = "assignedAt";

  private AssignmentSchema() {}

  public static List<IndexDef> indexes() {
    return List.of(
        IndexDef.unique(
            ROUTING_RULES, "routing_rules_tenant_version", Indexes.descending(TENANT_ID, VERSION)),
        IndexDef.unique(
            SLA_POLICIES, "sla_policies_tenant_version", Indexes.descending(TENANT_ID, VERSION)),
        IndexDef.unique(
            ROUTING_CURSORS, "routing_cursors_tenant_team", Indexes.ascending(TENANT_ID, TEAM_ID)),
        IndexDef.unique(
            REP_AVAILABILITY,
            "rep_availability_tenant_user",
            Indexes.ascending(TENANT_ID, USER_ID)),
        IndexDef.unique(
            LEAD_ASSIGNMENTS, "lead_assignments_tenant_id", Indexes.ascending(TENANT_ID, ID)),
        IndexDef.of(
            LEAD_ASSIGNMENTS,
            "lead_assignments_lead_at",
            Indexes.ascending(TENANT_ID, LEAD_ID, AT)),
        IndexDef.unique(
            LEAD_QUEUES, "lead_queues_tenant_lead", Indexes.ascending(TENANT_ID, LEAD_ID)),
        IndexDef.of(
            LEAD_QUEUES, "lead_queues_tenant_queue", Indexes.ascending(TENANT_ID, QUEUE, AT)),
        IndexDef.unique(
            SLA_CLOCKS, "sla_clocks_tenant_lead", Indexes.ascending(TENANT_ID, LEAD_ID)),
        // the breach job scans pending clocks by due time across tenants
        IndexDef.of(SLA_CLOCKS, "sla_clocks_status_due", Indexes.ascending(STATUS, DUE_AT)),
        IndexDef.of(SLA_CLOCKS, "sla_clocks_tenant_start", Indexes.ascending(TENANT_ID, START_AT)),
        // the dashboard's work list: a tenant's uncontacted clocks by due time (GET /v1/sla/open)
        IndexDef.of(
            SLA_CLOCKS,
            "sla_clocks_tenant_contact_due",
            Indexes.ascending(TENANT_ID, FIRST_CONTACT_AT, DUE_AT)));
  }

  /** A wire record as a nested document (instants as ISO strings: bodies are read back as wire JSON). */
  static Document body(Object value) {
    try {
      return Document.parse(Json.MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T fromBody(Document body, Class<T> type) {
    try {
      return Json.TOLERANT.readValue(body.toJson(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
    }
  }

  static Date date(Instant i) {
    return i == null ? null : Date.from(i);
  }

  static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
