package com.fieldlead.activity.model;

/** The outcome of an idempotent create: the record, and whether this call created it (201) or replayed it (200). */
public record Saved<T>(T value, boolean created) {}
