package com.fieldlead.capture.scan;

import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects what a reader understood, keeping only values a lead accepts: a lead field's first value wins (later ones
 * go to {@code extras} as {@code other<Field>}), an e-mail must look like one, a country becomes its ISO code, and a
 * value longer than the lead allows is reported as not understood. Not thread-safe; one per parse.
 */
final class ScanFields {

  /** The lead fields a scan may propose (and a capture may be filled with). */
  static final List<String> FILLABLE = List.of(
      LeadFields.FIRST_NAME,
      LeadFields.LAST_NAME,
      LeadFields.EMAIL,
      LeadFields.PHONE,
      LeadFields.COMPANY,
      LeadFields.TITLE,
      LeadFields.WEBSITE,
      LeadFields.CITY,
      LeadFields.REGION,
      LeadFields.COUNTRY);

  /** Values a badge layout may map a position or key to that are no lead field. */
  static final Set<String> EXTRA_TARGETS =
      Set.of("badgeId", "fullName", "address", "postalCode", "note", "registrationType");

  /** Same rule as the lead's own check. */
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, String> extras = new LinkedHashMap<>();
  private final List<String> unparsed = new ArrayList<>();

  /** Proposes {@code value} for lead field {@code field} (or an extra); blank values are ignored. */
  void put(String field, String value) {
    String v = clean(value);
    if (v == null) {
      return;
    }
    if (!FILLABLE.contains(field)) {
      extra(field, v);
      return;
    }
    if (field.equals(LeadFields.EMAIL) && !EMAIL.matcher(v).matches()) {
      unparsed.add("email: '" + v + "' is not an e-mail address");
      return;
    }
    if (field.equals(LeadFields.COUNTRY)) {
      String code = Countries.code(v);
      if (code == null) {
        extra("countryName", v);
        return;
      }
      v = code;
    }
    Integer max = LeadRules.MAX_LENGTH.get(field);
    if (max != null && v.length() > max) {
      unparsed.add(field + ": longer than " + max + " characters");
      return;
    }
    if (fields.containsKey(field)) {
      if (!fields.get(field).equals(v)) {
        extra("other" + Character.toUpperCase(field.charAt(0)) + field.substring(1), v);
      }
      return;
    }
    fields.put(field, v);
  }

  /** A full name where the given and family names are not separate: the last word is the family name. */
  void fullName(String name) {
    String v = clean(name);
    if (v == null) {
      return;
    }
    int cut = v.lastIndexOf(' ');
    if (cut < 0) {
      put(LeadFields.LAST_NAME, v);
    } else {
      put(LeadFields.FIRST_NAME, v.substring(0, cut));
      put(LeadFields.LAST_NAME, v.substring(cut + 1));
    }
  }

  void extra(String name, String value) {
    String v = clean(value);
    if (v == null) {
      return;
    }
    extras.merge(name, v, (a, b) -> a.equals(b) ? a : a + "; " + b);
  }

  void unparsed(String what) {
    unparsed.add(what);
  }

  boolean has(String field) {
    return fields.containsKey(field);
  }

  ParsedScan done(ScanFormat format, String layout) {
    return new ParsedScan(format, layout, fields, extras, unparsed);
  }

  private static String clean(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip().replaceAll("\\s+", " ");
    return v.isEmpty() ? null : v;
  }
}
