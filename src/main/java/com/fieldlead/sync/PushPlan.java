package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.ids.Uuids;
import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.Operation;
import com.fieldlead.sync.protocol.SyncCode;
import com.fieldlead.sync.protocol.SyncJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a push's mutations are scheduled (sync invariant 4), decided from the batch alone, before anything is read:
 * which lead creates and updates may be applied together (those no other mutation of the push touches), and, for the
 * mutations processed one by one, which earlier mutations each must wait for: the earlier mutations of the entities it
 * touches (its own and, for an activity or task, its lead), so that they run in the order sent, and the mutation
 * {@code inFlight} places before it, so that at most {@code inFlight} run at a time. Pure: no I/O, no Vert.x.
 */
final class PushPlan {

  static final int MAX_CLIENT_MUTATION_ID = 128;
  static final Set<String> TYPES = Set.of(PullService.LEAD, PullService.ACTIVITY, PullService.TASK);

  /** A lead create or update that no other mutation of its push touches, at {@code index} of the batch. */
  record Together(int index, JsonNode raw, Mutation m) {}

  private final List<Together> creates;
  private final List<Together> updates;
  private final List<List<Integer>> after;
  private final int inFlight;

  private PushPlan(
      List<Together> creates, List<Together> updates, List<List<Integer>> after, int inFlight) {
    this.creates = creates;
    this.updates = updates;
    this.after = after;
    this.inFlight = inFlight;
  }

  /** The plan of a batch, with at most {@code inFlight} mutations processed one by one at a time. */
  static PushPlan of(List<JsonNode> mutations, int inFlight) {
    Map<String, Integer> touches = new HashMap<>();
    mutations.forEach(raw -> touches(raw).forEach(id -> touches.merge(id, 1, Integer::sum)));
    List<Together> creates = new ArrayList<>();
    List<Together> updates = new ArrayList<>();
    List<List<Integer>> after = new ArrayList<>(mutations.size());
    Map<String, Integer> lastTouch = new HashMap<>();
    for (int i = 0; i < mutations.size(); i++) {
      JsonNode raw = mutations.get(i);
      Set<String> touched = touches(raw);
      List<Integer> before = new ArrayList<>(2);
      for (String id : touched) {
        Integer earlier = lastTouch.put(id, i);
        if (earlier != null && !before.contains(earlier)) {
          before.add(earlier);
        }
      }
      after.add(List.copyOf(before));
      Mutation m = alone(raw, touched, touches);
      if (m != null) {
        (m.op() == Operation.CREATE ? creates : updates).add(new Together(i, raw, m));
      }
    }
    return new PushPlan(List.copyOf(creates), List.copyOf(updates), after, inFlight);
  }

  /** The lead creates that may be applied together, in the order sent. */
  List<Together> creates() {
    return creates;
  }

  /** The lead updates that may be applied together, in the order sent. */
  List<Together> updates() {
    return updates;
  }

  /** The earlier mutations of the entities mutation {@code index} touches: it runs after them, in the order sent. */
  List<Integer> sameEntityBefore(int index) {
    return after.get(index);
  }

  /** The mutation that must finish before {@code index} starts so that at most {@code inFlight} run; -1: none. */
  int windowBefore(int index) {
    return index >= inFlight ? index - inFlight : -1;
  }

  /** The mutation if it is a well-formed lead create or update that touches nothing another mutation touches. */
  private static Mutation alone(JsonNode raw, Set<String> touched, Map<String, Integer> touches) {
    String op = raw.path("op").asText();
    if (!PullService.LEAD.equals(raw.path("entityType").asText())
        || !(op.equals("update") || op.equals("create"))
        || touched.stream().anyMatch(id -> touches.get(id) > 1)) {
      return null;
    }
    Mutation m;
    try {
      m = SyncJson.read(raw.toString(), Mutation.class);
    } catch (Exception e) {
      return null; // the single path rejects it with the reason
    }
    return validClientMutationId(m.clientMutationId()) && shape(m).isEmpty() ? m : null;
  }

  /**
   * The entities a mutation reads or writes: its own and, for an activity or task, its lead. Mutations of a push that
   * share one run in the order sent; the others run side by side (results still answer in order).
   */
  static Set<String> touches(JsonNode raw) {
    Set<String> ids = new HashSet<>(2);
    JsonNode id = raw.path("entityId");
    if (id.isTextual()) {
      ids.add(id.asText());
    }
    JsonNode lead = raw.path("changes").path("leadId");
    if (lead.isTextual()) {
      ids.add(lead.asText());
    }
    return ids;
  }

  static boolean validClientMutationId(String cmid) {
    return cmid != null && !cmid.isBlank() && cmid.length() <= MAX_CLIENT_MUTATION_ID;
  }

  /** What the records cannot check: a known entity type, an operation, a UUID, a base version on change. */
  static List<FieldError> shape(Mutation m) {
    List<FieldError> errors = new ArrayList<>();
    if (m.entityType() == null || !TYPES.contains(m.entityType())) {
      errors.add(
          error("/entityType", "unknown entity type '" + m.entityType() + "': one of " + TYPES));
    }
    if (m.op() == null) {
      errors.add(error("/op", "op is required: create, update or delete"));
    }
    if (!Uuids.isUuid(m.entityId())) {
      errors.add(error("/entityId", "entityId must be a UUID (the phone's own id)"));
    }
    if (m.op() != null
        && m.op() != Operation.CREATE
        && (m.baseVersion() == null || m.baseVersion() < 1)) {
      errors.add(error("/baseVersion", "baseVersion (>= 1) is required to change or delete"));
    }
    return errors;
  }

  private static FieldError error(String field, String message) {
    return new FieldError(field, SyncCode.VALIDATION_FAILED.name(), message);
  }
}
