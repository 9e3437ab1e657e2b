package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The body of {@code POST /v1/tasks/{taskId}/snooze}: either {@code until} (an instant) or {@code for}. */
public record SnoozeInput(
    Instant until, @JsonProperty("for") JsonNode length) {}
