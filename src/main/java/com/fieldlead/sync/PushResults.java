package com.fieldlead.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncCode;
import com.fieldlead.sync.protocol.SyncJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * The results a push answers besides those its features' writes give (sync invariant 6): a body read as a mutation or
 * refused, a rejection, a replay's duplicate of the first result, a mutation in progress elsewhere. Pure: no I/O, no
 * Vert.x.
 */
@NullMarked
final class PushResults {

  /** A qualified Java type name ({@code java.lang.String}, {@code com.fieldlead.sync.protocol.Operation}). */
  private static final Pattern QUALIFIED =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][\\w$]*)");

  private PushResults() {}

  /** A pushed body read: the mutation, and its refusal when it cannot even be claimed (both null-free otherwise). */
  record Read(@Nullable Mutation mutation, @Nullable Rejection refused) {}

  /**
   * The body at {@code index} of a push read as a mutation. A body that is not a mutation is refused naming its place
   * in the push (nothing to claim it under: no mutation); one without a usable client mutation id is refused naming
   * that field.
   */
  static Read read(int index, JsonNode raw) {
    Mutation m;
    try {
      m = SyncJson.read(raw.toString(), Mutation.class);
    } catch (Exception e) {
      return new Read(
          null,
          new Rejection(
              SyncCode.VALIDATION_FAILED,
              List.of(new FieldError(
                  "/mutations/" + index,
                  SyncCode.VALIDATION_FAILED.name(),
                  "not a mutation: " + firstLine(e)))));
    }
    if (!PushPlan.validClientMutationId(m.clientMutationId())) {
      return new Read(
          m,
          Rejection.of(
              SyncCode.VALIDATION_FAILED,
              "/clientMutationId",
              "clientMutationId is required, 1.." + PushPlan.MAX_CLIENT_MUTATION_ID
                  + " characters"));
    }
    return new Read(m, null);
  }

  /** The result of a rejected mutation ({@code m} null: a body that was not a mutation). */
  static MutationResult rejected(@Nullable Mutation m, Rejection r) {
    return new MutationResult(
        clientMutationId(m),
        m == null ? null : m.entityType(),
        m == null ? null : m.entityId(),
        ResultKind.REJECTED,
        null,
        null,
        null,
        r.code,
        r.errors,
        null);
  }

  /** The client mutation id a rejection is kept and answered under: empty when the body had none. */
  static String clientMutationId(@Nullable Mutation m) {
    return m == null || m.clientMutationId() == null ? "" : m.clientMutationId();
  }

  /**
   * A replay of a done mutation: {@code duplicate}, with the first result as stored ({@code stored}, its JSON). A
   * lead create identical to an earlier one was stored as a duplicate of an applied create: its original stays applied.
   * Fails on a claim done without a result (never written) or one whose result cannot be read.
   */
  static MutationResult duplicate(Mutation m, @Nullable String stored) {
    if (stored == null) {
      // a claim completed without a result is never written; should one be read, the mutation is
      // processed again
      throw new IllegalStateException(
          "sync claim done without a result [mutation=" + m.clientMutationId() + "]");
    }
    MutationResult first;
    try {
      first = SyncJson.read(stored, MutationResult.class);
    } catch (Exception e) {
      throw new IllegalStateException(
          "stored sync result unreadable [mutation=" + m.clientMutationId() + "]", e);
    }
    return new MutationResult(
        first.clientMutationId(),
        first.entityType(),
        first.entityId(),
        ResultKind.DUPLICATE,
        first.version(),
        first.state(),
        first.conflicts(),
        first.code(),
        first.errors(),
        first.result() == ResultKind.DUPLICATE ? first.original() : first.result());
  }

  /**
   * Another request holds the mutation's claim: nothing is known yet. Not final: the app keeps the mutation and pushes
   * it again after {@code retryAfter} seconds (rounded up, at least 1, at most a {@code lease}): by then its processor
   * answered, or the claim can be taken over at {@code takeover}.
   */
  static MutationResult inProgress(Mutation m, Instant takeover, Instant now, Duration lease) {
    long seconds = Math.max(1, (Duration.between(now, takeover).toMillis() + 999) / 1000);
    return new MutationResult(
        m.clientMutationId(),
        m.entityType(),
        m.entityId(),
        ResultKind.IN_PROGRESS,
        null,
        null,
        null,
        null,
        null,
        null,
        (int) Math.min(seconds, lease.toSeconds()),
        null);
  }

  /**
   * The reason a phone's developer can act on: a value's own refusal where there is one (an unknown {@code op}: "unknown
   * Operation 'nope'"), else the reader's first line with Java type names cut to their simple names.
   */
  private static String firstLine(Exception e) {
    Throwable reason = e.getCause() instanceof IllegalArgumentException refused ? refused : e;
    String message =
        reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    int cut = message.indexOf('\n');
    String line = cut > 0 ? message.substring(0, cut) : message;
    return QUALIFIED.matcher(line).replaceAll("$1");
  }
}
