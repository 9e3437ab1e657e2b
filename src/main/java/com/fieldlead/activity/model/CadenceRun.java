package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cadence applied to a lead: the tasks it created for the owner, one per step, and how far it got. Step task
 * statuses and {@code progress} are read from the tasks when the run is shown.
 *
 * @param teamId the lead's team when applied; the step tasks carry it so the team's managers see them
 */
public record CadenceRun(
    String id,
    @JsonIgnore String tenantId,
    String cadenceId,
    String cadenceName,
    String leadId,
    String ownerId,
    String teamId,
    String timeZone,
    LocalDate startDate,
    Status status,
    String stopReason,
    List<RunStep> steps,
    Progress progress,
    String appliedBy,
    long version,
    Instant createdAt,
    Instant updatedAt,
    @JsonIgnore String fingerprint) {

  public CadenceRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    steps = List.copyOf(steps);
  }

  /** active while some step is open; completed when none is; stopped when the lead converted or died. */
  public enum Status {
    ACTIVE,
    COMPLETED,
    STOPPED;

    @JsonValue
    public String wire() {
      return EnumWireNames.name(this);
    }

    @JsonCreator
    public static Status of(String wire) {
      return EnumWireNames.parse(Status.class, wire);
    }
  }

  /**
   * @param localTime the wall-clock time asked for ("2025-03-30T02:30"); {@code dueAt} may differ on a DST gap
   */
  public record RunStep(
      int index,
      FollowUpAction action,
      String title,
      String localTime,
      Instant dueAt,
      String taskId,
      TaskStatus taskStatus) {}

  public record Progress(int total, int done, int open, int cancelled) {}

  /** This run with each step's task status and the progress filled in from {@code statuses} (by task id). */
  public CadenceRun withTaskStatuses(Map<String, TaskStatus> statuses) {
    List<RunStep> filled = steps.stream()
        .map(s -> new RunStep(
            s.index(),
            s.action(),
            s.title(),
            s.localTime(),
            s.dueAt(),
            s.taskId(),
            statuses.get(s.taskId())))
        .toList();
    int done =
        (int) filled.stream().filter(s -> s.taskStatus() == TaskStatus.DONE).count();
    int open =
        (int) filled.stream().filter(s -> s.taskStatus() == TaskStatus.OPEN).count();
    int cancelled = (int)
        filled.stream().filter(s -> s.taskStatus() == TaskStatus.CANCELLED).count();
    Status shown = status == Status.ACTIVE && open == 0 ? Status.COMPLETED : status;
    return new CadenceRun(
        id,
        tenantId,
        cadenceId,
        cadenceName,
        leadId,
        ownerId,
        teamId,
        timeZone,
        startDate,
        shown,
        stopReason,
        filled,
        new Progress(filled.size(), done, open, cancelled),
        appliedBy,
        version,
        createdAt,
        updatedAt,
        fingerprint);
  }
}
