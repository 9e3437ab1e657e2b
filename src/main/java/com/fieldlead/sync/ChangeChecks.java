package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.merge.MergeRules;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.Operation;
import com.fieldlead.sync.protocol.SyncCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A pushed create's or update's {@code changes}, checked before anything is read, with the very validation of the API
 * call that makes the same change (the contract's request body schemas, handed over when the routes are registered):
 * a lead create as {@code POST /v1/leads}, a lead update as {@code PATCH /v1/leads/{id}}, an activity as
 * {@code POST /v1/leads/{leadId}/activities} (its {@code leadId} is the path's), a task create as
 * {@code POST /v1/tasks}, a task update as {@code PATCH /v1/tasks/{id}}. A lead's server-owned fields are refused
 * first ({@code SERVER_OWNED_FIELD}); a task's are left to the merge, which refuses them. Every bad field is named
 * once, under {@code /changes}.
 */
final class ChangeChecks {

  /** What a push can create or change, by the API operation whose body validation applies. */
  enum Kind {
    LEAD_CREATE("createLead"),
    LEAD_UPDATE("updateLead"),
    ACTIVITY_CREATE("recordActivity"),
    TASK_CREATE("createTask"),
    TASK_UPDATE("updateTask");

    /** The contract's operation id. */
    final String operationId;

    Kind(String operationId) {
      this.operationId = operationId;
    }

    /** The kind of a mutation, or null for one no body validation applies to (a delete, an activity change). */
    static Kind of(Mutation m) {
      if (m.op() == null || m.op() == Operation.DELETE || m.entityType() == null) {
        return null;
      }
      boolean create = m.op() == Operation.CREATE;
      return switch (m.entityType()) {
        case PullService.LEAD -> create ? LEAD_CREATE : LEAD_UPDATE;
        case PullService.ACTIVITY -> create ? ACTIVITY_CREATE : null;
        case PullService.TASK -> create ? TASK_CREATE : TASK_UPDATE;
        default -> null;
      };
    }
  }

  private static final Set<String> WRAPPERS = Set.of("properties", "additionalProperties");

  private volatile Map<Kind, Function<JsonNode, List<FieldError>>> checks = Map.of();

  void use(Map<Kind, Function<JsonNode, List<FieldError>>> checks) {
    this.checks = Map.copyOf(checks);
  }

  /**
   * The refusal of a create's or update's changes before anything is read, naming every bad field: a lead's
   * server-owned fields ({@code SERVER_OWNED_FIELD}) and every error the API's validation of the same body finds
   * ({@code VALIDATION_FAILED}), each as {@code /changes/<field>}. Null when there is none.
   */
  Rejection refused(Mutation m) {
    Kind kind = Kind.of(m);
    if (kind == null || m.changes().isEmpty()) {
      return null;
    }
    List<FieldError> errors = new ArrayList<>();
    ObjectNode rest = Json.MAPPER.createObjectNode();
    m.changes().forEach((field, value) -> {
      boolean leadServerSets = (kind == Kind.LEAD_CREATE || kind == Kind.LEAD_UPDATE)
          && MergeRules.LEADS.serverOwned().contains(field)
          && !(kind == Kind.LEAD_CREATE && MutationApplier.CREATE_WRITABLE.contains(field));
      if (leadServerSets) {
        errors.add(new FieldError(
            "/changes/" + field,
            SyncCode.SERVER_OWNED_FIELD.name(),
            "only the server sets " + field));
      } else if (!(kind == Kind.ACTIVITY_CREATE && field.equals("leadId"))
          && !(kind == Kind.TASK_UPDATE && MutationApplier.TASKS.serverOwned().contains(field))) {
        rest.set(field, Json.MAPPER.valueToTree(value));
      }
    });
    boolean owned = !errors.isEmpty();
    Function<JsonNode, List<FieldError>> check = checks.get(kind);
    // nothing left to check when every field was the server's (already named); an activity still
    // needs its type
    if (check != null && (!rest.isEmpty() || kind == Kind.ACTIVITY_CREATE)) {
      for (FieldError e : telling(check.apply(rest))) {
        errors.add(new FieldError(
            "/changes" + (e.field().equals("/") ? "" : e.field()), e.code(), e.message()));
      }
    }
    return errors.isEmpty()
        ? null
        : new Rejection(owned ? SyncCode.SERVER_OWNED_FIELD : SyncCode.VALIDATION_FAILED, errors);
  }

  /**
   * The schema validator reports a bad declared field three times (the failed keyword, "properties" and, as the
   * object's properties did not all pass, "additionalProperties"): of a field's errors, those that say what is wrong
   * with it. An undeclared field keeps its one "additionalProperties" error.
   */
  private static List<FieldError> telling(List<FieldError> errors) {
    Set<String> specific = new HashSet<>();
    errors.stream().filter(e -> !WRAPPERS.contains(e.code())).forEach(e -> specific.add(e.field()));
    return errors.stream()
        .filter(e -> !specific.contains(e.field()) || !WRAPPERS.contains(e.code()))
        .filter(e -> !e.code().equals("properties"))
        .toList();
  }
}
