package com.fieldlead.notify.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's notification settings, as read and written by {@code /v1/me/notification-preferences}.
 *
 * @param kinds every kind's wire name to on/off (a kind left out of a PUT keeps "on")
 * @param quietHours local "HH:mm" start and end in {@code timeZone}, or null for none
 * @param timeZone IANA zone of the quiet hours and the digest; null means the user's own zone
 * @param digestTime local "HH:mm" of the daily digest, or null for none
 * @param locale language of push texts ({@link PushTexts#LOCALES}); null means the tenant's
 */
public record NotificationPreferences(
    Map<String, Boolean> kinds,
    Window quietHours,
    String timeZone,
    String digestTime,
    String locale) {

  public NotificationPreferences(
      Map<String, Boolean> kinds, Window quietHours, String timeZone, String digestTime) {
    this(kinds, quietHours, timeZone, digestTime, null);
  }

  public NotificationPreferences {
    Map<String, Boolean> all = new LinkedHashMap<>();
    for (NotificationKind k : NotificationKind.values()) {
      all.put(k.wire(), kinds == null || kinds.get(k.wire()) == null || kinds.get(k.wire()));
    }
    kinds = Map.copyOf(all);
  }

  /** Quiet hours as the wire shows them. */
  public record Window(String start, String end) {}

  /** Everything on, no quiet hours, no digest, the user's zone. */
  public static NotificationPreferences defaults() {
    return new NotificationPreferences(Map.of(), null, null, null);
  }

  public boolean enabled(NotificationKind kind) {
    return kinds.getOrDefault(kind.wire(), true);
  }
}
