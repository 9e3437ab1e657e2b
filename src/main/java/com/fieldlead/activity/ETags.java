package com.fieldlead.activity;

import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version of a record as an entity tag ({@code "7"}), and the If-Match rules of task writes. */
final class ETags {

  private static final Pattern TAG = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

  private ETags() {}

  static String of(long version) {
    return "\"" + version + "\"";
  }

  /** The version named by {@code ifMatch}: 428 when absent, 400 when it is not one of our tags. */
  static long required(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ProblemException(ErrorCode.PRECONDITION_REQUIRED,
          "Send If-Match with the task's ETag (its version) to change it");
    }
    return parse(ifMatch);
  }

  /** Like {@link #required} but absent is fine (null). */
  static Long optional(String ifMatch) {
    return ifMatch == null || ifMatch.isBlank() ? null : parse(ifMatch);
  }

  static ProblemException stale(long sent, long current) {
    return new ProblemException(ErrorCode.PRECONDITION_FAILED,
        "The task is at version " + current + ", not " + sent + "; fetch it and retry", List.of(),
        Map.of("ETag", of(current)));
  }

  private static long parse(String ifMatch) {
    Matcher m = TAG.matcher(ifMatch);
    if (!m.matches()) {
      throw ProblemException.invalidField("header.If-Match", "format", "must be an ETag such as \"3\"");
    }
    return Long.parseLong(m.group(1));
  }
}
