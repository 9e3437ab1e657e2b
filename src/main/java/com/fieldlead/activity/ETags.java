package com.fieldlead.activity;

import com.fieldlead.http.EntityTags;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import java.util.List;
import java.util.Map;

/** The version of a task as an entity tag ({@code "7"}), and the If-Match answers of task writes. */
final class ETags {

  private ETags() {}

  static String of(long version) {
    return EntityTags.of(version);
  }

  /** The version named by {@code ifMatch}: 428 when absent, 400 when it is not one of our tags. */
  static long required(String ifMatch) {
    if (EntityTags.absent(ifMatch)) {
      throw new ProblemException(
          ErrorCode.PRECONDITION_REQUIRED,
          "Send If-Match with the task's ETag (its version) to change it");
    }
    return parse(ifMatch);
  }

  /** Like {@link #required} but absent is fine (null). */
  static Long optional(String ifMatch) {
    return EntityTags.absent(ifMatch) ? null : parse(ifMatch);
  }

  static ProblemException stale(long sent, long current) {
    return new ProblemException(
        ErrorCode.PRECONDITION_FAILED,
        "The task is at version " + current + ", not " + sent + "; fetch it and retry",
        List.of(),
        Map.of("ETag", of(current)));
  }

  private static long parse(String ifMatch) {
    return EntityTags.version(ifMatch)
        .orElseThrow(() -> ProblemException.invalidField(
            "header.If-Match", "format", "must be an ETag such as \"3\""));
  }
}
