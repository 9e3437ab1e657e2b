package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened with a lead: a call, e-mail, meeting, visit or note. Append-only (a correction is a new
 * note). {@code occurredAt} is the device's time, {@code receivedAt} the server's; exactly one of the type-specific
 * objects is set, the one named by {@code type}. {@code version} changes only when a lead merge re-points it.
 */
public record Activity(
    String id,
    @JsonIgnore String tenantId,
    String leadId,
    ActivityType type,
    Instant occurredAt,
    Instant receivedAt,
    String userId,
    String deviceId,
    Call call,
    Email email,
    Meeting meeting,
    Visit visit,
    Note note,
    long version,
    Instant createdAt,
    Instant updatedAt,
    String mergedFromLeadId,
    @JsonIgnore String fingerprint) {

  public Activity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(type, "type");
  }

  /** Direction of a call or e-mail. */
  public enum Direction {
    INBOUND,
    OUTBOUND;

    @JsonValue
    public String wire() {
      return EnumWireNames.name(this);
    }

    @JsonCreator
    public static Direction of(String wire) {
      return EnumWireNames.parse(Direction.class, wire);
    }
  }

  /** How a call ended. */
  public enum CallOutcome {
    CONNECTED,
    NO_ANSWER,
    VOICEMAIL,
    BUSY,
    WRONG_NUMBER;

    @JsonValue
    public String wire() {
      return EnumWireNames.name(this);
    }

    @JsonCreator
    public static CallOutcome of(String wire) {
      return EnumWireNames.parse(CallOutcome.class, wire);
    }
  }

  /** How a meeting went. */
  public enum MeetingOutcome {
    HELD,
    NO_SHOW,
    RESCHEDULED,
    CANCELLED;

    @JsonValue
    public String wire() {
      return EnumWireNames.name(this);
    }

    @JsonCreator
    public static MeetingOutcome of(String wire) {
      return EnumWireNames.parse(MeetingOutcome.class, wire);
    }
  }

  public record Call(
      Direction direction, CallOutcome outcome, Integer durationSeconds, String summary) {}

  public record Email(Direction direction, String subject, String summary) {}

  public record Meeting(
      Instant startedAt, Integer durationMinutes, MeetingOutcome outcome, String summary) {}

  /** A check-in: where the phone was (WGS84, accuracy in metres) and, optionally, the address it resolved to. */
  public record Visit(Location location, String address, String summary) {}

  public record Location(double lat, double lon, Double accuracy) {}

  public record Note(String text) {}

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
