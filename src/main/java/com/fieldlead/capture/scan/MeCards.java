package com.fieldlead.capture.scan;

import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MeCard (NTT DoCoMo's QR contact format, {@code MECARD:N:Doe,John;TEL:...;EMAIL:...;;}) read into proposed lead
 * fields. No maintained Java library reads MeCard (ZXing's parser is internal to its QR result types), so this is a
 * small parser of the published grammar: fields separated by {@code ;}, name and value by the first {@code :},
 * {@code \} escaping {@code \ ; : ,}; {@code N} is "family,given"; {@code ADR} is the seven comma-separated parts
 * (PO box, extended, street, city, region, postal code, country) or a free line. Pure.
 */
final class MeCards {

  private static final String PREFIX = "MECARD:";

  private MeCards() {}

  /** The proposed fields of {@code raw}; a 400 naming {@code field} when it is no MeCard. */
  static ParsedScan read(String raw, String field) {
    String text = raw.strip();
    if (!text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw ProblemException.invalidField(field, "format", "a MeCard starts with MECARD:");
    }
    ScanFields out = new ScanFields();
    boolean any = false;
    for (String entry : split(text.substring(PREFIX.length()), ';')) {
      if (entry.isBlank()) {
        continue;
      }
      List<String> nameValue = split(entry, ':', 2);
      if (nameValue.size() < 2) {
        out.unparsed("'" + unescape(entry) + "' has no name:value");
        continue;
      }
      any = true;
      read(out, nameValue.get(0).strip().toUpperCase(Locale.ROOT), nameValue.get(1));
    }
    if (!any) {
      throw ProblemException.invalidField(field, "format", "the MeCard has no fields");
    }
    return out.done(ScanFormat.MECARD, null);
  }

  private static void read(ScanFields out, String name, String value) {
    switch (name) {
      case "N" -> {
        List<String> parts = split(value, ',');
        if (parts.size() >= 2) {
          out.put(LeadFields.LAST_NAME, unescape(parts.get(0)));
          out.put(
              LeadFields.FIRST_NAME, unescape(String.join(",", parts.subList(1, parts.size()))));
        } else {
          out.fullName(unescape(value));
        }
      }
      case "TEL" -> out.put(LeadFields.PHONE, unescape(value));
      case "EMAIL" -> out.put(LeadFields.EMAIL, unescape(value));
      case "URL" -> out.put(LeadFields.WEBSITE, unescape(value));
      case "ORG" -> out.put(LeadFields.COMPANY, unescape(value));
      case "TITLE" -> out.put(LeadFields.TITLE, unescape(value));
      case "ADR" -> address(out, value);
      case "NOTE" -> out.extra("note", unescape(value));
      case "BDAY" -> out.extra("birthday", unescape(value));
      case "NICKNAME" -> out.extra("nickname", unescape(value));
      case "SOUND" -> out.extra("nameReading", unescape(value));
      case "TEL-AV" -> out.extra("videoPhone", unescape(value));
      default -> out.unparsed(name + ": " + unescape(value));
    }
  }

  private static void address(ScanFields out, String value) {
    List<String> parts = split(value, ',');
    if (parts.size() == 7) {
      out.extra("address", unescape(parts.get(2)));
      out.put(LeadFields.CITY, unescape(parts.get(3)));
      out.put(LeadFields.REGION, unescape(parts.get(4)));
      out.extra("postalCode", unescape(parts.get(5)));
      out.put(LeadFields.COUNTRY, unescape(parts.get(6)));
    } else {
      out.extra("address", unescape(value));
    }
  }

  static List<String> split(String s, char sep) {
    return split(s, sep, Integer.MAX_VALUE);
  }

  /** {@code s} cut at unescaped {@code sep}s into at most {@code limit} parts, escapes kept. */
  static List<String> split(String s, char sep, int limit) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == sep && parts.size() < limit - 1) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  /** {@code \;}, {@code \:}, {@code \,} and {@code \\} as the characters they stand for. */
  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        b.append(s.charAt(++i));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
