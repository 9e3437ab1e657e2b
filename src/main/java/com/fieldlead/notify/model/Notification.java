package com.fieldlead.notify.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One notification of one user, as stored in the outbox and shown in the inbox.
 *
 * @param id stable id (derived from what caused it, so re-creating it is a no-op); also in the push's data
 * @param urgent skips quiet hours
 * @param inbox false for silent pushes (sync nudges) that the inbox does not list
 * @param attempts send attempts started so far
 * @param deliveredDevices devices FCM accepted it for; a retry skips them
 * @param sender {@code fcm} or {@code log} once sent
 * @param logged what the log sender would have sent (title, body, data), when it was the log sender
 * @param deferredUntil when quiet hours held it back at creation: the time they let it go (its first attempt)
 * @param traceparent the W3C trace context of the request that caused it (tracing on), which its push span continues
 */
public record Notification(
    String id,
    String tenantId,
    String userId,
    NotificationKind kind,
    String title,
    String body,
    Map<String, String> data,
    String collapseKey,
    boolean urgent,
    boolean inbox,
    NotificationStatus status,
    int attempts,
    Instant nextAttemptAt,
    String leaseOwner,
    Instant leaseUntil,
    Instant createdAt,
    Instant sentAt,
    Instant readAt,
    String lastError,
    String sender,
    List<String> deliveredDevices,
    Map<String, Object> logged,
    Instant deferredUntil,
    String traceparent) {

  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    data = data == null ? Map.of() : Map.copyOf(data);
    deliveredDevices = deliveredDevices == null ? List.of() : List.copyOf(deliveredDevices);
  }

  /** The push content (before fitting it to FCM's size limit). */
  public PushMessage push() {
    return new PushMessage(id, title, body, data, collapseKey, kind.silent());
  }
}
