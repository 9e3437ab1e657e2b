package com.fieldlead.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.problem.FieldError;
import java.util.List;

/** The RFC 9457 body every error answer carries, extended with {@code code}, {@code requestId} and {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type, String title, int status, String detail, String instance, String code, String requestId,
    List<FieldError> errors) {

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
