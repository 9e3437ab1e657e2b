package com.fieldlead.csv;

/**
 * Values that a spreadsheet would run as a formula ({@code =}, {@code @}, or {@code +}/{@code -} not followed by a
 * digit) are written with a leading apostrophe (OWASP's CSV injection advice), which the import drops again. Phone
 * numbers ({@code +49...}) and negative numbers stay as they are.
 */
public final class CsvCells {

  private CsvCells() {}

  static boolean formulaLike(String v) {
    if (v.isEmpty()) {
      return false;
    }
    char c = v.charAt(0);
    if (c == '=' || c == '@' || c == '\t' || c == '\r') {
      return true;
    }
    return (c == '+' || c == '-') && (v.length() == 1 || !Character.isDigit(v.charAt(1)));
  }

  /** {@code v} as a spreadsheet shows it, not runs it. */
  public static String escape(String v) {
    return formulaLike(v) ? "'" + v : v;
  }

  /** The value an {@link #escape}d cell stood for. */
  static String unescape(String v) {
    return v.length() > 1 && v.charAt(0) == '\'' && formulaLike(v.substring(1))
        ? v.substring(1)
        : v;
  }
}
