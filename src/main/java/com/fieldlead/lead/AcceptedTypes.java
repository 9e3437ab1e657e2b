package com.fieldlead.lead;

import java.util.Locale;

/** The weight an {@code Accept} header gives a media type (RFC 9110 §12.5.1, without media type parameters). Pure. */
final class AcceptedTypes {

  private AcceptedTypes() {}

  /**
   * The q-value {@code accept} gives {@code type} exactly (no wildcard): 0 when not listed or refused. An absent
   * header lists nothing.
   */
  static double exact(String accept, String type) {
    return weight(accept, type, false);
  }

  /** The q-value {@code accept} gives {@code type}, wildcards ({@code type/*}, {@code *}{@code /*}) included. */
  static double matching(String accept, String type) {
    return weight(accept, type, true);
  }

  private static double weight(String accept, String type, boolean wildcards) {
    if (accept == null || accept.isBlank()) {
      return wildcards ? 1.0 : 0.0;
    }
    String wanted = type.toLowerCase(Locale.ROOT);
    String family = wanted.substring(0, wanted.indexOf('/') + 1) + "*";
    double best = 0.0;
    int bestRank = -1; // the most specific range decides (exact over type/* over */*)
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      int rank = name.equals(wanted)
          ? 2
          : wildcards && name.equals(family) ? 1 : wildcards && name.equals("*/*") ? 0 : -1;
      if (rank < 0 || rank < bestRank) {
        continue;
      }
      double q = 1.0;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=") || p.startsWith("Q=")) {
          try {
            q = Double.parseDouble(p.substring(2).trim());
          } catch (NumberFormatException e) {
            q = 0.0;
          }
        }
      }
      best = rank > bestRank ? q : Math.max(best, q);
      bestRank = rank;
    }
    return best;
  }
}
