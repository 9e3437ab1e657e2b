package com.fieldlead.notify.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A notification to create for one user. {@code sourceKey} names what caused it (an event id, a task reminder
 * time...): the notification's id is derived from tenant, user and source key, so creating it twice (an event
 * handled again after a crash) stores it once.
 *
 * @param notBefore earliest send time (a reminder's fire time), or null for now
 * @param urgent ignores quiet hours
 * @param text the title and body as a template and its arguments, rendered in the recipient's language when the
 *     notification is stored (then {@code title} and {@code body} are only the fallback); null: as given
 * @param traceparent the W3C trace context of what caused it (an event's request), so that its push joins that trace;
 *     null: the trace of the code that stores it, if any
 */
public record NewNotification(
    String tenantId,
    String userId,
    NotificationKind kind,
    String sourceKey,
    String title,
    String body,
    Map<String, String> data,
    boolean urgent,
    Instant notBefore,
    PushTexts.Text text,
    String traceparent) {

  /** A notification with a fixed title and body. */
  public NewNotification(
      String tenantId,
      String userId,
      NotificationKind kind,
      String sourceKey,
      String title,
      String body,
      Map<String, String> data,
      boolean urgent,
      Instant notBefore) {
    this(tenantId, userId, kind, sourceKey, title, body, data, urgent, notBefore, null, null);
  }

  /** The same notification, continuing the trace of {@code traceparent} (may be null). */
  public NewNotification tracedBy(String traceparent) {
    return new NewNotification(
        tenantId, userId, kind, sourceKey, title, body, data, urgent, notBefore, text, traceparent);
  }

  /** A notification whose title and body are rendered from {@code text} in the recipient's language. */
  public static NewNotification of(
      String tenantId,
      String userId,
      NotificationKind kind,
      String sourceKey,
      PushTexts.Text text,
      Map<String, String> data,
      boolean urgent,
      Instant notBefore) {
    PushTexts.Rendered english = PushTexts.render(null, text);
    return new NewNotification(
        tenantId,
        userId,
        kind,
        sourceKey,
        english.title(),
        english.body(),
        data,
        urgent,
        notBefore,
        text,
        null);
  }

  public NewNotification {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sourceKey, "sourceKey");
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  /** The stable notification id. */
  public String id() {
    return UUID.nameUUIDFromBytes((tenantId + "|" + userId + "|" + kind.wire() + "|" + sourceKey)
            .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * The push data: the caller's keys plus {@code type} and {@code notificationId}, which the app dedupes on, and
   * {@code link}, the manager's dashboard view it is about (mobile-contract/deep-links.md).
   */
  public Map<String, String> pushData() {
    Map<String, String> out = new LinkedHashMap<>(data);
    out.put("type", kind.wire());
    out.put("notificationId", id());
    String link = dashboardLink(kind, data.get("leadId"));
    if (link != null) {
      out.put("link", link);
    }
    return out;
  }

  /**
   * The dashboard's deep link of a notification, relative to the server's base URL: the lead it names
   * ({@code /app/#/leads/{leadId}}), else the today view; none for a silent sync nudge.
   */
  static String dashboardLink(NotificationKind kind, String leadId) {
    if (kind.silent()) {
      return null;
    }
    if (leadId != null && !leadId.isBlank()) {
      return "/app/#/leads/" + URLEncoder.encode(leadId, StandardCharsets.UTF_8);
    }
    return "/app/#/today";
  }
}
