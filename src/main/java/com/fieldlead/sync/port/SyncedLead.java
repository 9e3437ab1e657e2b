package com.fieldlead.sync.port;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A lead as a push reads and writes it: what the field merger needs of it, and its sync state. Handed back to
 * {@link LeadWrites} unchanged (the lead feature knows the lead behind it).
 */
public interface SyncedLead {

  String id();

  long version();

  boolean deleted();

  /** Per top-level field, the change that last wrote it (absent: never written by a tracked change). */
  Map<String, FieldStamp> fieldMeta();

  /**
   * The values of {@code fields} only, each exactly as it reads back from {@link #state()} (a string, number,
   * boolean, list or map; absent when null): the merger compares a mutation's fields only.
   */
  Map<String, Object> values(Collection<String> fields);

  /** The lead's sync state as JSON: the same text a pull page carries for it. */
  String state();

  /** Who last wrote a field, at which version and when. */
  record FieldStamp(
      long version,
      @Nullable Instant at,
      @Nullable String by,
      @Nullable String device) {}
}
