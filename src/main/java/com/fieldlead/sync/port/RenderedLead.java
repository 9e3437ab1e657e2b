package com.fieldlead.sync.port;

/** A lead's sync state written from its whole stored document, with the change number that document was at. */
public record RenderedLead(long seq, String state) {}
