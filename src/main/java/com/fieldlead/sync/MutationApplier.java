package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.auth.Principal;
import com.fieldlead.json.Json;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.sync.PushPlan.Kind;
import com.fieldlead.sync.merge.Edit;
import com.fieldlead.sync.merge.EntityState;
import com.fieldlead.sync.merge.FieldMerger;
import com.fieldlead.sync.merge.FieldMeta;
import com.fieldlead.sync.merge.MergeResult;
import com.fieldlead.sync.merge.MergeRules;
import com.fieldlead.sync.port.ActivityWrites;
import com.fieldlead.sync.port.LeadWrites;
import com.fieldlead.sync.port.SyncedLead;
import com.fieldlead.sync.protocol.ConflictRecord;
import com.fieldlead.sync.protocol.FieldPolicy;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.Operation;
import com.fieldlead.sync.protocol.RawState;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncCode;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a push's mutations through the owning features' services (so validation, scoring, routing and
 * notifications react exactly as to an API call), merging updates field by field with {@link FieldMerger}, a batch at
 * a time: lead creates and lead updates of different leads together, one write for all of them; a single mutation is
 * a batch of one. Expected refusals (a {@link Rejection}, a feature's {@link ProblemException} below 500) are
 * outcomes, which the push answers rejected; anything else fails the batch.
 */
final class MutationApplier {

  /** Tasks carry no per-field change meta: concurrent edits resolve last-writer-wins per pushed field. */
  static final MergeRules TASKS = new MergeRules(
      "task",
      FieldPolicy.LAST_WRITER_WINS,
      Map.of(),
      Set.of(
          "id",
          "tenantId",
          "version",
          "createdBy",
          "createdAt",
          "updatedAt",
          "completedAt",
          "deleted",
          "deletedAt",
          "snoozes",
          "cadenceRunId",
          "cadenceStep",
          "remindAt",
          "assigneeTeamIds",
          "leadId",
          "kind"));
  /** Fields a lead create may set although a later push may not: the owner and team (the lead rules check them). */
  static final Set<String> CREATE_WRITABLE = Set.of("id", "ownerId", "teamId");

  private static final int MAX_MERGE_ATTEMPTS = 3;

  private final LeadWrites leads;
  private final ActivityWrites activities;
  private final Clock clock;
  private final ChangeChecks checks = new ChangeChecks();

  MutationApplier(LeadWrites leads, ActivityWrites activities, Clock clock) {
    this.leads = leads;
    this.activities = activities;
    this.clock = clock;
  }

  /**
   * Checks creates and updates with the very validation of the API calls that make the same changes (the contract's
   * body schemas, by {@link ChangeChecks.Kind}): a push writes nothing the API would refuse.
   */
  void checkChangesWith(Map<ChangeChecks.Kind, Function<JsonNode, List<FieldError>>> bodyChecks) {
    checks.use(bodyChecks);
  }

  /** The refusal of a create's or update's changes ({@link ChangeChecks#refused}), or null. */
  private Rejection changesRefused(Mutation m) {
    return checks.refused(m);
  }

  /**
   * Before a taken-over mutation is processed again: a lead write its first attempt stored but did not finish (no
   * listeners, no history entry yet) is finished now. A create's unfinished first attempt is finished by the create
   * itself (the lead service's replay); nothing to do for activities and tasks.
   */
  Future<Void> settle(Principal p, String deviceId, Mutation m) {
    if (!PullService.LEAD.equals(m.entityType())
        || m.op() == null
        || m.op() == Operation.CREATE
        || m.entityId() == null) {
      return Future.succeededFuture();
    }
    return leads.settle(p, deviceId, m.entityId());
  }

  /** A mutation's answer: its result, or its refusal (the push rejects it and keeps it for review). */
  record Outcome(MutationResult result, Rejection refused) {}

  /**
   * Applies the mutations of one batch of a push ({@link PushPlan}): lead creates together ({@link #createLeads}), lead
   * updates together ({@link #updateLeads}), or one mutation of any kind alone. Answers each mutation's outcome, in
   * order, exactly as a batch of one would answer it. Fails on the first unexpected failure (the store's, say) among
   * them: then nothing is known of the others.
   */
  Future<List<Outcome>> apply(Principal caller, String deviceId, Kind kind, List<Mutation> ms) {
    Future<List<Future<MutationResult>>> answers =
        switch (kind) {
          case LEAD_CREATES -> createLeads(caller, deviceId, ms);
          case LEAD_UPDATES -> updateLeads(caller, deviceId, ms);
          case ONE -> Future.succeededFuture(List.of(applyOne(caller, deviceId, ms.get(0))));
        };
    return answers.compose(MutationApplier::outcomes);
  }

  /** The outcome of each answer, in order; fails with the first failure that is not an expected refusal. */
  private static Future<List<Outcome>> outcomes(List<Future<MutationResult>> answers) {
    return Future.join(answers).transform(x -> {
      List<Outcome> out = new ArrayList<>(answers.size());
      for (Future<MutationResult> answer : answers) {
        if (answer.succeeded()) {
          out.add(new Outcome(answer.result(), null));
          continue;
        }
        Rejection refused = Rejection.from(answer.cause());
        if (refused == null) {
          return Future.failedFuture(answer.cause());
        }
        out.add(new Outcome(null, refused));
      }
      return Future.succeededFuture(out);
    });
  }

  /**
   * Applies one mutation of any kind: its shape checked first ({@link PushPlan#shape}), a lead create or update as a
   * batch of one ({@link #createLeads}, {@link #updateLeads}), the others here. Fails with the mutation's refusal (a
   * {@link Rejection} or the feature's problem) or an unexpected failure.
   */
  private Future<MutationResult> applyOne(Principal caller, String deviceId, Mutation m) {
    List<FieldError> shape = PushPlan.shape(m);
    if (!shape.isEmpty()) {
      return Future.failedFuture(new Rejection(SyncCode.VALIDATION_FAILED, shape));
    }
    try {
      return applyChecked(caller, deviceId, m);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** {@link #applyOne} of a mutation of a well-formed shape. */
  private Future<MutationResult> applyChecked(Principal caller, String deviceId, Mutation m) {
    if (PullService.LEAD.equals(m.entityType())
        && (m.op() == Operation.CREATE || m.op() == Operation.UPDATE)) {
      return (m.op() == Operation.CREATE
              ? createLeads(caller, deviceId, List.of(m))
              : updateLeads(caller, deviceId, List.of(m)))
          .compose(all -> all.get(0));
    }
    Rejection refused = changesRefused(m);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    // The push's device is the writer's device, also for a session not bound to one: history, field
    // metadata and conflict records (theirsDevice) name it.
    Principal p = writer(caller, deviceId);
    return switch (m.entityType()) {
      case PullService.LEAD -> deleteLead(p, m);
      case PullService.ACTIVITY ->
        m.op() == Operation.CREATE
            ? createActivity(p, m)
            : Future.failedFuture(
                Rejection.of(
                    SyncCode.UNSUPPORTED_OPERATION,
                    "/op",
                    "activities are append-only: record a new one instead of changing or deleting one"));
      default ->
        switch (m.op()) {
          case CREATE -> createTask(p, m);
          case UPDATE -> updateTask(p, deviceId, m);
          case DELETE -> deleteTask(p, m);
        };
    };
  }

  /**
   * Lead updates, each of a different lead, applied together (one update is a batch of one): one visibility and lead
   * read, the field merge per mutation, then {@link LeadWrites#updateAll} (edits of fields only in one bulk write).
   * Answers, per mutation in order, its result (applied, or merged, its same-field conflicts named) or its refusal: the
   * changes the API refuses, a lead not found or not visible, the merge's rejection, the lead service's refusal. A
   * write that finds its lead changed since the read (stale) is merged again with the lead as it is then, up to {@link
   * #MAX_MERGE_ATTEMPTS} times. Fails only when the visibility or lead read fails.
   */
  Future<List<Future<MutationResult>>> updateLeads(
      Principal caller, String deviceId, List<Mutation> ms) {
    Principal p = writer(caller, deviceId);
    Checked checked = checked(ms);
    return checked.applied(updateLeads(p, deviceId, checked.passed(), 1));
  }

  /** One attempt of {@link #updateLeads} at {@code ms} (their changes checked already). */
  private Future<List<Future<MutationResult>>> updateLeads(
      Principal p, String deviceId, List<Mutation> ms, int attempt) {
    if (ms.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> ids = ms.stream().map(Mutation::entityId).toList();
    return leads.visible(p, ids).compose(found -> {
      List<Future<MutationResult>> results = new ArrayList<>(Collections.nCopies(ms.size(), null));
      List<Integer> picked = new ArrayList<>();
      List<MergeResult> merges = new ArrayList<>();
      List<SyncedLead> befores = new ArrayList<>();
      List<ObjectNode> patches = new ArrayList<>();
      for (int i = 0; i < ms.size(); i++) {
        Mutation m = ms.get(i);
        SyncedLead lead = found.get(m.entityId());
        if (lead == null) {
          // the answer of the lead service's read of one lead the caller does not see
          results.set(i, Future.failedFuture(ProblemException.notFound("lead " + m.entityId())));
          continue;
        }
        MergeResult merged = merge(p, deviceId, m, lead);
        if (merged.kind() == ResultKind.REJECTED) {
          results.set(i, Future.failedFuture(new Rejection(merged.code(), merged.errors())));
        } else if (merged.writes().isEmpty()) {
          results.set(i, Future.succeededFuture(result(m, merged, lead)));
        } else {
          picked.add(i);
          merges.add(merged);
          befores.add(lead);
          patches.add(Json.MAPPER.valueToTree(merged.writes()));
        }
      }
      if (picked.isEmpty()) {
        return Future.succeededFuture(results);
      }
      // merged against the versions just read: a write in between makes one stale (412), merged
      // again
      return leads.updateAll(p, befores, patches).compose(written -> {
        List<Integer> stale = new ArrayList<>();
        for (int k = 0; k < picked.size(); k++) {
          int i = picked.get(k);
          Future<SyncedLead> one = written.get(k);
          if (one.failed() && stale(one.cause()) && attempt < MAX_MERGE_ATTEMPTS) {
            stale.add(i);
          } else {
            MergeResult merged = merges.get(k);
            results.set(i, one.map(updated -> result(ms.get(i), merged, updated)));
          }
        }
        return updateLeads(p, deviceId, stale.stream().map(ms::get).toList(), attempt + 1)
            .map(again -> {
              for (int k = 0; k < stale.size(); k++) {
                results.set(stale.get(k), again.get(k));
              }
              return results;
            });
      });
    });
  }

  /**
   * Lead creates, each of a different lead, inserted together ({@link LeadWrites#createAll}; one create is a batch of
   * one). Answers, per mutation in order, its result (applied, or a duplicate of the same create stored before) or its
   * refusal: the changes the API refuses (naming every field), the lead service's refusal. Fails only on an
   * unexpected failure of the create as a whole.
   */
  Future<List<Future<MutationResult>>> createLeads(
      Principal caller, String deviceId, List<Mutation> ms) {
    Principal p = writer(caller, deviceId);
    Checked checked = checked(ms);
    List<Mutation> passed = checked.passed();
    Future<List<Future<MutationResult>>> created = passed.isEmpty()
        ? Future.succeededFuture(List.of())
        : leads
            .createAll(p, passed.stream().map(MutationApplier::createBody).toList())
            .map(all -> {
              List<Future<MutationResult>> results = new ArrayList<>();
              for (int k = 0; k < passed.size(); k++) {
                Mutation m = passed.get(k);
                results.add(all.get(k).map(c -> createResult(m, c)));
              }
              return results;
            });
    return checked.applied(created);
  }

  /**
   * Mutations split by {@link #changesRefused}: the refusals by index, and those that {@link #passed} in order, whose
   * answers {@link #applied} puts back in their places.
   */
  private Checked checked(List<Mutation> ms) {
    List<Future<MutationResult>> answers = new ArrayList<>(ms.size());
    List<Integer> passedAt = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      Rejection refused = changesRefused(ms.get(i));
      answers.add(refused == null ? null : Future.failedFuture(refused));
      if (refused == null) {
        passedAt.add(i);
      }
    }
    return new Checked(ms, answers, passedAt);
  }

  private record Checked(
      List<Mutation> ms, List<Future<MutationResult>> answers, List<Integer> passedAt) {

    List<Mutation> passed() {
      return passedAt.stream().map(ms::get).toList();
    }

    Future<List<Future<MutationResult>>> applied(Future<List<Future<MutationResult>>> ofPassed) {
      return ofPassed.map(results -> {
        List<Future<MutationResult>> all = new ArrayList<>(answers);
        for (int k = 0; k < passedAt.size(); k++) {
          all.set(passedAt.get(k), results.get(k));
        }
        return all;
      });
    }
  }

  /**
   * A lead create's result: applied, or, for the same capture stored before (by the caller, from another device or
   * install), nothing written now, so a duplicate of that create's result, with the lead as it is now. A create
   * finished now for an attempt that died (the lead service's replay) is this mutation's write: applied.
   */
  private static MutationResult createResult(Mutation m, LeadWrites.Created created) {
    return created.created()
        ? result(m, ResultKind.APPLIED, created.lead().version(), state(created.lead()), List.of())
        : new MutationResult(
            m.clientMutationId(),
            m.entityType(),
            m.entityId(),
            ResultKind.DUPLICATE,
            created.lead().version(),
            state(created.lead()),
            List.of(),
            null,
            null,
            ResultKind.APPLIED);
  }

  /** A lead create's body for the lead service: the changes, with the phone's id. */
  private static ObjectNode createBody(Mutation m) {
    ObjectNode body = Json.MAPPER.valueToTree(m.changes());
    body.put("id", m.entityId());
    return body;
  }

  /** A lead update merged field by field into the lead as read. */
  private MergeResult merge(Principal p, String deviceId, Mutation m, SyncedLead lead) {
    // the merger reads the current values of the mutation's fields only
    EntityState state = new EntityState(
        PullService.LEAD,
        lead.id(),
        lead.version(),
        lead.deleted(),
        lead.values(m.changes().keySet()),
        meta(lead));
    return FieldMerger.merge(
        MergeRules.LEADS,
        state,
        new Edit(
            m.baseVersion(),
            m.changes(),
            m.baseValues(),
            p.userId(),
            deviceId,
            m.clientTime(),
            clock.instant()));
  }

  private static Principal writer(Principal caller, String deviceId) {
    return caller.deviceId() == null && deviceId != null
        ? new Principal(
            caller.tenantId(),
            caller.userId(),
            caller.role(),
            caller.sessionId(),
            deviceId,
            caller.teamIds(),
            caller.managedTeamIds())
        : caller;
  }

  private Future<MutationResult> deleteLead(Principal p, Mutation m) {
    // A delete wins over concurrent edits: the tombstone keeps every field and the lead's history,
    // so nothing is lost.
    return leads.visible(p, m.entityId()).compose(lead -> {
      if (lead.deleted()) {
        return Future.succeededFuture(
            result(m, ResultKind.APPLIED, lead.version(), null, List.of()));
      }
      ResultKind kind = lead.version() > m.baseVersion() ? ResultKind.MERGED : ResultKind.APPLIED;
      return leads
          .delete(p, lead.id(), lead.version())
          .compose(v -> leads.visible(p, lead.id()))
          .map(gone -> result(m, kind, gone.version(), null, List.of()));
    });
  }

  private Future<MutationResult> createActivity(Principal p, Mutation m) {
    Map<String, Object> fields = new LinkedHashMap<>(m.changes());
    Object leadId = fields.remove("leadId");
    if (!(leadId instanceof String lead) || lead.isBlank()) {
      return Future.failedFuture(Rejection.of(
          SyncCode.VALIDATION_FAILED, "/changes/leadId", "an activity names its lead in leadId"));
    }
    fields.put("id", m.entityId());
    return activities
        .recordActivity(p, lead, fields(fields))
        .map(saved -> result(m, ResultKind.APPLIED, saved.version(), saved.state(), List.of()));
  }

  private Future<MutationResult> createTask(Principal p, Mutation m) {
    Map<String, Object> fields = new LinkedHashMap<>(m.changes());
    fields.put("id", m.entityId());
    return activities
        .createTask(p, fields(fields))
        .map(saved -> result(m, ResultKind.APPLIED, saved.version(), saved.state(), List.of()));
  }

  private Future<MutationResult> updateTask(Principal p, String deviceId, Mutation m) {
    return activities.task(p, m.entityId()).compose(task -> {
      EntityState state = new EntityState(
          PullService.TASK, task.id(), task.version(), task.deleted(), task.state(), Map.of());
      MergeResult merged = FieldMerger.merge(
          TASKS,
          state,
          new Edit(
              m.baseVersion(),
              m.changes(),
              m.baseValues(),
              p.userId(),
              deviceId,
              m.clientTime(),
              clock.instant()));
      if (merged.kind() == ResultKind.REJECTED) {
        throw new Rejection(merged.code(), merged.errors());
      }
      if (merged.writes().isEmpty()) {
        return Future.succeededFuture(
            result(m, merged.kind(), task.version(), task.state(), List.of()));
      }
      return activities
          .updateTask(p, task.id(), task.version(), fields(merged.writes()))
          .map(updated -> result(m, merged.kind(), updated.version(), updated.state(), List.of()));
    });
  }

  private Future<MutationResult> deleteTask(Principal p, Mutation m) {
    return activities.task(p, m.entityId()).compose(task -> {
      ResultKind kind = task.version() > m.baseVersion() ? ResultKind.MERGED : ResultKind.APPLIED;
      return activities
          .deleteTask(p, task.id(), task.version())
          .map(v -> result(m, kind, task.version() + 1, null, List.of()));
    });
  }

  private static Map<String, FieldMeta> meta(SyncedLead lead) {
    Map<String, FieldMeta> out = new HashMap<>();
    lead.fieldMeta()
        .forEach((f, c) -> out.put(f, new FieldMeta(c.version(), c.at(), c.by(), c.device())));
    return out;
  }

  private static MutationResult result(Mutation m, MergeResult merged, SyncedLead lead) {
    return result(m, merged.kind(), lead.version(), state(lead), merged.conflicts());
  }

  /** A lead's state in a push result: written once as JSON, the same text a pull page carries for it. */
  private static Map<String, Object> state(SyncedLead lead) {
    return new RawState(lead.state());
  }

  private static MutationResult result(
      Mutation m,
      ResultKind kind,
      long version,
      Map<String, Object> state,
      List<ConflictRecord> conflicts) {
    return new MutationResult(
        m.clientMutationId(),
        m.entityType(),
        m.entityId(),
        kind,
        version,
        state,
        conflicts,
        null,
        null,
        null);
  }

  /** A mutation's fields as a feature converts them: an invalid value is this mutation's rejection. */
  private static ActivityWrites.Fields fields(Map<String, Object> fields) {
    return new ActivityWrites.Fields() {
      @Override
      public <T> T as(Class<T> type) {
        try {
          return Json.MAPPER.convertValue(fields, type);
        } catch (IllegalArgumentException e) {
          throw Rejection.of(SyncCode.VALIDATION_FAILED, "/changes", rootMessage(e));
        }
      }
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? "invalid value" : t.getMessage();
    int cut = message.indexOf('\n');
    return cut > 0 ? message.substring(0, cut) : message;
  }

  private static boolean stale(Throwable e) {
    return e instanceof ProblemException pe && pe.code() == ErrorCode.PRECONDITION_FAILED;
  }
}
