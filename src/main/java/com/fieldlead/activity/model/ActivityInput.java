package com.fieldlead.activity.model;

import java.time.Instant;

/**
 * The body of {@code POST /v1/leads/{leadId}/activities}. {@code id} is the phone's UUID (offline create; a replay
 * with the same id and content answers 200 with the stored activity); {@code occurredAt} is the device's time.
 */
public record ActivityInput(
    String id,
    ActivityType type,
    Instant occurredAt,
    Activity.Call call,
    Activity.Email email,
    Activity.Meeting meeting,
    Activity.Visit visit,
    Activity.Note note) {

  /** The type-specific object named {@code forType}, or null. */
  public Object details(ActivityType forType) {
    return switch (forType) {
      case CALL -> call;
      case EMAIL -> email;
      case MEETING -> meeting;
      case VISIT -> visit;
      case NOTE -> note;
    };
  }
}
