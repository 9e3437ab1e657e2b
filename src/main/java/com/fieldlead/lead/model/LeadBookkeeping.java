package com.fieldlead.lead.model;

import java.time.Instant;
import java.util.Map;

/**
 * A lead's bookkeeping fields: the server's bookkeeping: per-field change metadata, creation, update, deletion and merge, and the lead's ids and push state in other systems. Part of {@link Lead} ({@link Lead#bookkeeping()}); on the wire
 * and in the store its fields are the lead's own top-level fields, under these very names ({@link LeadComponents}). A
 * new field of this group is a component here and a setter in {@link Lead.Builder}.
 */
public record LeadBookkeeping(
    Map<String, Lead.FieldChange> fieldMeta,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    Instant deletedAt,
    String mergedInto,
    Map<String, String> externalIds,
    Lead.CrmLink crm) {}
