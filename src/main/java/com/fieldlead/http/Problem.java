package com.fieldlead.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.problem.FieldError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9457 body every error answer carries, extended with {@code code}, {@code requestId} and {@code errors}, then
 * the problem's own extension members (a 426's supported window), written last in their order.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String code,
    String requestId,
    List<FieldError> errors,
    @JsonAnyGetter Map<String, Object> extensions) {

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
    extensions = extensions == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }
}
