package com.fieldlead.sync.port;

import org.jspecify.annotations.Nullable;

/**
 * A lead's change as a pull page reads it: enough for a tombstone, and the lead's stored sync state when it was
 * written at the lead's current change number ({@code state}, its JSON; null otherwise, and then the whole lead is
 * read with {@link LeadScope#rendered}).
 */
public record LeadChange(
    long seq,
    String id,
    long version,
    boolean deleted,
    boolean erased,
    @Nullable String state) implements Stamped {}
