package com.fieldlead.notify.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a notification is in the outbox. {@code PENDING} waits for {@code nextAttemptAt}; {@code SENDING} is claimed
 * by a worker until its lease ends; the rest are final: {@code SENT} (FCM accepted it for at least one device, or the
 * log sender recorded it), {@code NO_DEVICE} (no current token: inbox only), {@code MUTED} (the user switched the
 * kind off: inbox only), {@code SKIPPED} (obsolete when due, e.g. the task was done), {@code DEAD} (gave up after the
 * last attempt), {@code CANCELLED} (withdrawn before it was sent: the lead it names was erased; out of the inbox too).
 */
public enum NotificationStatus {
  PENDING,
  SENDING,
  SENT,
  NO_DEVICE,
  MUTED,
  SKIPPED,
  DEAD,
  CANCELLED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NotificationStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
