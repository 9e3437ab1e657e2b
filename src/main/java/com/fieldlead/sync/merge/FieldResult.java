package com.fieldlead.sync.merge;

/** One pushed field's outcome and, unless rejected, the value the entity holds for it after the merge. */
public record FieldResult(String field, FieldOutcome outcome, Object value) {}
