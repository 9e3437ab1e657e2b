package com.fieldlead.lead.model;

/**
 * A lead's organization fields: the organisation the person works for, and where it is. Part of {@link Lead} ({@link Lead#organization()}); on the wire
 * and in the store its fields are the lead's own top-level fields, under these very names ({@link LeadComponents}). A
 * new field of this group is a component here and a setter in {@link Lead.Builder}.
 */
public record LeadOrganization(
    String company,
    String website,
    String industry,
    String companySize,
    String country,
    String region,
    String city) {}
