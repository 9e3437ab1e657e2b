package com.fieldlead.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.notify.model.PushMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pure: builds push content that always fits FCM's 4096-byte payload limit. Titles and bodies are cut (on code-point
 * boundaries, with an ellipsis) until the encoded payload, counted the way FCM counts it (the JSON of notification
 * plus data, in UTF-8 bytes), is within {@link #BUDGET_BYTES}, which leaves room for the APNs/Android wrappers.
 */
public final class PushPayloads {

  /** FCM rejects messages whose payload exceeds 4096 bytes. */
  public static final int FCM_LIMIT_BYTES = 4096;
  /** What we allow ourselves, leaving margin for collapse keys, priority and platform blocks. */
  public static final int BUDGET_BYTES = 3600;

  static final int MAX_TITLE_CHARS = 120;
  static final int MAX_BODY_CHARS = 600;
  static final int MAX_DATA_VALUE_CHARS = 256;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PushPayloads() {}

  /** The message with title, body and data values cut to fit; {@link #size} of the result is within the budget. */
  public static PushMessage fit(PushMessage m) {
    Map<String, String> data = new LinkedHashMap<>();
    m.data().forEach((k, v) -> data.put(k, cut(v, MAX_DATA_VALUE_CHARS)));
    String title = m.title() == null ? null : cut(m.title(), MAX_TITLE_CHARS);
    String body = m.body() == null ? null : cut(m.body(), MAX_BODY_CHARS);
    PushMessage out = new PushMessage(
        m.notificationId(), title, body, data, cut(m.collapseKey(), 64), m.dataOnly());
    while (size(out) > BUDGET_BYTES) {
      if (out.body() != null && out.body().length() > 16) {
        out = with(out, out.title(), cut(out.body(), out.body().length() * 3 / 4));
      } else if (out.title() != null && out.title().length() > 16) {
        out = with(out, cut(out.title(), out.title().length() * 3 / 4), out.body());
      } else {
        throw new IllegalArgumentException("push data alone exceeds " + BUDGET_BYTES + " bytes");
      }
    }
    return out;
  }

  /** Encoded size in bytes of the payload FCM counts: notification (title, body) and data. */
  public static int size(PushMessage m) {
    Map<String, Object> payload = new LinkedHashMap<>();
    if (!m.dataOnly()) {
      Map<String, String> notification = new LinkedHashMap<>();
      notification.put("title", m.title());
      notification.put("body", m.body());
      payload.put("notification", notification);
    }
    payload.put("data", m.data());
    payload.put("collapse_key", m.collapseKey());
    try {
      return MAPPER.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code text} cut to at most {@code max} characters (code points kept whole), ending in an ellipsis if cut. */
  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isLowSurrogate(text.charAt(end))
        && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    } else if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "\u2026";
  }

  private static PushMessage with(PushMessage m, String title, String body) {
    return new PushMessage(
        m.notificationId(), title, body, m.data(), m.collapseKey(), m.dataOnly());
  }
}
