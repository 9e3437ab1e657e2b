package com.fieldlead.assignment.model;

/**
 * What routing needs to know about a lead: where it is (country ISO alpha-2, region, postal code), the event it was
 * captured at, who captured it, and the event's owner. Every field may be null.
 */
public record LeadRoutingFacts(
    String country,
    String region,
    String postalCode,
    String eventId,
    String capturedBy,
    String eventOwnerId) {}
