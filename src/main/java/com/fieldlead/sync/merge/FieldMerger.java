package com.fieldlead.sync.merge;

import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.protocol.ConflictRecord;
import com.fieldlead.sync.protocol.FieldPolicy;
import com.fieldlead.sync.protocol.Kept;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-field merge of an offline update against the server's current state (sync invariant 5). Pure and synchronous.
 *
 * <p>A pushed field was changed concurrently when its last change ({@link FieldMeta#version()}) is newer than the
 * edit's base version, unless the client also sent the value it saw and the server still holds exactly that value.
 * Then: equal values are {@link FieldOutcome#UNCHANGED} (a replay, or both made the same edit); otherwise the field's
 * declared {@link FieldPolicy} decides. {@code UNION} and {@code APPEND} combine both sides without loss
 * ({@link FieldOutcome#MERGED}); the others keep one side and record the other in a {@link ConflictRecord}.
 *
 * <p>The result kind is {@code REJECTED} when any pushed field is server-owned or breaks its policy (nothing is
 * written: never a partial write), {@code CONFLICT} when any field lost a value, {@code MERGED} when other fields had
 * moved on since the base or a list was combined, else {@code APPLIED} (also for a replay: every field unchanged).
 */
public final class FieldMerger {

  private FieldMerger() {}

  /** Merges {@code edit} into {@code current} under {@code rules}. */
  public static MergeResult merge(MergeRules rules, EntityState current, Edit edit) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(edit, "edit");
    if (current.deleted()) {
      return MergeResult.rejected(
          SyncCode.ENTITY_DELETED,
          List.of(new FieldError(
              "/entityId",
              SyncCode.ENTITY_DELETED.name(),
              "the " + current.entityType() + " was deleted on the server")));
    }
    List<FieldError> errors = validate(rules, current, edit);
    if (!errors.isEmpty()) {
      return MergeResult.rejected(SyncCode.valueOf(errors.get(0).code()), errors);
    }
    Map<String, @Nullable Object> writes = new LinkedHashMap<>();
    List<FieldResult> fields = new ArrayList<>();
    List<ConflictRecord> conflicts = new ArrayList<>();
    for (Map.Entry<String, @Nullable Object> change : edit.changes().entrySet()) {
      FieldResult result =
          mergeField(rules, current, edit, change.getKey(), change.getValue(), conflicts);
      fields.add(result);
      if (!JsonValues.same(result.value(), current.values().get(result.field()))) {
        writes.put(result.field(), result.value());
      }
    }
    return new MergeResult(kind(current, edit, fields), writes, fields, conflicts, null, List.of());
  }

  private static List<FieldError> validate(MergeRules rules, EntityState current, Edit edit) {
    List<FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, @Nullable Object> change : edit.changes().entrySet()) {
      String field = change.getKey();
      FieldPolicy policy = rules.policyOf(field);
      if (rules.serverOwned().contains(field)) {
        errors.add(error(field, SyncCode.SERVER_OWNED_FIELD, "only the server sets " + field));
      } else if ((policy == FieldPolicy.UNION || policy == FieldPolicy.APPEND)
          && JsonValues.asList(change.getValue()) == null) {
        errors.add(error(field, SyncCode.FIELD_TYPE_MISMATCH, field + " must be a list"));
      } else if (policy == FieldPolicy.APPEND && removesEntries(current, edit, field)) {
        errors.add(error(
            field,
            SyncCode.APPEND_ONLY_FIELD,
            field + " is append-only: entries cannot be removed, add a new one instead"));
      }
    }
    return errors;
  }

  /** An append-only list may not lose an entry the client saw (its base value, or the current one if unchanged). */
  private static boolean removesEntries(EntityState current, Edit edit, String field) {
    Object seen;
    if (edit.baseValues().containsKey(field)) {
      seen = edit.baseValues().get(field);
    } else if (!changedSinceBase(current, edit, field)) {
      seen = current.values().get(field);
    } else {
      return false; // cannot tell what the client saw; the append merge below keeps everything
      // anyway
    }
    List<?> seenList = JsonValues.asList(seen);
    return seenList != null
        && !JsonValues.minus(seenList, JsonValues.asList(edit.changes().get(field)))
            .isEmpty();
  }

  private static FieldResult mergeField(
      MergeRules rules,
      EntityState current,
      Edit edit,
      String field,
      @Nullable Object mine,
      List<ConflictRecord> conflicts) {
    Object theirs = current.values().get(field);
    FieldPolicy policy = rules.policyOf(field);
    if (JsonValues.same(mine, theirs)) {
      return new FieldResult(field, FieldOutcome.UNCHANGED, theirs);
    }
    boolean concurrent = changedSinceBase(current, edit, field)
        && !(edit.baseValues().containsKey(field)
            && JsonValues.same(edit.baseValues().get(field), theirs));
    if (policy == FieldPolicy.APPEND) {
      List<@Nullable Object> merged =
          JsonValues.union(JsonValues.asList(theirs), JsonValues.asList(mine));
      return new FieldResult(
          field, concurrent ? FieldOutcome.MERGED : FieldOutcome.APPLIED, merged);
    }
    if (!concurrent) {
      return new FieldResult(field, FieldOutcome.APPLIED, mine);
    }
    if (policy == FieldPolicy.UNION) {
      return new FieldResult(field, FieldOutcome.MERGED, union(edit, field, theirs, mine));
    }
    Kept kept = keep(policy, current.meta().get(field), edit);
    FieldMeta meta = current.meta().get(field);
    conflicts.add(new ConflictRecord(
        current.entityType(),
        current.entityId(),
        field,
        edit.baseValues().get(field),
        mine,
        theirs,
        edit.by(),
        edit.clientTime(),
        edit.device(),
        meta == null ? null : meta.by(),
        meta == null ? null : meta.at(),
        meta == null ? null : meta.device(),
        policy,
        kept));
    return new FieldResult(field, FieldOutcome.CONFLICT, kept == Kept.MINE ? mine : theirs);
  }

  /** Set merge: the server's set, plus what the client added, minus what it removed (when its base is known). */
  private static List<@Nullable Object> union(
      Edit edit, String field, @Nullable Object theirs, @Nullable Object mine) {
    List<?> theirList = JsonValues.asList(theirs);
    List<?> mineList = JsonValues.asList(mine);
    List<?> base = edit.baseValues().containsKey(field)
        ? JsonValues.asList(edit.baseValues().get(field))
        : null;
    if (theirList == null) {
      return new ArrayList<>(
          mineList); // the server value was not a set: the client's set replaces it
    }
    if (base == null) {
      return JsonValues.union(theirList, mineList);
    }
    List<@Nullable Object> removed = JsonValues.minus(base, mineList);
    List<@Nullable Object> added = JsonValues.minus(mineList, base);
    return JsonValues.union(JsonValues.minus(theirList, removed), added);
  }

  private static Kept keep(FieldPolicy policy, @Nullable FieldMeta meta, Edit edit) {
    return switch (policy) {
      case SERVER_WINS -> Kept.THEIRS;
      case CLIENT_WINS -> Kept.MINE;
      // By server receive order: the incoming edit normally arrived last; a server change stamped
      // later wins.
      default ->
        meta != null && meta.at() != null && meta.at().isAfter(edit.receivedAt())
            ? Kept.THEIRS
            : Kept.MINE;
    };
  }

  private static boolean changedSinceBase(EntityState current, Edit edit, String field) {
    FieldMeta meta = current.meta().get(field);
    return meta != null && meta.version() > edit.baseVersion();
  }

  private static ResultKind kind(EntityState current, Edit edit, List<FieldResult> fields) {
    if (fields.stream().anyMatch(f -> f.outcome() == FieldOutcome.CONFLICT)) {
      return ResultKind.CONFLICT;
    }
    if (otherFieldsMoved(current, edit)
        || fields.stream().anyMatch(f -> f.outcome() == FieldOutcome.MERGED)) {
      return ResultKind.MERGED;
    }
    return ResultKind.APPLIED;
  }

  /** Did the server change fields this edit does not touch since its base? (Without meta: any newer version.) */
  private static boolean otherFieldsMoved(EntityState current, Edit edit) {
    if (current.meta().isEmpty()) {
      return current.version() > edit.baseVersion();
    }
    return current.meta().entrySet().stream()
        .anyMatch(e ->
            !edit.changes().containsKey(e.getKey()) && e.getValue().version() > edit.baseVersion());
  }

  private static FieldError error(String field, SyncCode code, String message) {
    return new FieldError("/changes/" + field, code.name(), message);
  }
}
