package com.fieldlead.auth;

import com.fieldlead.problem.ProblemException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks and normalisation of auth input beyond what the contract's schema already enforced. Pure. */
final class AccountInputChecks {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private AccountInputChecks() {}

  /** Lower-cased, trimmed email; 400 naming {@code field} when it is not an address. */
  static String email(String field, String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (v.length() > 254 || !EMAIL.matcher(v).matches()) {
      throw ProblemException.invalidField(field, "format", "Not an email address.");
    }
    return v;
  }

  /** An IANA region id known to the JVM ({@code Europe/Berlin}); offsets like {@code +02:00} are refused. */
  static String timeZone(String field, String value) {
    if (value == null || !ZONES.contains(value)) {
      throw ProblemException.invalidField(
          field,
          "timeZone",
          "Not an IANA time zone id (like Europe/Berlin or America/New_York): '" + value + "'.");
    }
    return ZoneId.of(value).getId();
  }

  /** A trimmed display name, 1..120 characters. */
  static String name(String field, String value) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty() || v.length() > 120) {
      throw ProblemException.invalidField(field, "length", "Must have 1 to 120 characters.");
    }
    return v;
  }

  /** A password of 8..200 characters (the contract says so too; checked here for the CLI). */
  static String password(String field, String value) {
    if (value == null || value.length() < 8 || value.length() > 200) {
      throw ProblemException.invalidField(field, "length", "A password needs 8 to 200 characters.");
    }
    return value;
  }

  static Role role(String field, String value) {
    try {
      return Role.fromWire(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ProblemException.invalidField(field, "enum", "One of admin, manager, rep, booth.");
    }
  }

  /** Ids without duplicates, in the given order. */
  static List<String> distinct(Collection<String> ids) {
    return ids == null ? List.of() : List.copyOf(new LinkedHashSet<>(ids));
  }
}
