package com.fieldlead.sync.merge;

import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.protocol.ConflictRecord;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The merge's verdict. {@code writes} are the fields to set on the entity (in push order; empty when nothing changes,
 * always empty when rejected), {@code fields} the per-field outcomes, {@code conflicts} the losers kept for review;
 * {@code code} and {@code errors} explain a rejection.
 */
public record MergeResult(
    ResultKind kind,
    Map<String, @Nullable Object> writes,
    List<FieldResult> fields,
    List<ConflictRecord> conflicts,
    @Nullable SyncCode code,
    List<FieldError> errors) {

  public MergeResult {
    Objects.requireNonNull(kind, "kind");
    writes = Collections.unmodifiableMap(new LinkedHashMap<>(writes));
    fields = List.copyOf(fields);
    conflicts = List.copyOf(conflicts);
    errors = List.copyOf(errors);
  }

  static MergeResult rejected(SyncCode code, List<FieldError> errors) {
    return new MergeResult(ResultKind.REJECTED, Map.of(), List.of(), List.of(), code, errors);
  }

  /** The outcome of {@code field}, or null when it was not pushed. */
  public @Nullable FieldResult field(String field) {
    return fields.stream().filter(f -> f.field().equals(field)).findFirst().orElse(null);
  }
}
