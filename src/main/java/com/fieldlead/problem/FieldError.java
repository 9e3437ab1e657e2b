package com.fieldlead.problem;

import java.util.Objects;

/**
 * One invalid field of a request: a JSON-pointer-like path ({@code /email}, {@code /answers/0/value}) or a parameter
 * name ({@code query.limit}), a short machine code and a human message.
 */
public record FieldError(String field, String code, String message) {
  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
