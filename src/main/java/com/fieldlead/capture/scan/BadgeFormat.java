package com.fieldlead.capture.scan;

import java.time.Instant;

/** An event's badge layout, as stored per tenant and event, with who set it last and when. */
public record BadgeFormat(
    String eventId, BadgeLayout layout, Instant updatedAt, String updatedBy) {}
