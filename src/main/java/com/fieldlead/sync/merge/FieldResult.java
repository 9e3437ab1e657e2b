package com.fieldlead.sync.merge;

import org.jspecify.annotations.Nullable;

/** One pushed field's outcome and, unless rejected, the value the entity holds for it after the merge. */
public record FieldResult(
    String field, FieldOutcome outcome, @Nullable Object value) {}
