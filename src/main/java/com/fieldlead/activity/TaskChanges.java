package com.fieldlead.activity;

import com.fieldlead.activity.model.ReminderRules;
import com.fieldlead.activity.model.SnoozeInput;
import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskPatch;
import com.fieldlead.activity.model.TaskStatus;
import com.fieldlead.auth.Principal;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state changes of a task as pure functions: applying a PATCH, snoozing, cancelling, deleting. Each returns the
 * next version of the task (version +1, updatedAt now) or fails with a 4xx problem naming the field.
 */
final class TaskChanges {

  static final String CANCELLED_BY_USER = "cancelled by user";

  private TaskChanges() {}

  /** Someone the task can be assigned to: id, teams, and the zone the directory knows for them (or null). */
  record Assignee(String userId, List<String> teamIds, String timeZone) {}

  /**
   * Applies {@code patch}; {@code newAssignee} is the resolved new assignee when the patch reassigns (else null).
   * Changing the due time or the offset re-arms the reminder (an earlier snooze no longer applies).
   */
  static Task apply(Task task, TaskPatch patch, Assignee newAssignee, Instant now) {
    Task.Builder next = task.toBuilder();
    if (patch.title() != null) {
      next.title(InputChecks.requireText(patch.title(), "/title"));
    }
    if (patch.action() != null) {
      next.action(patch.action());
    }
    if (patch.priority() != null) {
      next.priority(patch.priority());
    }
    if (patch.urgent() != null) {
      next.urgent(patch.urgent());
    }
    if (patch.notes() != null) {
      next.notes(patch.notes().isBlank() ? null : patch.notes());
    }
    String zone = task.timeZone();
    if (newAssignee != null) {
      next.assignee(newAssignee.userId(), newAssignee.teamIds());
      zone = newAssignee.timeZone() != null ? newAssignee.timeZone() : zone;
    }
    if (patch.timeZone() != null) {
      zone = InputChecks.zone(patch.timeZone(), "/timeZone").getId();
    }
    next.timeZone(zone);
    if (patch.dueAt() != null || patch.remindBefore() != null) {
      Instant due = patch.dueAt() != null ? InputChecks.millis(patch.dueAt()) : task.dueAt();
      Duration before = patch.remindBefore() != null
          ? InputChecks.remindBefore(patch.remindBefore(), "/remindBefore")
          : ReminderRules.parse(task.remindBefore()).orElse(null);
      next.dueAt(due)
          .remindBefore(before == null ? null : before.toString())
          .remindAt(ReminderRules.remindAt(due, before));
    }
    if (patch.status() != null && patch.status() != task.status()) {
      switch (patch.status()) {
        case DONE -> next.status(TaskStatus.DONE, null, now);
        case CANCELLED -> next.status(TaskStatus.CANCELLED, CANCELLED_BY_USER, null);
        case OPEN -> next.status(TaskStatus.OPEN, null, null);
      }
    }
    return next.build(now);
  }

  /** Moves the reminder of an open task; history keeps where it was. */
  static Task snooze(Task task, SnoozeInput input, Principal by, Instant now) {
    if (task.status() != TaskStatus.OPEN) {
      throw new ProblemException(
          ErrorCode.CONFLICT,
          "Only open tasks can be snoozed; this one is " + task.status().wire());
    }
    if ((input.until() == null) == (input.length() == null)) {
      throw ProblemException.invalidField(
          input.until() == null ? "/until" : "/for",
          "oneOf",
          "send either until (an instant) or for (a duration), not both or neither");
    }
    Duration length =
        input.length() == null ? null : InputChecks.snoozeLength(input.length(), "/for");
    Instant until = ReminderRules.snoozedUntil(
            now, task.remindAt(), InputChecks.millis(input.until()), length)
        .orElseThrow(
            () -> ProblemException.invalidField(
                input.until() != null ? "/until" : "/for",
                "range",
                "the snooze must end in the future, at most 30 days from now (or from a reminder still to come)"));
    if (ReminderRules.movesEarlier(now, task.remindAt(), until)) {
      throw new ProblemException(
          ErrorCode.CONFLICT,
          "A snooze never moves a reminder earlier: this one fires at " + task.remindAt()
              + "; change remindBefore or dueAt to be reminded sooner");
    }
    Instant from = task.remindAt() != null ? task.remindAt() : task.dueAt();
    List<Task.Snooze> history = new ArrayList<>(task.snoozes());
    history.add(
        new Task.Snooze(InputChecks.millis(now), by.userId(), from, InputChecks.millis(until)));
    return task.toBuilder()
        .remindAt(InputChecks.millis(until))
        .snoozes(history)
        .build(InputChecks.millis(now));
  }

  static Task delete(Task task, Instant now) {
    return task.toBuilder().deleted(InputChecks.millis(now)).build(InputChecks.millis(now));
  }
}
