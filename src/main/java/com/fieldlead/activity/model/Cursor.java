package com.fieldlead.activity.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An opaque page cursor: the sort key (an instant) and id of the last item of the previous page. Keyset, not
 * offset: items inserted meanwhile neither repeat nor disappear.
 */
public record Cursor(Instant at, String id) {

  public Cursor {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(id, "id");
  }

  public String encode() {
    String raw = at.toEpochMilli() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code text}, or empty when it is not one of ours. */
  public static Optional<Cursor> decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar <= 0 || bar == raw.length() - 1) {
        return Optional.empty();
      }
      return Optional.of(new Cursor(
          Instant.ofEpochMilli(Long.parseLong(raw.substring(0, bar))), raw.substring(bar + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
