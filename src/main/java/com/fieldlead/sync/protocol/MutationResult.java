package com.fieldlead.sync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fieldlead.problem.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one mutation (sync invariant 6). {@code version} and {@code state} are the entity after the push
 * (so the phone can replace its copy); {@code conflicts} details each same-field conflict; {@code code} and
 * {@code errors} explain a rejection (the rejected mutation is kept server-side for review). A replay answers
 * {@code DUPLICATE} with the result recorded the first time in {@code original}. {@code IN_PROGRESS} (another request
 * holds the mutation's claim: nothing is known yet) carries {@code retryAfter}, the seconds after which a push of the
 * same mutation gets a final answer. {@code replayed} is version 2's form of a replay (see
 * {@link ProtocolDialect}): the first result in {@code result}, flagged {@code true}; absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MutationResult(
    String clientMutationId,
    String entityType,
    String entityId,
    ResultKind result,
    Long version,
    @JsonSerialize(using = RawState.Serializer.class) Map<String, Object> state,
    List<ConflictRecord> conflicts,
    SyncCode code,
    List<FieldError> errors,
    ResultKind original,
    Integer retryAfter,
    Boolean replayed) {

  public MutationResult {
    Objects.requireNonNull(clientMutationId, "clientMutationId");
    Objects.requireNonNull(result, "result");
    conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A final result (everything but {@code IN_PROGRESS}). */
  public MutationResult(
      String clientMutationId,
      String entityType,
      String entityId,
      ResultKind result,
      Long version,
      Map<String, Object> state,
      List<ConflictRecord> conflicts,
      SyncCode code,
      List<FieldError> errors,
      ResultKind original) {
    this(
        clientMutationId,
        entityType,
        entityId,
        result,
        version,
        state,
        conflicts,
        code,
        errors,
        original,
        null,
        null);
  }
}
