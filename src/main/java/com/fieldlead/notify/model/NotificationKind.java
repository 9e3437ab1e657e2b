package com.fieldlead.notify.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a notification is about; users switch each kind on or off. Wire names are lower case. */
public enum NotificationKind {
  HOT_LEAD,
  ASSIGNMENT,
  SLA_BREACH,
  REMINDER,
  DIGEST,
  SYNC_NUDGE;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static NotificationKind of(String wire) {
    for (NotificationKind k : values()) {
      if (k.wire().equals(wire)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown notification kind '" + wire + "'");
  }

  /** Quiet hours defer these (a hot lead, an urgent reminder and a silent sync nudge go out at once). */
  public boolean deferredByQuietHours() {
    return this == ASSIGNMENT || this == SLA_BREACH || this == REMINDER || this == DIGEST;
  }

  /** Data-only pushes that the user never sees; they are not kept in the inbox. */
  public boolean silent() {
    return this == SYNC_NUDGE;
  }
}
