package com.fieldlead.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One event's delivery to one subscription, as the log shows it: {@code pending} (due at {@code nextAttemptAt}),
 * {@code delivered} or {@code failed} (given up, or its subscription was disabled or deleted), with the last attempt's
 * response status, latency, error and at most {@value Deliveries#RESPONSE_CHARS} characters of the response body.
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
    String responseBody) {}
