package com.fieldlead.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A failure that becomes an RFC 9457 problem response. Stackless: it is control flow for expected outcomes (bad
 * input, not found, forbidden), not a bug report. Throw it inside {@code map}/{@code compose} to fail a chain.
 * Extension members (RFC 9457 section 3.2) travel with it and are written after the standard ones, in their order.
 */
public final class ProblemException extends RuntimeException {

  private final ErrorCode code;
  private final List<FieldError> errors;
  private final Map<String, String> headers;
  private final Map<String, Object> extensions;

  /** The members every problem body has already; an extension may not take one of these names. */
  private static final Set<String> STANDARD_MEMBERS =
      Set.of("type", "title", "status", "detail", "instance", "code", "requestId", "errors");

  public ProblemException(ErrorCode code, @Nullable String detail) {
    this(code, detail, List.of(), Map.of());
  }

  public ProblemException(
      ErrorCode code,
      @Nullable String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    this(code, detail, errors, headers, Map.of());
  }

  /**
   * A problem with extension members, written after the standard members in {@code extensions}' iteration order
   * (pass a {@link LinkedHashMap} when the order matters); their names may not be those of the standard members.
   */
  public ProblemException(
      ErrorCode code,
      @Nullable String detail,
      List<FieldError> errors,
      Map<String, String> headers,
      Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
    for (String name : extensions.keySet()) {
      if (STANDARD_MEMBERS.contains(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is a standard problem member, not an extension");
      }
    }
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(ErrorCode.FORBIDDEN, detail);
  }

  /** A 503 with Retry-After: the store could not do its part; the same request may be sent again. */
  public static ProblemException unavailable(String detail) {
    return new ProblemException(
        ErrorCode.UNAVAILABLE, detail, List.of(), Map.of("Retry-After", "1"));
  }

  /** A 400 naming one invalid field. */
  public static ProblemException invalidField(String field, String code, String message) {
    return new ProblemException(
        ErrorCode.VALIDATION_FAILED,
        message,
        List.of(new FieldError(field, code, message)),
        Map.of());
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

  /** Extension members of the problem body, in the order they are written; empty for most problems. */
  public Map<String, Object> extensions() {
    return extensions;
  }
}
