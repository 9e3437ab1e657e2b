package com.fieldlead.assignment.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A lead's speed-to-lead clock: started at capture ({@code startAt}: the device's capture time when known), due at
 * {@code dueAt} by the tenant's SLA rule for its temperature and the owner's working hours, stopped by the first
 * contact. {@code status}: pending, met, breached; {@code none} when no rule applies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlaClock(
    String tenantId,
    String leadId,
    String ownerId,
    String teamId,
    String eventId,
    String source,
    String temperature,
    String ruleId,
    Instant startAt,
    Instant dueAt,
    String status,
    Instant firstContactAt,
    Instant breachedAt,
    Instant assignedAt) {

  public static final String PENDING = "pending";
  public static final String MET = "met";
  public static final String BREACHED = "breached";
  public static final String NONE = "none";
}
