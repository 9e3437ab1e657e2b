package com.fieldlead.lead.model;

/**
 * A lead's contact fields: the person: name, how to reach them and their job title. Part of {@link Lead} ({@link Lead#contact()}); on the wire
 * and in the store its fields are the lead's own top-level fields, under these very names ({@link LeadComponents}). A
 * new field of this group is a component here and a setter in {@link Lead.Builder}.
 */
public record LeadContact(
    String firstName,
    String lastName,
    String email,
    String phone,
    String phoneRaw,
    Boolean phoneValid,
    String title) {}
