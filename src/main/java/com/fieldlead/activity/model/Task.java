package com.fieldlead.activity.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A follow-up task. {@code dueAt} is an instant; {@code timeZone} is the assignee's IANA zone when it was scheduled.
 * {@code remindAt} starts at {@code dueAt - remindBefore} and moves with each snooze (history in {@code snoozes}).
 * Deleting leaves a tombstone ({@code deleted}, {@code deletedAt}) so syncing phones learn about it.
 *
 * @param assigneeTeamIds teams of the assignee when assigned, so managers see their teams' tasks
 * @param statusReason why a task was cancelled (for example {@code lead converted})
 * @param fingerprint hash of the create request, to tell an idempotent replay from a reused id
 */
public record Task(
    String id,
    @JsonIgnore String tenantId,
    TaskKind kind,
    String title,
    String leadId,
    String assigneeId,
    @JsonIgnore List<String> assigneeTeamIds,
    String createdBy,
    FollowUpAction action,
    Instant dueAt,
    String timeZone,
    String remindBefore,
    Instant remindAt,
    TaskPriority priority,
    boolean urgent,
    String notes,
    TaskStatus status,
    String statusReason,
    Instant completedAt,
    List<Snooze> snoozes,
    String cadenceRunId,
    Integer cadenceStep,
    long version,
    Instant createdAt,
    Instant updatedAt,
    boolean deleted,
    Instant deletedAt,
    @JsonIgnore String fingerprint) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(assigneeId, "assigneeId");
    Objects.requireNonNull(status, "status");
    assigneeTeamIds = assigneeTeamIds == null ? List.of() : List.copyOf(assigneeTeamIds);
    snoozes = snoozes == null ? List.of() : List.copyOf(snoozes);
  }

  /** One snooze: when, by whom, and the reminder time it moved from and to. */
  public record Snooze(Instant at, String by, Instant from, Instant until) {}

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-with for the few state changes a task goes through (update, snooze, cancel, delete). */
  public static final class Builder {
    private final Task t;
    private String title;
    private String assigneeId;
    private List<String> assigneeTeamIds;
    private Instant dueAt;
    private String timeZone;
    private String remindBefore;
    private Instant remindAt;
    private TaskPriority priority;
    private boolean urgent;
    private String notes;
    private TaskStatus status;
    private String statusReason;
    private Instant completedAt;
    private List<Snooze> snoozes;
    private FollowUpAction action;
    private boolean deleted;
    private Instant deletedAt;

    private Builder(Task t) {
      this.t = t;
      title = t.title;
      assigneeId = t.assigneeId;
      assigneeTeamIds = t.assigneeTeamIds;
      dueAt = t.dueAt;
      timeZone = t.timeZone;
      remindBefore = t.remindBefore;
      remindAt = t.remindAt;
      priority = t.priority;
      urgent = t.urgent;
      notes = t.notes;
      status = t.status;
      statusReason = t.statusReason;
      completedAt = t.completedAt;
      snoozes = t.snoozes;
      action = t.action;
      deleted = t.deleted;
      deletedAt = t.deletedAt;
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public Builder assignee(String id, List<String> teams) {
      assigneeId = id;
      assigneeTeamIds = teams;
      return this;
    }

    public Builder dueAt(Instant v) {
      dueAt = v;
      return this;
    }

    public Builder timeZone(String v) {
      timeZone = v;
      return this;
    }

    public Builder remindBefore(String v) {
      remindBefore = v;
      return this;
    }

    public Builder remindAt(Instant v) {
      remindAt = v;
      return this;
    }

    public Builder priority(TaskPriority v) {
      priority = v;
      return this;
    }

    public Builder urgent(boolean v) {
      urgent = v;
      return this;
    }

    public Builder notes(String v) {
      notes = v;
      return this;
    }

    public Builder action(FollowUpAction v) {
      action = v;
      return this;
    }

    public Builder status(TaskStatus v, String reason, Instant completed) {
      status = v;
      statusReason = reason;
      completedAt = completed;
      return this;
    }

    public Builder snoozes(List<Snooze> v) {
      snoozes = v;
      return this;
    }

    public Builder deleted(Instant at) {
      deleted = true;
      deletedAt = at;
      return this;
    }

    /** The next version of the task, written at {@code now}. */
    public Task build(Instant now) {
      return new Task(
          t.id,
          t.tenantId,
          t.kind,
          title,
          t.leadId,
          assigneeId,
          assigneeTeamIds,
          t.createdBy,
          action,
          dueAt,
          timeZone,
          remindBefore,
          remindAt,
          priority,
          urgent,
          notes,
          status,
          statusReason,
          completedAt,
          snoozes,
          t.cadenceRunId,
          t.cadenceStep,
          t.version + 1,
          t.createdAt,
          now,
          deleted,
          deletedAt,
          t.fingerprint);
    }
  }
}
