package com.fieldlead.sync.port;

/** An entity that left some scope (a lead reassigned, a task given to someone else) at change {@code seq}. */
public record Exit(long seq, String entityId) implements Stamped {}
