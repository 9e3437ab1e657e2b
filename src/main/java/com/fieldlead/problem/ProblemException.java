package com.fieldlead.problem;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A failure that becomes an RFC 9457 problem response. Stackless: it is control flow for expected outcomes (bad
 * input, not found, forbidden), not a bug report. Throw it inside {@code map}/{@code compose} to fail a chain.
 */
public final class ProblemException extends RuntimeException {

  private final ErrorCode code;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ProblemException(ErrorCode code, String detail) {
    this(code, detail, List.of(), Map.of());
  }

  public ProblemException(ErrorCode code, String detail, List<FieldError> errors, Map<String, String> headers) {
    super(detail, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(ErrorCode.FORBIDDEN, detail);
  }

  /** A 503 with Retry-After: the store could not do its part; the same request may be sent again. */
  public static ProblemException unavailable(String detail) {
    return new ProblemException(ErrorCode.UNAVAILABLE, detail, List.of(), Map.of("Retry-After", "1"));
  }

  /** A 400 naming one invalid field. */
  public static ProblemException invalidField(String field, String code, String message) {
    return new ProblemException(ErrorCode.VALIDATION_FAILED, message,
        List.of(new FieldError(field, code, message)), Map.of());
  }

  public ErrorCode code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Extra response headers (Retry-After, Allow...). */
  public Map<String, String> headers() {
    return headers;
  }
}
