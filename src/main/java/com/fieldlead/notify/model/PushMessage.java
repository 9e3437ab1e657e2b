package com.fieldlead.notify.model;

import java.util.Map;
import java.util.Objects;

/**
 * One push as it goes to every device of a user: visible title and body (absent for data-only pushes), the data
 * map the app reads ({@code type}, {@code notificationId}, ids to open), and the collapse key that makes a phone
 * show a repeated send once (Android {@code collapseKey}, APNs {@code apns-collapse-id}).
 */
public record PushMessage(
    String notificationId,
    String title,
    String body,
    Map<String, String> data,
    String collapseKey,
    boolean dataOnly) {

  public PushMessage {
    Objects.requireNonNull(notificationId, "notificationId");
    data = Map.copyOf(data);
    Objects.requireNonNull(collapseKey, "collapseKey");
  }
}
