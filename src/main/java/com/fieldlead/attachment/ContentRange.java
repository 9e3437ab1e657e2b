package com.fieldlead.attachment;

import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One piece of a resumable upload, from {@code Content-Range: bytes <first>-<last>/<total>} (inclusive, as in HTTP
 * range responses), and the arithmetic of which bytes of a file its pieces cover.
 */
record ContentRange(long first, long last, long total) {

  private static final Pattern FORM = Pattern.compile("bytes (\\d{1,12})-(\\d{1,12})/(\\d{1,12})");

  long length() {
    return last - first + 1;
  }

  /** Parses the header; a malformed or inconsistent one is a 400 naming it. */
  static ContentRange parse(String header) {
    Matcher m = FORM.matcher(header.trim());
    if (!m.matches()) {
      throw bad("Content-Range must be 'bytes <first>-<last>/<total>', got '" + header + "'");
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    long total = Long.parseLong(m.group(3));
    if (first > last || last >= total) {
      throw bad("Content-Range '" + header + "' is not a range inside the file");
    }
    return new ContentRange(first, last, total);
  }

  private static ProblemException bad(String detail) {
    return new ProblemException(ErrorCode.BAD_REQUEST, detail);
  }

  /** The byte ranges ({@code [first, last]}, inclusive) of {@code [0, total)} that {@code pieces} leave uncovered. */
  static List<long[]> missing(List<ContentRange> pieces, long total) {
    List<ContentRange> sorted = new ArrayList<>(pieces);
    sorted.sort(Comparator.comparingLong(ContentRange::first));
    List<long[]> gaps = new ArrayList<>();
    long next = 0; // first byte not yet covered
    for (ContentRange p : sorted) {
      if (p.first() > next) {
        gaps.add(new long[] {next, p.first() - 1});
      }
      next = Math.max(next, p.last() + 1);
    }
    if (next < total) {
      gaps.add(new long[] {next, total - 1});
    }
    return gaps;
  }
}
