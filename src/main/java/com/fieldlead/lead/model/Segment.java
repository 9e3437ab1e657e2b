package com.fieldlead.lead.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A saved lead filter: personal, or shared with the whole tenant. Counts apply the caller's visibility. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Segment(
    String id,
    String name,
    String ownerId,
    boolean shared,
    LeadQuery filter,
    String sort,
    Instant createdAt,
    Instant updatedAt) {}
