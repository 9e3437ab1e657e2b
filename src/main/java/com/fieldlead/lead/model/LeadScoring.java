package com.fieldlead.lead.model;

import java.time.Instant;
import java.util.List;

/**
 * A lead's scoring fields: the scoring feature's server-owned fields, and the booth's hot mark that overrides them. Part of {@link Lead} ({@link Lead#scoring()}); on the wire
 * and in the store its fields are the lead's own top-level fields, under these very names ({@link LeadComponents}). A
 * new field of this group is a component here and a setter in {@link Lead.Builder}.
 */
public record LeadScoring(
    Integer score,
    String temperature,
    List<String> scoreExplanation,
    Lead.ScoreDetails scoreDetails,
    Instant scoreNextDecayAt,
    Lead.HotOverride hotOverride) {}
