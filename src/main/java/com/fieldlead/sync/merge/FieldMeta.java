package com.fieldlead.sync.merge;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The last change of one field: the entity version it produced, the server time it was applied, and the user and
 * device that made it. A field without meta has not changed since the entity was created.
 */
public record FieldMeta(
    long version,
    @Nullable Instant at,
    @Nullable String by,
    @Nullable String device) {}
