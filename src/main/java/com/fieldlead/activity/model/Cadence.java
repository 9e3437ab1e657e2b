package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A tenant's nurturing sequence: steps at a day offset and a local wall-clock time in the lead owner's zone. */
public record Cadence(
    String id,
    @JsonIgnore String tenantId,
    String name,
    String description,
    List<Step> steps,
    String createdBy,
    long version,
    Instant createdAt,
    Instant updatedAt,
    @JsonIgnore String fingerprint) {

  public Cadence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    steps = List.copyOf(steps);
  }

  /** One step: {@code localTime} is "HH:mm" on the start date plus {@code dayOffset} days. */
  public record Step(int dayOffset, String localTime, FollowUpAction action, String title) {}
}
