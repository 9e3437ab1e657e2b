package com.fieldlead.sync.port;

import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A change of an activity, task or attachment: its id and version, whether it is a tombstone, the lead it belongs to
 * (null when it names none), and its state, written only when asked for ({@link #state()}: a page converts only the
 * changes that make it onto the page).
 */
public record EntityChange(
    long seq,
    String id,
    long version,
    boolean deleted,
    @Nullable String leadId,
    Supplier<Map<String, @Nullable Object>> stateOf)
    implements Stamped {

  /** The entity's state (its API JSON as a map, without the tenant id). */
  public Map<String, @Nullable Object> state() {
    return stateOf.get();
  }
}
