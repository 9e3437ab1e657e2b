package com.fieldlead.crm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's connection to one CRM: which system, the trigger, the field mapping, the OAuth state of the connect
 * flow, and the tokens (sealed: AES-GCM under {@code FIELDLEAD_CRM_TOKEN_KEY}, the connection id as associated data).
 * One connection per system and tenant.
 *
 * @param state {@code pending} until the OAuth callback answered, then {@code connected}
 * @param trigger {@code qualified} (pushed when the lead reaches {@code qualifiedStatus}, and again on conversion) or
 *     {@code converted} (pushed on conversion only)
 * @param externalIdField the CRM field holding the fieldlead lead id, upserted by (Salesforce: a custom External ID
 *     field on Lead, Contact, Account and Opportunity; HubSpot: a unique-value property on contacts and deals)
 */
record Connection(
    String id,
    String tenantId,
    String system,
    String state,
    boolean enabled,
    String trigger,
    String qualifiedStatus,
    String externalIdField,
    List<FieldMapping.Entry> mapping,
    String oauthState,
    String sealedRefreshToken,
    String sealedAccessToken,
    Instant accessExpiresAt,
    String instanceUrl,
    Instant createdAt,
    String createdBy,
    Instant connectedAt,
    Instant updatedAt) {

  static final String SALESFORCE = "salesforce";
  static final String HUBSPOT = "hubspot";
  static final List<String> SYSTEMS = List.of(SALESFORCE, HUBSPOT);
  static final String PENDING = "pending";
  static final String CONNECTED = "connected";
  static final String TRIGGER_QUALIFIED = "qualified";
  static final String TRIGGER_CONVERTED = "converted";
  static final List<String> TRIGGERS = List.of(TRIGGER_QUALIFIED, TRIGGER_CONVERTED);

  Connection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(system, "system");
    mapping = mapping == null ? List.of() : List.copyOf(mapping);
  }

  boolean connected() {
    return CONNECTED.equals(state) && sealedRefreshToken != null;
  }

  /** The connection as admins see it: no token, no OAuth state. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record View(
      String id,
      String system,
      String state,
      boolean enabled,
      String trigger,
      String qualifiedStatus,
      String externalIdField,
      String instanceUrl,
      Instant createdAt,
      String createdBy,
      Instant connectedAt,
      Instant updatedAt) {}

  View view() {
    return new View(
        id,
        system,
        state,
        enabled,
        trigger,
        qualifiedStatus,
        externalIdField,
        instanceUrl,
        createdAt,
        createdBy,
        connectedAt,
        updatedAt);
  }
}
