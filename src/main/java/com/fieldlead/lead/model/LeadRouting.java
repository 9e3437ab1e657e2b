package com.fieldlead.lead.model;

/**
 * A lead's routing fields: who works the lead: its owner and team. Part of {@link Lead} ({@link Lead#routing()}); on the wire
 * and in the store its fields are the lead's own top-level fields, under these very names ({@link LeadComponents}). A
 * new field of this group is a component here and a setter in {@link Lead.Builder}.
 */
public record LeadRouting(String ownerId, String teamId) {}
