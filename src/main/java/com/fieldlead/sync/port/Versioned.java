package com.fieldlead.sync.port;

/** An entity's id and current version (a re-baseline's listing). */
public record Versioned(String id, long version) {}
