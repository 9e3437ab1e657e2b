package com.fieldlead.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened to a lead that other features react to (push alerts, SLA watch): {@code lead.hot},
 * {@code lead.assigned}, {@code sla.breached}, ... Events are durable: a feature never publishes one on an in-memory
 * bus; it hands it to the write that makes the change ({@code LeadModule.updateServerFields}), which stores it in the
 * lead document's {@code pendingEvents} in the same single-document update. The {@link EventRelay} then copies it to
 * the {@link EventLog} (collection {@code domain_events}), where consumers claim it. So an instance dying between the
 * change and the delivery loses nothing, and the change never exists without its event.
 *
 * @param id unique id (a UUID); the event log's {@code _id}, which makes copying idempotent
 * @param type dotted name, see the constants
 * @param data small, flat payload (strings, numbers, booleans, instants)
 * @param recipients optional hint of user ids to notify (null: the consumer decides)
 * @param traceparent the W3C trace context of the request that caused it, when tracing was on (null: none), so that
 *     what the event causes later (a push) joins that request's trace
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainEvent(
    String id,
    String tenantId,
    String type,
    String leadId,
    Map<String, Object> data,
    Instant occurredAt,
    List<String> recipients,
    String traceparent) {

  /** A lead crossed into hot (by score or by the booth mark at capture); once per crossing. */
  public static final String LEAD_HOT = "lead.hot";
  /** A lead got an owner by routing. */
  public static final String LEAD_ASSIGNED = "lead.assigned";
  /** A lead's first-touch SLA passed without a touch. */
  public static final String SLA_BREACHED = "sla.breached";
  /**
   * A client write changed a lead's status (data: {@code from}, {@code to}, and {@code meaning} of the new status:
   * {@code open}, {@code converted} or {@code dead}); written with the change, so the CRM connectors never miss one.
   */
  public static final String LEAD_STATUS_CHANGED = "lead.status_changed";

  /** An event without a trace context. */
  public DomainEvent(
      String id,
      String tenantId,
      String type,
      String leadId,
      Map<String, Object> data,
      Instant occurredAt,
      List<String> recipients) {
    this(id, tenantId, type, leadId, data, occurredAt, recipients, null);
  }

  public DomainEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Map<String, Object> present = new LinkedHashMap<>();
    if (data != null) {
      data.forEach((k, v) -> {
        if (k != null && v != null) {
          present.put(k, v);
        }
      });
    }
    data = Collections.unmodifiableMap(present);
    recipients = recipients == null ? null : List.copyOf(recipients);
  }

  /** A new event with a random id and no recipients hint. */
  public static DomainEvent of(
      String tenantId, String type, String leadId, Map<String, Object> data, Instant at) {
    return new DomainEvent(UUID.randomUUID().toString(), tenantId, type, leadId, data, at, null);
  }

  /** The same event with a recipients hint. */
  public DomainEvent withRecipients(List<String> userIds) {
    return new DomainEvent(id, tenantId, type, leadId, data, occurredAt, userIds, traceparent);
  }
}
