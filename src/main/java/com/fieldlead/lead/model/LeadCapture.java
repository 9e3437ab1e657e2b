package com.fieldlead.lead.model;

import java.time.Instant;

/**
 * A lead's capture fields: how, where and by whom the lead was captured, and the scan it carried (server-owned). Part of {@link Lead} ({@link Lead#capture()}); on the wire
 * and in the store its fields are the lead's own top-level fields, under these very names ({@link LeadComponents}). A
 * new field of this group is a component here and a setter in {@link Lead.Builder}.
 */
public record LeadCapture(
    Lead.Location location,
    String source,
    String campaign,
    String eventId,
    String captureMethod,
    String capturedBy,
    Instant capturedAt,
    Instant deviceCapturedAt,
    Instant receivedAt,
    Lead.Scan scan) {}
