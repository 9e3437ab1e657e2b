package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fieldlead.json.Json;
import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.MutationApplier.Rejection;
import com.fieldlead.sync.merge.MergeRules;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.Operation;
import com.fieldlead.sync.protocol.SyncCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A pushed lead create's or update's {@code changes}, checked before anything is read: the server-owned fields, then
 * the lead API's own body validation ({@code POST /v1/leads}, {@code PATCH /v1/leads/{id}}: the contract's schemas,
 * handed over when the routes are registered), every bad field named once under {@code /changes}.
 */
final class LeadChangeChecks {

  private static final Set<String> WRAPPERS = Set.of("properties", "additionalProperties");

  private volatile Function<JsonNode, List<FieldError>> createCheck = body -> List.of();
  private volatile Function<JsonNode, List<FieldError>> updateCheck = body -> List.of();

  void use(Function<JsonNode, List<FieldError>> create, Function<JsonNode, List<FieldError>> update) {
    this.createCheck = create;
    this.updateCheck = update;
  }

  /**
   * The refusal of a lead create or update's changes before anything is read, naming every bad field: the
   * server-owned fields it sets ({@code SERVER_OWNED_FIELD}) and every error the API's validation of the same body
   * finds ({@code VALIDATION_FAILED}), each as {@code /changes/<field>}. Null when there is none.
   */
  Rejection refused(Mutation m) {
    if (!PullService.LEAD.equals(m.entityType()) || m.op() == null || m.op() == Operation.DELETE
        || m.changes().isEmpty()) {
      return null;
    }
    boolean create = m.op() == Operation.CREATE;
    List<FieldError> errors = new ArrayList<>();
    ObjectNode rest = Json.MAPPER.createObjectNode();
    m.changes().forEach((field, value) -> {
      boolean serverSets = MergeRules.LEADS.serverOwned().contains(field)
          && !(create && MutationApplier.CREATE_WRITABLE.contains(field));
      if (serverSets) {
        errors.add(new FieldError("/changes/" + field, SyncCode.SERVER_OWNED_FIELD.name(),
            "only the server sets " + field));
      } else {
        rest.set(field, Json.MAPPER.valueToTree(value));
      }
    });
    boolean owned = !errors.isEmpty();
    if (!rest.isEmpty()) {
      for (FieldError e : telling((create ? createCheck : updateCheck).apply(rest))) {
        errors.add(new FieldError("/changes" + (e.field().equals("/") ? "" : e.field()), e.code(), e.message()));
      }
    }
    return errors.isEmpty() ? null
        : new Rejection(owned ? SyncCode.SERVER_OWNED_FIELD : SyncCode.VALIDATION_FAILED, errors);
  }

  /**
   * The schema validator reports a bad declared field three times (the failed keyword, "properties" and, as the
   * object's properties did not all pass, "additionalProperties"): of a field's errors, those that say what is wrong
   * with it. An undeclared field keeps its one "additionalProperties" error.
   */
  private static List<FieldError> telling(List<FieldError> errors) {
    Set<String> specific = new java.util.HashSet<>();
    errors.stream().filter(e -> !WRAPPERS.contains(e.code())).forEach(e -> specific.add(e.field()));
    return errors.stream().filter(e -> !specific.contains(e.field()) || !WRAPPERS.contains(e.code()))
        .filter(e -> !e.code().equals("properties")).toList();
  }
}
