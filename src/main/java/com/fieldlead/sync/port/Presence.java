package com.fieldlead.sync.port;

/** Where an entity that left some scope stands now: its version, and whether the caller's scope still sees it. */
public record Presence(long version, boolean seen) {}
