package com.fieldlead.sync;

import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.sync.protocol.SyncCode;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A per-mutation refusal with a stable code (never a failure of the whole push): the push answers it {@code rejected}
 * and keeps the mutation for review. Stackless, like {@link ProblemException}. Pure: no I/O, no Vert.x.
 */
@NullMarked
final class Rejection extends RuntimeException {

  final SyncCode code;
  final List<FieldError> errors;

  Rejection(SyncCode code, List<FieldError> errors) {
    super(errors.isEmpty() ? code.name() : errors.get(0).message(), null, false, false);
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  /** A refusal naming one field. */
  static Rejection of(SyncCode code, String field, String message) {
    return new Rejection(code, List.of(new FieldError(field, code.name(), message)));
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
  static @Nullable Rejection from(Throwable e) {
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
