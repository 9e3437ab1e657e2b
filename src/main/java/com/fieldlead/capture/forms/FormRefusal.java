package com.fieldlead.capture.forms;

import com.fieldlead.problem.ErrorCode;
import java.util.List;

/**
 * A submission turned away, with what the person should do: field problems, or one general reason, and for 429 and
 * 503 the seconds to wait. The endpoint words it in the form's language, as an HTML page or problem+json. Stackless.
 */
final class FormRefusal extends RuntimeException {

  private final ErrorCode code;
  private final List<Submission.FieldProblem> problems;
  private final FormMessages.Key reason;
  private final long retryAfterSeconds;

  FormRefusal(
      ErrorCode code,
      List<Submission.FieldProblem> problems,
      FormMessages.Key reason,
      long retryAfterSeconds) {
    super(code.name() + " " + (reason == null ? problems : reason), null, false, false);
    this.code = code;
    this.problems = List.copyOf(problems);
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static FormRefusal fields(List<Submission.FieldProblem> problems) {
    return new FormRefusal(ErrorCode.VALIDATION_FAILED, problems, null, 0);
  }

  static FormRefusal field(String field, FormMessages.Key reason) {
    return fields(List.of(new Submission.FieldProblem(field, null, reason)));
  }

  static FormRefusal tooMany(long retryAfterSeconds) {
    return new FormRefusal(
        ErrorCode.TOO_MANY_REQUESTS, List.of(), FormMessages.Key.RATE_LIMITED, retryAfterSeconds);
  }

  static FormRefusal unavailable() {
    return new FormRefusal(ErrorCode.UNAVAILABLE, List.of(), FormMessages.Key.UNAVAILABLE, 5);
  }

  ErrorCode code() {
    return code;
  }

  List<Submission.FieldProblem> problems() {
    return problems;
  }

  FormMessages.Key reason() {
    return reason;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
