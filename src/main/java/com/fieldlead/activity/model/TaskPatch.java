package com.fieldlead.activity.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The body of {@code PATCH /v1/tasks/{taskId}}: absent (or null) fields stay as they are; an empty {@code notes}
 * clears the notes. {@code status} done/cancelled/open completes, cancels or reopens the task.
 */
public record TaskPatch(
    String title,
    String assigneeId,
    FollowUpAction action,
    Instant dueAt,
    String timeZone,
    JsonNode remindBefore,
    TaskPriority priority,
    Boolean urgent,
    String notes,
    TaskStatus status) {}
