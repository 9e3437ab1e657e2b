package com.fieldlead.lead.model;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The normalised keys leads are searched and de-duplicated by: lower case, accents removed, whitespace collapsed.
 * Pure. The store keeps them beside the lead (it has no collation), so prefix search is an anchored regex on an index.
 */
public final class SearchKeys {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

  private SearchKeys() {}

  /** Lower-case, accent-free, single-spaced text; "" for null (sort keys are never missing). */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    String n = Normalizer.normalize(s, Normalizer.Form.NFD);
    n = MARKS.matcher(n).replaceAll("");
    return SPACES.matcher(n.toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
  }

  public static String email(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }

  /** "first last", normalised. */
  public static String name(String first, String last) {
    return text(((first == null ? "" : first) + " " + (last == null ? "" : last)).strip());
  }

  /** The key an external id is found by: {@code <system>:<id>}. */
  public static String external(String system, String id) {
    return system + ":" + id;
  }

  /** The keys of a lead's external ids (empty when it has none). */
  public static List<String> external(Map<String, String> ids) {
    return ids == null
        ? List.of()
        : ids.entrySet().stream()
            .map(e -> external(e.getKey(), e.getValue()))
            .sorted()
            .toList();
  }

  /** An anchored, escaped prefix pattern for {@code q} (normalised like the keys). */
  public static String prefixRegex(String q) {
    return "^" + REGEX_SPECIAL.matcher(text(q)).replaceAll("\\\\$0");
  }
}
