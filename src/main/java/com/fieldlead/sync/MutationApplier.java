package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.activity.ActivityModule;
import com.fieldlead.activity.model.ActivityInput;
import com.fieldlead.activity.model.TaskInput;
import com.fieldlead.activity.model.TaskPatch;
import com.fieldlead.auth.Principal;
import com.fieldlead.json.Json;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.sync.merge.Edit;
import com.fieldlead.sync.merge.EntityState;
import com.fieldlead.sync.merge.FieldMerger;
import com.fieldlead.sync.merge.FieldMeta;
import com.fieldlead.sync.merge.MergeResult;
import com.fieldlead.sync.merge.MergeRules;
import com.fieldlead.sync.protocol.ConflictRecord;
import com.fieldlead.sync.protocol.FieldPolicy;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.Operation;
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
 * Applies one validated mutation through the owning feature's service (so validation, scoring, routing and
 * notifications react exactly as to an API call), merging updates field by field with {@link FieldMerger}.
 * Expected refusals surface as {@link ProblemException}s, which the push turns into a rejected result.
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

  private final LeadModule leads;
  private final ActivityModule activities;
  private final Clock clock;
  private final ChangeChecks checks = new ChangeChecks();

  MutationApplier(LeadModule leads, ActivityModule activities, Clock clock) {
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
  Rejection changesRefused(Mutation m) {
    return checks.refused(m);
  }

  /**
   * Before a taken-over mutation is processed again: a lead write its first attempt stored but did not finish (no
   * listeners, no history entry yet) is finished now. A create's unfinished first attempt is finished by the create
   * itself ({@code LeadService#create}'s replay); nothing to do for activities and tasks.
   */
  Future<Void> settle(Principal p, String deviceId, Mutation m) {
    if (!PullService.LEAD.equals(m.entityType())
        || m.op() == null
        || m.op() == Operation.CREATE
        || m.entityId() == null) {
      return Future.succeededFuture();
    }
    return leads.service().settle(p, deviceId, m.entityId()).mapEmpty();
  }

  Future<MutationResult> apply(Principal caller, String deviceId, Mutation m) {
    Rejection refused = changesRefused(m);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    // The push's device is the writer's device, also for a session not bound to one: history, field
    // metadata and
    // conflict records (theirsDevice) name it.
    Principal p = writer(caller, deviceId);
    return switch (m.entityType()) {
      case PullService.LEAD ->
        switch (m.op()) {
          case CREATE -> createLead(p, m);
          case UPDATE -> updateLead(p, deviceId, m, 1);
          case DELETE -> deleteLead(p, m);
        };
      case PullService.ACTIVITY ->
        m.op() == Operation.CREATE
            ? createActivity(p, m)
            : Future.failedFuture(
                rejection(
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
   * Lead updates of one push, each of a different lead, applied together: one visibility and lead read, the field merge
   * per mutation, then one bulk write ({@link com.fieldlead.lead.LeadService#updateMany}). Answers a result per
   * mutation in order, or null where the single-mutation path must answer instead (a lead not found or not visible,
   * a rejection, a same-field conflict, a stale write, an edit of status, owner, team or event).
   */
  Future<List<MutationResult>> updateLeads(Principal caller, String deviceId, List<Mutation> ms) {
    Principal p = writer(caller, deviceId);
    List<String> ids = ms.stream().map(Mutation::entityId).toList();
    return leads.visibleWithTombstones(p, ids).compose(found -> {
      List<MutationResult> results = new ArrayList<>(Collections.nCopies(ms.size(), null));
      List<Integer> picked = new ArrayList<>();
      List<MergeResult> merges = new ArrayList<>();
      List<Lead> befores = new ArrayList<>();
      List<ObjectNode> patches = new ArrayList<>();
      for (int i = 0; i < ms.size(); i++) {
        Mutation m = ms.get(i);
        Lead lead = found.get(m.entityId());
        if (lead == null || lead.deleted() || changesRefused(m) != null) {
          continue;
        }
        MergeResult merged = merge(p, deviceId, m, lead);
        if (merged.kind() == ResultKind.REJECTED || !merged.conflicts().isEmpty()) {
          continue;
        }
        if (merged.writes().isEmpty()) {
          results.set(i, result(m, merged, lead));
          continue;
        }
        picked.add(i);
        merges.add(merged);
        befores.add(lead);
        patches.add(Json.MAPPER.valueToTree(merged.writes()));
      }
      if (picked.isEmpty()) {
        return Future.succeededFuture(results);
      }
      return leads.service().updateMany(p, befores, patches).map(written -> {
        for (int k = 0; k < picked.size(); k++) {
          if (written.get(k) != null) {
            results.set(
                picked.get(k), result(ms.get(picked.get(k)), merges.get(k), written.get(k)));
          }
        }
        return results;
      });
    });
  }

  /**
   * Lead creates of one push, each of a different lead, inserted together ({@link
   * com.fieldlead.lead.LeadService#createMany}). Answers a result per mutation in order, or null where the
   * single-mutation path must answer instead (a server-owned field, an invalid body, an id that exists already).
   */
  Future<List<MutationResult>> createLeads(Principal caller, String deviceId, List<Mutation> ms) {
    Principal p = writer(caller, deviceId);
    List<Integer> picked = new ArrayList<>();
    List<ObjectNode> bodies = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      Mutation m = ms.get(i);
      if (changesRefused(m) != null) {
        continue; // the single path rejects it, naming every field
      }
      picked.add(i);
      bodies.add(createBody(m));
    }
    List<MutationResult> results = new ArrayList<>(Collections.nCopies(ms.size(), null));
    if (picked.isEmpty()) {
      return Future.succeededFuture(results);
    }
    return leads.service().createMany(p, bodies).map(created -> {
      for (int k = 0; k < picked.size(); k++) {
        Lead lead = created.get(k);
        if (lead != null) {
          Mutation m = ms.get(picked.get(k));
          results.set(
              picked.get(k),
              result(m, ResultKind.APPLIED, lead.version(), EntityStates.lead(lead), List.of()));
        }
      }
      return results;
    });
  }

  /** The server-owned fields a lead create sets (only the owner and team may be chosen at create). */
  private static List<FieldError> serverOwned(Mutation m) {
    List<FieldError> owned = new ArrayList<>();
    for (String field : m.changes().keySet()) {
      if (MergeRules.LEADS.serverOwned().contains(field) && !CREATE_WRITABLE.contains(field)) {
        owned.add(new FieldError(
            "/changes/" + field,
            SyncCode.SERVER_OWNED_FIELD.name(),
            "only the server sets " + field));
      }
    }
    return owned;
  }

  /** A lead create's body for the lead service: the changes, with the phone's id. */
  private static ObjectNode createBody(Mutation m) {
    ObjectNode body = Json.MAPPER.valueToTree(m.changes());
    body.put("id", m.entityId());
    return body;
  }

  /** A lead update merged field by field into the lead as read. */
  private MergeResult merge(Principal p, String deviceId, Mutation m, Lead lead) {
    // the merger reads the current values of the mutation's fields only
    EntityState state = new EntityState(
        PullService.LEAD,
        lead.id(),
        lead.version(),
        lead.deleted(),
        EntityStates.leadValues(lead, m.changes().keySet()),
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

  private Future<MutationResult> createLead(Principal p, Mutation m) {
    List<FieldError> owned = serverOwned(m);
    if (!owned.isEmpty()) {
      return Future.failedFuture(new Rejection(SyncCode.SERVER_OWNED_FIELD, owned));
    }
    // The same capture stored before (by the caller, from another device or install): nothing is
    // written now, so the
    // answer is a duplicate of that create's result, with the lead as it is now. A create finished
    // now for an attempt
    // that died (see LeadService#create) is this mutation's write: applied.
    return leads
        .service()
        .create(p, createBody(m), false)
        .map(created -> created.created()
            ? result(
                m,
                ResultKind.APPLIED,
                created.lead().version(),
                EntityStates.lead(created.lead()),
                List.of())
            : new MutationResult(
                m.clientMutationId(),
                m.entityType(),
                m.entityId(),
                ResultKind.DUPLICATE,
                created.lead().version(),
                EntityStates.lead(created.lead()),
                List.of(),
                null,
                null,
                ResultKind.APPLIED));
  }

  private Future<MutationResult> updateLead(Principal p, String deviceId, Mutation m, int attempt) {
    return leads
        .visibleWithTombstone(p, m.entityId())
        .compose(lead -> {
          MergeResult merged = merge(p, deviceId, m, lead);
          if (merged.kind() == ResultKind.REJECTED) {
            throw new Rejection(merged.code(), merged.errors());
          }
          if (merged.writes().isEmpty()) {
            return Future.succeededFuture(result(m, merged, lead));
          }
          ObjectNode patch = Json.MAPPER.valueToTree(merged.writes());
          // merged against the version just read: a write in between makes this stale (412) and the
          // merge runs again
          return leads.service().update(p, lead, patch).map(updated -> result(m, merged, updated));
        })
        .recover(e -> stale(e) && attempt < MAX_MERGE_ATTEMPTS
            ? updateLead(
                p,
                deviceId,
                m,
                attempt + 1) // someone wrote between our read and write: merge again
            : Future.failedFuture(e));
  }

  private Future<MutationResult> deleteLead(Principal p, Mutation m) {
    // A delete wins over concurrent edits: the tombstone keeps every field and the lead's history,
    // so nothing is lost.
    return leads.visibleWithTombstone(p, m.entityId()).compose(lead -> {
      if (lead.deleted()) {
        return Future.succeededFuture(
            result(m, ResultKind.APPLIED, lead.version(), null, List.of()));
      }
      ResultKind kind = lead.version() > m.baseVersion() ? ResultKind.MERGED : ResultKind.APPLIED;
      return leads
          .service()
          .delete(p, lead.id(), lead.version())
          .compose(v -> leads.visibleWithTombstone(p, lead.id()))
          .map(gone -> result(m, kind, gone.version(), null, List.of()));
    });
  }

  private Future<MutationResult> createActivity(Principal p, Mutation m) {
    Map<String, Object> fields = new LinkedHashMap<>(m.changes());
    Object leadId = fields.remove("leadId");
    if (!(leadId instanceof String lead) || lead.isBlank()) {
      return Future.failedFuture(rejection(
          SyncCode.VALIDATION_FAILED, "/changes/leadId", "an activity names its lead in leadId"));
    }
    fields.put("id", m.entityId());
    ActivityInput input = convert(fields, ActivityInput.class);
    return activities
        .activities()
        .record(p, lead, input)
        .map(saved -> result(
            m,
            ResultKind.APPLIED,
            saved.value().version(),
            EntityStates.of(saved.value()),
            List.of()));
  }

  private Future<MutationResult> createTask(Principal p, Mutation m) {
    Map<String, Object> fields = new LinkedHashMap<>(m.changes());
    fields.put("id", m.entityId());
    TaskInput input = convert(fields, TaskInput.class);
    return activities
        .tasks()
        .create(p, input)
        .map(saved -> result(
            m,
            ResultKind.APPLIED,
            saved.value().version(),
            EntityStates.of(saved.value()),
            List.of()));
  }

  private Future<MutationResult> updateTask(Principal p, String deviceId, Mutation m) {
    return activities.tasks().get(p, m.entityId()).compose(task -> {
      EntityState state = new EntityState(
          PullService.TASK,
          task.id(),
          task.version(),
          task.deleted(),
          EntityStates.of(task),
          Map.of());
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
            result(m, merged.kind(), task.version(), EntityStates.of(task), List.of()));
      }
      TaskPatch patch = convert(merged.writes(), TaskPatch.class);
      return activities
          .tasks()
          .update(p, task.id(), task.version(), patch)
          .map(updated ->
              result(m, merged.kind(), updated.version(), EntityStates.of(updated), List.of()));
    });
  }

  private Future<MutationResult> deleteTask(Principal p, Mutation m) {
    return activities.tasks().get(p, m.entityId()).compose(task -> {
      ResultKind kind = task.version() > m.baseVersion() ? ResultKind.MERGED : ResultKind.APPLIED;
      return activities
          .tasks()
          .delete(p, task.id(), task.version())
          .map(v -> result(m, kind, task.version() + 1, null, List.of()));
    });
  }

  private static Map<String, FieldMeta> meta(Lead lead) {
    Map<String, FieldMeta> out = new HashMap<>();
    if (lead.fieldMeta() != null) {
      lead.fieldMeta()
          .forEach((f, c) -> out.put(f, new FieldMeta(c.version(), c.at(), c.by(), c.device())));
    }
    return out;
  }

  private static MutationResult result(Mutation m, MergeResult merged, Lead lead) {
    return result(m, merged.kind(), lead.version(), EntityStates.lead(lead), merged.conflicts());
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

  private static <T> T convert(Map<String, Object> fields, Class<T> type) {
    try {
      return Json.MAPPER.convertValue(fields, type);
    } catch (IllegalArgumentException e) {
      throw rejection(SyncCode.VALIDATION_FAILED, "/changes", rootMessage(e));
    }
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

  /**
   * Whether {@code m} (null: a body that was not a mutation) is about an erased person: its lead, or the lead an
   * activity or task names, was erased, or the email it carries is an erased person's.
   */
  Future<Boolean> aboutErased(Principal p, Mutation m) {
    if (m == null) {
      return Future.succeededFuture(false);
    }
    Map<String, Object> changes = m.changes();
    String leadId = PullService.LEAD.equals(m.entityType())
        ? m.entityId()
        : changes.get("leadId") instanceof String s ? s : null;
    String email =
        PullService.LEAD.equals(m.entityType()) && changes.get("email") instanceof String s
            ? s
            : null;
    if (leadId == null && email == null) {
      return Future.succeededFuture(false);
    }
    return leads.erasedPeople().erased(p.tenantId(), leadId, email);
  }

  static Rejection rejection(SyncCode code, String field, String message) {
    return new Rejection(code, List.of(new FieldError(field, code.name(), message)));
  }

  /** A per-mutation refusal with a stable code (never a failure of the whole push). */
  static final class Rejection extends RuntimeException {
    final SyncCode code;
    final List<FieldError> errors;

    Rejection(SyncCode code, List<FieldError> errors) {
      super(errors.isEmpty() ? code.name() : errors.get(0).message(), null, false, false);
      this.code = code;
      this.errors = List.copyOf(errors);
    }

    /** {@code r} for a mutation about an erased person: its fields named, no message that could quote a value. */
    static Rejection erased(Rejection r) {
      List<FieldError> errors = r.errors.isEmpty()
          ? List.of(new FieldError(
              "/entityId", SyncCode.PERSON_ERASED.name(), "the person's data was erased"))
          : r.errors.stream()
              .map(e -> new FieldError(
                  e.field(), SyncCode.PERSON_ERASED.name(), "the person's data was erased"))
              .toList();
      return new Rejection(SyncCode.PERSON_ERASED, errors);
    }

    /** The rejection an expected API refusal (400, 403, 404, 409...) maps to; null for anything else. */
    static Rejection from(Throwable e) {
      if (e instanceof Rejection r) {
        return r;
      }
      if (!(e instanceof ProblemException pe) || pe.code().status() >= 500) {
        return null;
      }
      SyncCode code =
          switch (pe.code()) {
            case NOT_FOUND -> SyncCode.NOT_FOUND;
            case FORBIDDEN -> SyncCode.FORBIDDEN;
            case CONFLICT, ALREADY_EXISTS -> SyncCode.ENTITY_EXISTS;
            default -> SyncCode.VALIDATION_FAILED;
          };
      // the service names the body's fields; in a push they are the mutation's changes
      List<FieldError> errors = pe.errors().isEmpty()
          ? List.of(new FieldError("/", pe.code().name(), pe.getMessage()))
          : pe.errors().stream()
              .map(x -> x.field().startsWith("/")
                      && x.field().length() > 1
                      && !x.field().startsWith("/changes")
                  ? new FieldError("/changes" + x.field(), x.code(), x.message())
                  : x)
              .toList();
      return new Rejection(code, errors);
    }
  }
}
