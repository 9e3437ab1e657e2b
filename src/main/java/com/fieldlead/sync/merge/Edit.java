package com.fieldlead.sync.merge;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An offline update to merge: the entity version it was made on, the changed fields with their new values, optionally
 * the values the client saw for them ({@code baseValues}: a key present means "known", even with a null value), who
 * made it on which device and when (client clock), and when the server received it.
 */
public record Edit(
    long baseVersion,
    Map<String, @Nullable Object> changes,
    Map<String, @Nullable Object> baseValues,
    String by,
    @Nullable String device,
    @Nullable Instant clientTime,
    Instant receivedAt) {

  public Edit {
    Objects.requireNonNull(receivedAt, "receivedAt");
    changes = copy(changes);
    baseValues = copy(baseValues);
  }

  private static Map<String, @Nullable Object> copy(@Nullable Map<String, @Nullable Object> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
