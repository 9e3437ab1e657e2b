package com.fieldlead.activity;

import com.fieldlead.activity.model.Cursor;
import com.fieldlead.activity.model.CursorPage;
import com.fieldlead.activity.model.FollowUpAction;
import com.fieldlead.activity.model.LocalSchedule;
import com.fieldlead.activity.model.ReminderRules;
import com.fieldlead.activity.model.Saved;
import com.fieldlead.activity.model.SnoozeInput;
import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskInput;
import com.fieldlead.activity.model.TaskKind;
import com.fieldlead.activity.model.TaskPatch;
import com.fieldlead.activity.model.TaskPriority;
import com.fieldlead.activity.model.TaskQuery;
import com.fieldlead.activity.model.TaskStatus;
import com.fieldlead.activity.store.TaskRepository;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follow-up tasks: idempotent create, optimistic updates (If-Match on the version), snooze, tombstone delete, lists
 * and the "my tasks" views computed in the user's own time zone.
 */
public final class TaskService {

  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);

  private final TaskRepository repository;
  private final LeadLookup leads;
  private final AssigneeDirectory directory;
  private final Clock clock;

  public TaskService(
      TaskRepository repository, LeadLookup leads, AssigneeDirectory directory, Clock clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.leads = Objects.requireNonNull(leads, "leads");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The "my tasks" answer: which window of which zone, and the open tasks due in it. */
  public record MyTasks(String view, String timeZone, Instant from, Instant to, List<Task> items) {}

  /** Creates a task (201), or answers the stored one for a replay of the same id and content (200). */
  public Future<Saved<Task>> create(Principal caller, TaskInput in) {
    Instant now = now();
    return Future.succeededFuture(in)
        .map(TaskService::checkCreate)
        .compose(v -> in.leadId() == null
            ? Future.succeededFuture()
            : leads.visible(caller, in.leadId()).mapEmpty())
        .compose(v -> assignee(caller, in.assigneeId(), "/assigneeId"))
        .map(who -> newTask(caller, in, who, now))
        .compose(task -> repository.insertIfAbsent(task).compose(inserted -> {
          if (inserted) {
            LOG.info(
                "task created [task={}, assignee={}, lead={}]",
                task.id(),
                task.assigneeId(),
                task.leadId());
            return Future.succeededFuture(new Saved<>(task, true));
          }
          return repository
              .find(caller.tenantId(), task.id())
              .map(existing -> existing
                  .filter(
                      t -> t.fingerprint() != null && t.fingerprint().equals(task.fingerprint()))
                  .map(t -> new Saved<>(t, false))
                  .orElseThrow(() -> InputChecks.conflictingId("task", task.id())));
        }));
  }

  /** The task if the caller may see it and it is not deleted; else 404. */
  public Future<Task> get(Principal caller, String id) {
    return repository
        .find(caller.tenantId(), id)
        .map(found -> found
            .filter(t -> !t.deleted() && TaskAccess.canSee(caller, t))
            .orElseThrow(() -> ProblemException.notFound("task")));
  }

  /** Applies {@code patch} if the task is still at {@code expectedVersion} (412 otherwise). */
  public Future<Task> update(Principal caller, String id, long expectedVersion, TaskPatch patch) {
    Instant now = now();
    return get(caller, id)
        .compose(task -> {
          if (task.version() != expectedVersion) {
            throw ETags.stale(expectedVersion, task.version());
          }
          boolean reassign =
              patch.assigneeId() != null && !patch.assigneeId().equals(task.assigneeId());
          Future<TaskChanges.Assignee> who = reassign
              ? assignee(caller, patch.assigneeId(), "/assigneeId")
              : Future.succeededFuture();
          return who.map(a -> TaskChanges.apply(task, patch, a, now));
        })
        .compose(next -> write(next, expectedVersion));
  }

  /** Moves the reminder; {@code expectedVersion} may be null (a tap on a notification knows no version). */
  public Future<Task> snooze(Principal caller, String id, Long expectedVersion, SnoozeInput input) {
    Instant now = now();
    return get(caller, id).compose(task -> {
      if (expectedVersion != null && task.version() != expectedVersion) {
        throw ETags.stale(expectedVersion, task.version());
      }
      return write(TaskChanges.snooze(task, input, caller, now), task.version());
    });
  }

  /** Deletes (tombstones) the task at {@code expectedVersion}. */
  public Future<Void> delete(Principal caller, String id, long expectedVersion) {
    Instant now = now();
    return get(caller, id)
        .compose(task -> {
          if (task.version() != expectedVersion) {
            throw ETags.stale(expectedVersion, task.version());
          }
          return write(TaskChanges.delete(task, now), expectedVersion);
        })
        .mapEmpty();
  }

  /** Tasks in the caller's scope matching the filters, by due time. */
  public Future<CursorPage<Task>> list(Principal caller, TaskFilter filter, int limit) {
    TaskQuery query = new TaskQuery(
        caller.tenantId(),
        TaskAccess.scope(caller),
        filter.assigneeId(),
        filter.leadId(),
        filter.status() == null ? List.of() : List.of(filter.status()),
        filter.dueFrom(),
        filter.dueBefore(),
        filter.after(),
        limit + 1);
    return repository.list(query).map(found -> {
      List<Task> items = found.size() > limit ? found.subList(0, limit) : found;
      String next = found.size() > limit
          ? new Cursor(items.get(limit - 1).dueAt(), items.get(limit - 1).id()).encode()
          : null;
      return new CursorPage<>(items, next);
    });
  }

  /** Filters of {@code GET /v1/tasks}; every field may be null. */
  public record TaskFilter(
      String assigneeId,
      String leadId,
      TaskStatus status,
      Instant dueFrom,
      Instant dueBefore,
      Cursor after) {}

  /**
   * The caller's open tasks due today / overdue / upcoming, where "today" is the caller's local calendar day in
   * their own zone (from the directory; {@code fallbackZone} when it has none; UTC when neither).
   */
  public Future<MyTasks> mine(
      Principal caller, LocalSchedule.View view, String fallbackZone, int limit) {
    Instant now = now();
    ZoneId given = fallbackZone == null ? null : InputChecks.zone(fallbackZone, "query.zone");
    return directory
        .find(caller.tenantId(), caller.userId())
        .map(found -> {
          ZoneId zone = found
              .map(AssigneeDirectory.Assignee::timeZone)
              .flatMap(LocalSchedule::ianaZone)
              .orElse(given != null ? given : ZoneOffset.UTC);
          return zone;
        })
        .compose(zone -> {
          LocalSchedule.Window w = LocalSchedule.window(view, now, zone);
          TaskQuery query = new TaskQuery(
              caller.tenantId(),
              new TaskQuery.Scope(false, caller.userId(), List.of()),
              caller.userId(),
              null,
              List.of(TaskStatus.OPEN),
              w.from(),
              w.to(),
              null,
              limit);
          return repository
              .list(query)
              .map(items -> new MyTasks(view.wire(), zone.getId(), w.from(), w.to(), items));
        });
  }

  /** Moves merged lead {@code loserId}'s tasks to {@code survivorId}. */
  public Future<Long> repoint(String tenantId, String loserId, String survivorId) {
    return repository.repoint(tenantId, loserId, survivorId, now());
  }

  /**
   * Resolves who a task goes to: the caller when {@code requested} is null or themselves; otherwise an active user
   * of the tenant whom the caller may assign work to (admins: anyone; managers: members of their teams).
   */
  Future<TaskChanges.Assignee> assignee(Principal caller, String requested, String field) {
    if (requested == null || requested.equals(caller.userId())) {
      return directory
          .find(caller.tenantId(), caller.userId())
          .map(found -> new TaskChanges.Assignee(
              caller.userId(),
              caller.teamIds(),
              found.map(AssigneeDirectory.Assignee::timeZone).orElse(null)));
    }
    if (caller.is(Role.REP) || caller.is(Role.BOOTH)) {
      return Future.failedFuture(
          ProblemException.forbidden("Only managers and admins may assign tasks to others"));
    }
    return directory.find(caller.tenantId(), requested).map(found -> {
      AssigneeDirectory.Assignee a = found.orElseThrow(() -> ProblemException.invalidField(
          field, "unknown", "no active user with this id in your tenant"));
      if (!TaskAccess.mayAssign(caller, a.userId(), a.teamIds())) {
        throw ProblemException.forbidden(
            "Managers may assign tasks only to members of the teams they manage");
      }
      return new TaskChanges.Assignee(a.userId(), a.teamIds(), a.timeZone());
    });
  }

  private Future<Task> write(Task next, long expectedVersion) {
    return repository
        .replace(next, expectedVersion)
        .compose(ok -> ok
            ? Future.succeededFuture(next)
            : repository.find(next.tenantId(), next.id()).map(now -> {
              throw ETags.stale(
                  expectedVersion, now.map(Task::version).orElse(expectedVersion + 1));
            }));
  }

  private static TaskInput checkCreate(TaskInput in) {
    InputChecks.requireText(in.title(), "/title");
    TaskKind kind = kindOf(in);
    if (kind == TaskKind.FOLLOW_UP && in.leadId() == null) {
      throw ProblemException.invalidField(
          "/leadId", "required", "a follow-up task needs the lead it follows up");
    }
    if (in.timeZone() != null) {
      InputChecks.zone(in.timeZone(), "/timeZone");
    }
    InputChecks.remindBefore(in.remindBefore(), "/remindBefore");
    InputChecks.idOrNew(in.id(), "/id");
    return in;
  }

  private static TaskKind kindOf(TaskInput in) {
    return in.kind() != null
        ? in.kind()
        : in.leadId() != null ? TaskKind.FOLLOW_UP : TaskKind.PERSONAL;
  }

  private static Task newTask(
      Principal caller, TaskInput in, TaskChanges.Assignee who, Instant now) {
    String zone = in.timeZone() != null
        ? in.timeZone()
        : LocalSchedule.ianaZone(who.timeZone())
            .map(ZoneId::getId)
            .orElseThrow(() -> ProblemException.invalidField(
                "/timeZone",
                "required",
                "the assignee has no time zone on file; send timeZone (IANA, e.g. Europe/Berlin)"));
    Instant due = InputChecks.millis(in.dueAt());
    Duration before = InputChecks.remindBefore(in.remindBefore(), "/remindBefore");
    return new Task(
        InputChecks.idOrNew(in.id(), "/id"),
        caller.tenantId(),
        kindOf(in),
        in.title().strip(),
        in.leadId(),
        who.userId(),
        who.teamIds(),
        caller.userId(),
        in.action() == null ? FollowUpAction.TASK : in.action(),
        due,
        zone,
        before == null ? null : before.toString(),
        ReminderRules.remindAt(due, before),
        in.priority() == null ? TaskPriority.NORMAL : in.priority(),
        Boolean.TRUE.equals(in.urgent()),
        in.notes() == null || in.notes().isBlank() ? null : in.notes(),
        TaskStatus.OPEN,
        null,
        null,
        List.of(),
        null,
        null,
        1,
        now,
        now,
        false,
        null,
        InputChecks.fingerprint(in));
  }

  private Instant now() {
    return InputChecks.millis(clock.instant());
  }
}
