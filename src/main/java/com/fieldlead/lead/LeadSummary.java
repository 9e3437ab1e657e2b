package com.fieldlead.lead;

/**
 * The part of a lead other features route on.
 *
 * @param open true while the lead's status has the "open" meaning (not converted, not dead)
 * @param ownerTimeZone IANA zone of the owner, for scheduling in their local time (may be null: then UTC)
 */
public record LeadSummary(
    String tenantId, String id, String ownerId, String teamId, String status, boolean open, boolean converted,
    long version, String ownerTimeZone) {}
