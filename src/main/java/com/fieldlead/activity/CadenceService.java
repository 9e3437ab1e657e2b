package com.fieldlead.activity;

import com.fieldlead.activity.model.ApplyCadenceInput;
import com.fieldlead.activity.model.Cadence;
import com.fieldlead.activity.model.CadenceInput;
import com.fieldlead.activity.model.CadenceRun;
import com.fieldlead.activity.model.LocalSchedule;
import com.fieldlead.activity.model.Saved;
import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskKind;
import com.fieldlead.activity.model.TaskPriority;
import com.fieldlead.activity.model.TaskStatus;
import com.fieldlead.activity.store.CadenceRepository;
import com.fieldlead.activity.store.TaskRepository;
import com.fieldlead.auth.Principal;
import com.fieldlead.lead.LeadChangeListener;
import com.fieldlead.lead.LeadLookup;
import com.fieldlead.lead.model.LeadSummary;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nurturing cadences: definitions, applying one to a lead (one task per step for the lead's owner, at the step's
 * local time in the owner's zone), progress, and stopping the remaining steps when the lead converts or dies.
 */
public final class CadenceService implements LeadLookup.StatusListener {

  private static final Logger LOG = LoggerFactory.getLogger(CadenceService.class);
  static final String REASON_CONVERTED = "lead converted";
  static final String REASON_CLOSED = "lead closed";
  static final String REASON_OPTED_OUT = "marketing opt-out";
  /** How far from today (owner-local) a cadence may start. */
  static final int MAX_START_DAYS = 365;

  private final CadenceRepository cadences;
  private final TaskRepository tasks;
  private final LeadLookup leads;
  private final AssigneeDirectory directory;
  private final Clock clock;

  public CadenceService(
      CadenceRepository cadences,
      TaskRepository tasks,
      LeadLookup leads,
      AssigneeDirectory directory,
      Clock clock) {
    this.cadences = Objects.requireNonNull(cadences, "cadences");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.leads = Objects.requireNonNull(leads, "leads");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Defines a cadence (201), or answers the stored one for a replay (200). */
  public Future<Saved<Cadence>> define(Principal caller, CadenceInput in) {
    Instant now = InputChecks.millis(clock.instant());
    return Future.succeededFuture(in)
        .map(i -> {
          String name = InputChecks.requireText(i.name(), "/name");
          for (int s = 0; s < i.steps().size(); s++) {
            InputChecks.requireText(i.steps().get(s).title(), "/steps/" + s + "/title");
          }
          return new Cadence(
              InputChecks.idOrNew(i.id(), "/id"),
              caller.tenantId(),
              name,
              i.description(),
              i.steps(),
              caller.userId(),
              1,
              now,
              now,
              InputChecks.fingerprint(i));
        })
        .compose(c -> cadences
            .insertIfAbsent(c)
            .compose(inserted -> inserted
                ? Future.succeededFuture(new Saved<>(c, true))
                : cadences
                    .find(caller.tenantId(), c.id())
                    .map(found -> found
                        .filter(x -> x.fingerprint().equals(c.fingerprint()))
                        .map(x -> new Saved<>(x, false))
                        .orElseThrow(() -> InputChecks.conflictingId("cadence", c.id())))));
  }

  public Future<List<Cadence>> list(Principal caller, int limit) {
    return cadences.list(caller.tenantId(), limit);
  }

  public Future<Cadence> get(Principal caller, String id) {
    return cadences
        .find(caller.tenantId(), id)
        .map(c -> c.orElseThrow(() -> ProblemException.notFound("cadence")));
  }

  /**
   * Applies a cadence to a visible, open lead: creates the run and one task per step for the owner. Replaying the
   * same run id re-creates any task a failed earlier attempt did not write, and answers the run (200).
   */
  public Future<Saved<CadenceRun>> apply(Principal caller, String leadId, ApplyCadenceInput in) {
    Instant now = InputChecks.millis(clock.instant());
    String runId = InputChecks.idOrNew(in.id(), "/id");
    return leads
        .visible(caller, leadId)
        .compose(lead -> {
          if (!lead.open()) {
            throw new ProblemException(
                ErrorCode.CONFLICT,
                "The lead is " + lead.status() + "; cadences apply to open leads");
          }
          if (lead.marketingOptOut()) {
            throw new ProblemException(
                ErrorCode.CONFLICT,
                "The person opted out of marketing (their latest marketing consent is withdrawn);"
                    + " nurture cadences do not apply",
                List.of(new FieldError(
                    "/leadId", "marketingOptOut", "the lead opted out of marketing")),
                Map.of());
          }
          return get(caller, in.cadenceId())
              .recover(e -> Future.failedFuture(
                  e instanceof ProblemException p && p.code() == ErrorCode.NOT_FOUND
                      ? ProblemException.invalidField(
                          "/cadenceId", "unknown", "no cadence with this id in your tenant")
                      : e))
              .compose(cadence ->
                  ownerZone(lead).map(zone -> newRun(caller, lead, cadence, zone, in, runId, now)));
        })
        .compose(run -> cadences
            .insertRunIfAbsent(run)
            .compose(inserted -> inserted
                ? Future.succeededFuture(new Saved<>(run, true))
                : cadences
                    .findRun(caller.tenantId(), run.id())
                    .map(found -> found
                        .filter(r -> r.fingerprint().equals(run.fingerprint()))
                        .map(r -> new Saved<>(r, false))
                        .orElseThrow(() -> InputChecks.conflictingId("cadence run", run.id())))))
        .compose(saved -> createTasks(saved.value(), now)
            .compose(v -> withStatuses(caller.tenantId(), List.of(saved.value())))
            .map(runs -> {
              if (saved.created()) {
                LOG.info(
                    "cadence applied [lead={}, cadence={}, run={}, steps={}]",
                    leadId,
                    saved.value().cadenceId(),
                    saved.value().id(),
                    saved.value().steps().size());
              }
              return new Saved<>(runs.get(0), saved.created());
            }));
  }

  /** The runs on a lead with each step's task status and the progress. */
  public Future<List<CadenceRun>> progress(Principal caller, String leadId) {
    return leads
        .visible(caller, leadId)
        .compose(lead -> cadences.runsOfLead(caller.tenantId(), lead.id()))
        .compose(runs -> withStatuses(caller.tenantId(), runs));
  }

  /** A converted or dead lead stops its cadences: the open step tasks are cancelled with the reason. */
  @Override
  public Future<Void> statusChanged(LeadSummary lead, String fromStatus, String toStatus) {
    if (lead.open()) {
      return Future.succeededFuture();
    }
    String reason = lead.converted() ? REASON_CONVERTED : REASON_CLOSED;
    Instant now = InputChecks.millis(clock.instant());
    return tasks
        .cancelOpenCadenceTasks(lead.tenantId(), lead.id(), reason, now)
        .compose(cancelled -> cadences
            .stopActiveRuns(lead.tenantId(), lead.id(), reason, now)
            .map(stopped -> {
              if (cancelled > 0 || stopped > 0) {
                LOG.info(
                    "cadences stopped [lead={}, status={}, runs={}, tasksCancelled={}]",
                    lead.id(),
                    toStatus,
                    stopped,
                    cancelled);
              }
              return null;
            }));
  }

  /**
   * A lead whose person opts out of marketing stops its cadences (the open step tasks are cancelled with the reason
   * {@value #REASON_OPTED_OUT}): told by the lead feature after every write, it acts on the writes that set the
   * opt-out.
   */
  LeadChangeListener optOutListener() {
    return (changes, actor, inFlight) -> {
      Map<String, List<String>> optedOut = new LinkedHashMap<>();
      for (LeadChangeListener.Change c : changes) {
        if (Boolean.TRUE.equals(c.after().qualification().marketingOptOut())
            && (c.before() == null
                || !Boolean.TRUE.equals(c.before().qualification().marketingOptOut()))) {
          optedOut
              .computeIfAbsent(c.after().tenantId(), t -> new ArrayList<>())
              .add(c.after().id());
        }
      }
      List<Future<Void>> tenants = new ArrayList<>();
      optedOut.forEach((tenantId, leadIds) -> tenants.add(withCadences(tenantId, leadIds)
          .compose(stopping -> LeadChangeListener.Windows.each(
              stopping, inFlight, leadId -> stop(tenantId, leadId, REASON_OPTED_OUT)))));
      return Future.all(tenants).mapEmpty();
    };
  }

  /**
   * Those of {@code leadIds} with an active cadence run or an open cadence step task: two reads for a batch, so a
   * booth's captures of people who opted out (none of them enrolled yet) cost no write each.
   */
  private Future<List<String>> withCadences(String tenantId, List<String> leadIds) {
    return Future.all(
            cadences.leadsWithActiveRuns(tenantId, leadIds),
            tasks.leadsWithOpenCadenceTasks(tenantId, leadIds))
        .map(x -> {
          Set<String> runs = x.resultAt(0);
          Set<String> open = x.resultAt(1);
          return leadIds.stream()
              .filter(id -> runs.contains(id) || open.contains(id))
              .toList();
        });
  }

  private Future<Void> stop(String tenantId, String leadId, String reason) {
    Instant now = InputChecks.millis(clock.instant());
    return tasks
        .cancelOpenCadenceTasks(tenantId, leadId, reason, now)
        .compose(cancelled -> cadences
            .stopActiveRuns(tenantId, leadId, reason, now)
            .map(stopped -> {
              if (cancelled > 0 || stopped > 0) {
                LOG.info(
                    "cadences stopped [lead={}, reason={}, runs={}, tasksCancelled={}]",
                    leadId,
                    reason,
                    stopped,
                    cancelled);
              }
              return null;
            }));
  }

  /** Moves merged lead {@code loserId}'s runs to {@code survivorId}. */
  public Future<Long> repoint(String tenantId, String loserId, String survivorId) {
    return cadences.repointRuns(tenantId, loserId, survivorId, clock.instant());
  }

  private Future<ZoneId> ownerZone(LeadSummary lead) {
    var onLead = LocalSchedule.ianaZone(lead.ownerTimeZone());
    if (onLead.isPresent() || lead.ownerId() == null) {
      return Future.succeededFuture(onLead.orElse(ZoneOffset.UTC));
    }
    return directory
        .find(lead.tenantId(), lead.ownerId())
        .map(found -> found
            .map(AssigneeDirectory.Assignee::timeZone)
            .flatMap(LocalSchedule::ianaZone)
            .<ZoneId>map(z -> z)
            .orElse(ZoneOffset.UTC));
  }

  private CadenceRun newRun(
      Principal caller,
      LeadSummary lead,
      Cadence cadence,
      ZoneId zone,
      ApplyCadenceInput in,
      String runId,
      Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate start = in.startDate() != null ? in.startDate() : today;
    if (Math.abs(start.toEpochDay() - today.toEpochDay()) > MAX_START_DAYS) {
      throw ProblemException.invalidField("/startDate", "range", "must be within a year of today");
    }
    List<LocalSchedule.Step> steps = cadence.steps().stream()
        .map(s -> new LocalSchedule.Step(s.dayOffset(), LocalTime.parse(s.localTime())))
        .toList();
    List<LocalSchedule.Planned> planned = LocalSchedule.plan(steps, start, zone);
    List<CadenceRun.RunStep> runSteps = new ArrayList<>();
    for (LocalSchedule.Planned p : planned) {
      Cadence.Step s = cadence.steps().get(p.index());
      runSteps.add(new CadenceRun.RunStep(
          p.index(),
          s.action(),
          s.title(),
          p.requested().toString(),
          p.dueAt(),
          stepTaskId(runId, p.index()),
          null));
    }
    String owner = lead.ownerId() != null ? lead.ownerId() : caller.userId();
    return new CadenceRun(
        runId,
        caller.tenantId(),
        cadence.id(),
        cadence.name(),
        lead.id(),
        owner,
        lead.teamId(),
        zone.getId(),
        start,
        CadenceRun.Status.ACTIVE,
        null,
        runSteps,
        null,
        caller.userId(),
        1,
        now,
        now,
        InputChecks.fingerprint(lead.id(), in.cadenceId(), in.startDate()));
  }

  /** Step task ids derive from the run id, so a replay finds (and completes) the same tasks. */
  static String stepTaskId(String runId, int index) {
    return UUID.nameUUIDFromBytes((runId + "/step/" + index).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private Future<Void> createTasks(CadenceRun run, Instant now) {
    List<String> teams = run.teamId() == null ? List.of() : List.of(run.teamId());
    List<Future<Boolean>> writes = new ArrayList<>();
    for (CadenceRun.RunStep s : run.steps()) {
      writes.add(tasks.insertIfAbsent(new Task(
          s.taskId(),
          run.tenantId(),
          TaskKind.FOLLOW_UP,
          s.title(),
          run.leadId(),
          run.ownerId(),
          teams,
          run.appliedBy(),
          s.action(),
          s.dueAt(),
          run.timeZone(),
          null,
          null,
          TaskPriority.NORMAL,
          false,
          null,
          TaskStatus.OPEN,
          null,
          null,
          List.of(),
          run.id(),
          s.index(),
          1,
          now,
          now,
          false,
          null,
          null)));
    }
    return Future.all(writes).mapEmpty();
  }

  private Future<List<CadenceRun>> withStatuses(String tenantId, List<CadenceRun> runs) {
    List<String> ids = runs.stream()
        .flatMap(r -> r.steps().stream())
        .map(CadenceRun.RunStep::taskId)
        .toList();
    return tasks.findAll(tenantId, ids).map(found -> {
      Map<String, TaskStatus> statuses = found.stream()
          .filter(t -> !t.deleted())
          .collect(Collectors.toMap(Task::id, Task::status, (a, b) -> a));
      return runs.stream().map(r -> r.withTaskStatuses(statuses)).toList();
    });
  }
}
