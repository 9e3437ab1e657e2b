package com.fieldlead.lead.model;

import java.util.List;
import java.util.Map;

/**
 * A lead's qualification fields: where the lead stands: BANT, answers, status and its history, tags, consents, custom fields and what it was converted into. Part of {@link Lead} ({@link Lead#qualification()}); on the wire
 * and in the store its fields are the lead's own top-level fields, under these very names ({@link LeadComponents}). A
 * new field of this group is a component here and a setter in {@link Lead.Builder}.
 */
public record LeadQualification(
    Lead.Bant bant,
    List<Lead.Answer> answers,
    String status,
    String statusReason,
    List<Lead.StageChange> stageHistory,
    List<String> tags,
    List<Lead.Consent> consents,
    Boolean marketingOptOut,
    Map<String, Object> customFields,
    Lead.Conversion conversion) {}
