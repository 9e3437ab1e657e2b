package com.fieldlead.scoring;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Case-insensitive whole-word matching of keywords and domain matching, shared by the scorer's rules. */
final class Keywords {

  /** Compiled keyword patterns: a tenant's scoring rules name a few dozen keywords, matched against every lead. */
  private static final int MAX_PATTERNS = 4096;

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private Keywords() {}

  /**
   * True when {@code keyword} occurs in {@code text} as whole words: not preceded or followed by a letter or digit
   * ("VP" is in "VP, Sales" and "Sales-VP" but not in "SVP"; "Head of" is in "Head of IT").
   */
  static boolean containsWord(String text, String keyword) {
    if (text == null || keyword == null || keyword.isBlank()) {
      return false;
    }
    Pattern p = PATTERNS.get(keyword);
    if (p == null) {
      if (PATTERNS.size() >= MAX_PATTERNS) {
        PATTERNS.clear(); // keywords edited many times over: start again rather than grow
      }
      p = PATTERNS.computeIfAbsent(keyword, Keywords::pattern);
    }
    return p.matcher(text).find();
  }

  private static Pattern pattern(String keyword) {
    String words = Pattern.quote(keyword.trim()).replace(" ", "\\E\\s+\\Q");
    return Pattern.compile(
        "(?<![\\p{L}\\p{N}])" + words + "(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** True when {@code domain} is {@code listed} or a subdomain of it ({@code mail.rival.com} is {@code rival.com}). */
  static boolean domainIs(String domain, String listed) {
    if (domain == null || listed == null || listed.isBlank()) {
      return false;
    }
    String d = lower(domain);
    String l = lower(listed);
    return d.equals(l) || d.endsWith("." + l);
  }

  /** True when {@code domain} ends with the academic {@code suffix} ({@code edu} and {@code .edu} match mit.edu). */
  static boolean domainEndsWith(String domain, String suffix) {
    if (domain == null || suffix == null || suffix.isBlank()) {
      return false;
    }
    String s = lower(suffix);
    return lower(domain).endsWith(s.startsWith(".") ? s : "." + s);
  }

  static String lower(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }
}
