package com.fieldlead.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.outbox.Outbox;
import java.time.Instant;
import org.bson.Document;

/**
 * One event's delivery to one subscription, as the log shows it: {@code pending} (due at {@code nextAttemptAt}),
 * {@code delivered} or {@code failed} (given up, or its subscription was disabled or deleted), with the last attempt's
 * response status, latency, error and at most {@value Outbox#RESPONSE_CHARS} characters of the response body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Delivery(
    String id,
    String subscriptionId,
    String eventId,
    String eventType,
    String leadId,
    String status,
    int attempts,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant lastAttemptAt,
    Instant deliveredAt,
    Integer responseStatus,
    Long latencyMs,
    String error,
    String responseBody) {

  /** The delivery as stored in the webhook outbox. */
  static Delivery of(Document d) {
    Number latency = (Number) d.get(Outbox.LATENCY_MS);
    return new Delivery(
        d.getString("_id"),
        d.getString(WebhookModule.SUBSCRIPTION_ID),
        d.getString(Outbox.EVENT_ID),
        d.getString(Outbox.EVENT_TYPE),
        d.getString(Outbox.LEAD_ID),
        d.getString(Outbox.STATUS),
        d.getInteger(Outbox.ATTEMPTS, 0),
        Outbox.instant(d, Outbox.CREATED_AT),
        Outbox.PENDING.equals(d.getString(Outbox.STATUS))
            ? Outbox.instant(d, Outbox.NEXT_ATTEMPT_AT)
            : null,
        Outbox.instant(d, Outbox.LAST_ATTEMPT_AT),
        Outbox.instant(d, Outbox.DELIVERED_AT),
        d.getInteger(Outbox.RESPONSE_STATUS),
        latency == null ? null : latency.longValue(),
        d.getString(Outbox.ERROR),
        d.getString(Outbox.RESPONSE_BODY));
  }
}
