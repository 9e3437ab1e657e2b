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
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * How a push's mutations are scheduled (sync invariant 4), decided from the batch alone, before anything is read. Every
 * mutation is applied in a {@link Batch}: lead creates and lead updates that no other mutation of the push touches go
 * in batches of several ({@link #leadCreates}, {@link #leadUpdates}: one claim insert, one write each, every mutation
 * answered as a batch of one would answer it); every other mutation is a batch of one ({@link #alone}), processed in
 * the order sent ({@link PushRun}): after the earlier mutations of the entities it touches (its own and, for an
 * activity or task, its lead), and after the mutation {@code inFlight} places before it, so that at most {@code
 * inFlight} run at a time. Pure: no I/O, no Vert.x.
 */
@NullMarked
final class PushPlan {

  static final int MAX_CLIENT_MUTATION_ID = 128;
  static final Set<String> TYPES = Set.of(PullService.LEAD, PullService.ACTIVITY, PullService.TASK);

  /** What a batch does: lead creates inserted together, lead updates written together, or one mutation. */
  enum Kind {
    LEAD_CREATES,
    LEAD_UPDATES,
    ONE
  }

  /**
   * The mutation at {@code index} of the push: its body and, in a batch of several, the mutation read from it (null in
   * a batch of one: the push reads it there and rejects a body that is not a mutation, naming the reason).
   */
  record Member(int index, JsonNode raw, @Nullable Mutation m) {}

  /** Mutations applied together, in the order sent; a batch of one is a mutation applied alone. */
  record Batch(Kind kind, List<Member> members) {
    Batch {
      members = List.copyOf(members);
    }
  }

  private final List<JsonNode> mutations;
  private final List<Batch> leadCreates;
  private final List<Batch> leadUpdates;
  private final List<List<Integer>> after;
  private final int inFlight;

  private PushPlan(
      List<JsonNode> mutations,
      List<Batch> leadCreates,
      List<Batch> leadUpdates,
      List<List<Integer>> after,
      int inFlight) {
    this.mutations = mutations;
    this.leadCreates = leadCreates;
    this.leadUpdates = leadUpdates;
    this.after = after;
    this.inFlight = inFlight;
  }

  /**
   * The plan of a push: lead creates and updates that may go together in batches of at most {@code batchSize}, and at
   * most {@code inFlight} batches of one at a time.
   */
  static PushPlan of(List<JsonNode> mutations, int inFlight, int batchSize) {
    Map<String, Integer> touches = new HashMap<>();
    mutations.forEach(raw -> touches(raw).forEach(id -> touches.merge(id, 1, Integer::sum)));
    List<Member> creates = new ArrayList<>();
    List<Member> updates = new ArrayList<>();
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
        (m.op() == Operation.CREATE ? creates : updates).add(new Member(i, raw, m));
      }
    }
    return new PushPlan(
        List.copyOf(mutations),
        batches(Kind.LEAD_CREATES, creates, batchSize),
        batches(Kind.LEAD_UPDATES, updates, batchSize),
        after,
        inFlight);
  }

  /** {@code members} cut into batches of at most {@code size}; none when fewer than two could go together. */
  private static List<Batch> batches(Kind kind, List<Member> members, int size) {
    List<Batch> out = new ArrayList<>();
    if (members.size() < 2) {
      return out; // a lone one is a batch of one, in the order sent
    }
    for (int from = 0; from < members.size(); from += size) {
      out.add(new Batch(kind, members.subList(from, Math.min(members.size(), from + size))));
    }
    return List.copyOf(out);
  }

  /** How many mutations the push holds. */
  int size() {
    return mutations.size();
  }

  /** The batches of lead creates, in the order sent (applied before everything else). */
  List<Batch> leadCreates() {
    return leadCreates;
  }

  /** The batches of lead updates, in the order sent (applied after the creates' batches). */
  List<Batch> leadUpdates() {
    return leadUpdates;
  }

  /** Mutation {@code index} as a batch of one. */
  Batch alone(int index) {
    return new Batch(Kind.ONE, List.of(new Member(index, mutations.get(index), null)));
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
  private static @Nullable Mutation alone(
      JsonNode raw, Set<String> touched, Map<String, Integer> touches) {
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
      return null; // a batch of one rejects it with the reason
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

  static boolean validClientMutationId(@Nullable String cmid) {
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
