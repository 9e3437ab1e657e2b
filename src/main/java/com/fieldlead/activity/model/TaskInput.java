package com.fieldlead.activity.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The body of {@code POST /v1/tasks}. {@code remindBefore} is an ISO-8601 duration or a number of minutes;
 * {@code timeZone} is the assignee's IANA zone (taken from the user directory when omitted).
 */
public record TaskInput(
    String id,
    TaskKind kind,
    String title,
    String leadId,
    String assigneeId,
    FollowUpAction action,
    Instant dueAt,
    String timeZone,
    JsonNode remindBefore,
    TaskPriority priority,
    Boolean urgent,
    String notes) {}
