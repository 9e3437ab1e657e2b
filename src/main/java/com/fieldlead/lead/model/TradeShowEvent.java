package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A trade show (or any event leads are captured at). With {@code shareCaptures}, everyone who captured at the event
 * (and its owner) sees all of its captures.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TradeShowEvent(
    String id,
    String name,
    String venue,
    String city,
    String country,
    LocalDate startsOn,
    LocalDate endsOn,
    String timeZone,
    String ownerId,
    boolean shareCaptures,
    long version,
    Instant createdAt,
    String createdBy,
    Instant updatedAt) {}
