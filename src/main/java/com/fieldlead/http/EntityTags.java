package com.fieldlead.http;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A record's version as an entity tag, and the version an {@code If-Match} header names. The server issues strong tags
 * of the version ({@code "7"}); a header naming one may be weak ({@code W/"7"}), unquoted or padded with spaces.
 * What a missing or malformed header is answered with is the feature's to say (leads and tasks word it differently).
 */
public final class EntityTags {

  private static final Pattern TAG = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

  private EntityTags() {}

  /** The entity tag of {@code version}: the version in double quotes. */
  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /** True when no If-Match was sent (absent or blank). */
  public static boolean absent(String ifMatch) {
    return ifMatch == null || ifMatch.isBlank();
  }

  /** The version {@code ifMatch} names; empty when it is not one of the server's tags. */
  public static OptionalLong version(String ifMatch) {
    Matcher m = TAG.matcher(ifMatch);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
