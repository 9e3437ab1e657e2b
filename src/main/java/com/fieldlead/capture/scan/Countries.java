package com.fieldlead.capture.scan;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A country as scanned (an ISO code, or a name in English, German, French, Spanish, Italian, Portuguese or Dutch, as
 * cards and badges print them) to its ISO 3166 alpha-2 code. Pure; built once.
 */
final class Countries {

  private static final Set<String> CODES = Set.of(Locale.getISOCountries());
  private static final Map<String, String> BY_NAME = new HashMap<>();

  static {
    Locale[] languages = {
      Locale.ENGLISH,
      Locale.GERMAN,
      Locale.FRENCH,
      Locale.ITALIAN,
      Locale.forLanguageTag("es"),
      Locale.forLanguageTag("pt"),
      Locale.forLanguageTag("nl")
    };
    for (String code : CODES) {
      Locale country = new Locale.Builder().setRegion(code).build();
      for (Locale language : languages) {
        BY_NAME.putIfAbsent(key(country.getDisplayCountry(language)), code);
      }
      try {
        BY_NAME.putIfAbsent(key(country.getISO3Country()), code);
      } catch (RuntimeException e) {
        // a region without a three-letter code: its names are enough
      }
    }
    BY_NAME.put("usa", "US");
    BY_NAME.put("u.s.a.", "US");
    BY_NAME.put("united states of america", "US");
    BY_NAME.put("uk", "GB");
    BY_NAME.put("england", "GB");
    BY_NAME.put("great britain", "GB");
    BY_NAME.put("holland", "NL");
  }

  private Countries() {}

  /** The ISO alpha-2 code of {@code scanned}; null when it names no country this knows. */
  static String code(String scanned) {
    String v = scanned.strip();
    if (v.length() == 2 && CODES.contains(v.toUpperCase(Locale.ROOT))) {
      return v.toUpperCase(Locale.ROOT);
    }
    return BY_NAME.get(key(v));
  }

  private static String key(String name) {
    String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return plain.strip().toLowerCase(Locale.ROOT);
  }
}
