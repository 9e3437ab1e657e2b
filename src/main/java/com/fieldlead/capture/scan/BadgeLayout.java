package com.fieldlead.capture.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an event's badges encode a visitor: {@code delimited} (values separated by {@code delimiter}, mapped by
 * position through {@code fields}; an empty name or {@code -} skips a position) or {@code keyValue} (pairs separated
 * by {@code pairSeparator}, key and value by {@code keyValueSeparator}, keys mapped through {@code keys}, matched
 * without case). Targets are the lead fields a scan fills ({@link ScanFields#FILLABLE}) or the extras {@code badgeId},
 * {@code fullName}, {@code address}, {@code postalCode}, {@code note}, {@code registrationType}. {@code name} is the
 * preset's name, or {@code custom}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BadgeLayout(
    String name,
    String kind,
    String delimiter,
    List<String> fields,
    String pairSeparator,
    String keyValueSeparator,
    Map<String, String> keys) {

  public static final String DELIMITED = "delimited";
  public static final String KEY_VALUE = "keyValue";
  public static final String CUSTOM = "custom";

  /**
   * Preset: twelve {@code ^}-separated positions, the layout of many registration systems' 2D badge barcodes
   * (badge id, first name, last name, title, company, street, city, state, postal code, country, phone, e-mail).
   */
  public static final BadgeLayout CARET_12 = new BadgeLayout(
      "caret-12",
      DELIMITED,
      "^",
      List.of(
          "badgeId",
          LeadFields.FIRST_NAME,
          LeadFields.LAST_NAME,
          LeadFields.TITLE,
          LeadFields.COMPANY,
          "address",
          LeadFields.CITY,
          LeadFields.REGION,
          "postalCode",
          LeadFields.COUNTRY,
          LeadFields.PHONE,
          LeadFields.EMAIL),
      null,
      null,
      null);

  /**
   * Preset: {@code |}-separated {@code KEY=value} pairs with short keys ({@code ID FN LN CO TI EM PH CI ST CN WEB
   * TYPE}), as lead-retrieval apps print in badge QR codes.
   */
  public static final BadgeLayout PIPE_KEYS =
      new BadgeLayout("pipe-keys", KEY_VALUE, null, null, "|", "=", orderedKeys());

  /** The presets by name. */
  public static final Map<String, BadgeLayout> PRESETS =
      Map.of(CARET_12.name(), CARET_12, PIPE_KEYS.name(), PIPE_KEYS);

  public BadgeLayout {
    fields = fields == null ? null : List.copyOf(fields);
    keys = keys == null ? null : Map.copyOf(keys);
  }

  private static Map<String, String> orderedKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("ID", "badgeId");
    keys.put("FN", LeadFields.FIRST_NAME);
    keys.put("LN", LeadFields.LAST_NAME);
    keys.put("CO", LeadFields.COMPANY);
    keys.put("TI", LeadFields.TITLE);
    keys.put("EM", LeadFields.EMAIL);
    keys.put("PH", LeadFields.PHONE);
    keys.put("CI", LeadFields.CITY);
    keys.put("ST", LeadFields.REGION);
    keys.put("CN", LeadFields.COUNTRY);
    keys.put("WEB", LeadFields.WEBSITE);
    keys.put("TYPE", "registrationType");
    return keys;
  }

  /** What an admin sends: a preset's name, or a layout of their own. */
  public record Input(
      String preset,
      String kind,
      String delimiter,
      List<String> fields,
      String pairSeparator,
      String keyValueSeparator,
      Map<String, String> keys) {}

  /** The layout {@code in} describes, checked; a 400 naming every problem. */
  static BadgeLayout of(Input in) {
    List<FieldError> errors = new ArrayList<>();
    if (in.preset() != null) {
      BadgeLayout preset = PRESETS.get(in.preset());
      if (preset == null) {
        errors.add(new FieldError(
            "/preset",
            "enum",
            "preset is one of "
                + String.join(", ", PRESETS.keySet().stream().sorted().toList())));
      } else if (in.kind() != null || in.fields() != null || in.keys() != null) {
        errors.add(new FieldError(
            "/preset", "exclusive", "give a preset or a layout of your own, not both"));
      }
      fail(errors);
      return preset;
    }
    if (DELIMITED.equals(in.kind())) {
      separator(errors, "/delimiter", in.delimiter());
      if (in.fields() == null || in.fields().isEmpty()) {
        errors.add(
            new FieldError("/fields", "required", "a delimited layout maps positions to fields"));
      } else {
        for (int i = 0; i < in.fields().size(); i++) {
          String t = in.fields().get(i);
          if (t != null && !t.isEmpty() && !t.equals("-")) {
            target(errors, "/fields/" + i, t);
          }
        }
      }
      fail(errors);
      return new BadgeLayout(
          CUSTOM,
          DELIMITED,
          in.delimiter(),
          in.fields().stream().map(t -> t == null ? "" : t).toList(),
          null,
          null,
          null);
    }
    if (KEY_VALUE.equals(in.kind())) {
      separator(errors, "/pairSeparator", in.pairSeparator());
      separator(errors, "/keyValueSeparator", in.keyValueSeparator());
      if (in.pairSeparator() != null && in.pairSeparator().equals(in.keyValueSeparator())) {
        errors.add(
            new FieldError("/keyValueSeparator", "distinct", "the two separators must differ"));
      }
      if (in.keys() == null || in.keys().isEmpty()) {
        errors.add(new FieldError("/keys", "required", "a key-value layout maps keys to fields"));
      } else {
        in.keys().forEach((k, t) -> target(errors, "/keys/" + k, t));
      }
      fail(errors);
      return new BadgeLayout(
          CUSTOM, KEY_VALUE, null, null, in.pairSeparator(), in.keyValueSeparator(), in.keys());
    }
    errors.add(new FieldError("/kind", "enum", "give a preset, or kind delimited or keyValue"));
    fail(errors);
    return null;
  }

  private static void separator(List<FieldError> errors, String field, String value) {
    if (value == null || value.isEmpty() || value.length() > 3 || value.isBlank()) {
      errors.add(
          new FieldError(field, "format", field.substring(1) + " is 1 to 3 characters, not blank"));
    }
  }

  private static void target(List<FieldError> errors, String field, String target) {
    if (!ScanFields.FILLABLE.contains(target) && !ScanFields.EXTRA_TARGETS.contains(target)) {
      errors.add(new FieldError(
          field,
          "enum",
          "'" + target + "' is not a lead field a badge fills ("
              + String.join(", ", ScanFields.FILLABLE) + ") nor one of "
              + String.join(", ", ScanFields.EXTRA_TARGETS.stream().sorted().toList())));
    }
  }

  private static void fail(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED, errors.get(0).message(), errors, Map.of());
    }
  }

  /** The proposed fields of badge payload {@code raw}; a 400 naming {@code field} when it does not fit. */
  ParsedScan read(String raw, String field) {
    String text = raw.strip();
    ScanFields out = new ScanFields();
    if (DELIMITED.equals(kind)) {
      String[] values = text.split(Pattern.quote(delimiter), -1);
      if (values.length < 2) {
        throw ProblemException.invalidField(
            field,
            "format",
            "the badge payload has no '" + delimiter + "' separators (layout " + name + ")");
      }
      for (int i = 0; i < values.length; i++) {
        String target = i < fields.size() ? fields.get(i) : null;
        if (target == null) {
          if (!values[i].isBlank()) {
            out.unparsed("position " + (i + 1) + ": " + values[i].strip());
          }
        } else if (!target.isEmpty() && !target.equals("-")) {
          put(out, target, values[i]);
        }
      }
    } else {
      Map<String, String> byKey = new LinkedHashMap<>();
      keys.forEach((k, t) -> byKey.put(k.toUpperCase(Locale.ROOT), t));
      boolean any = false;
      for (String pair : text.split(Pattern.quote(pairSeparator))) {
        if (pair.isBlank()) {
          continue;
        }
        int at = pair.indexOf(keyValueSeparator);
        if (at < 0) {
          out.unparsed("'" + pair.strip() + "' has no '" + keyValueSeparator + "'");
          continue;
        }
        any = true;
        String key = pair.substring(0, at).strip();
        String target = byKey.get(key.toUpperCase(Locale.ROOT));
        String value = pair.substring(at + keyValueSeparator.length());
        if (target == null) {
          out.unparsed(key + keyValueSeparator + value.strip());
        } else {
          put(out, target, value);
        }
      }
      if (!any) {
        throw ProblemException.invalidField(
            field,
            "format",
            "the badge payload has no key" + keyValueSeparator + "value pairs (layout " + name
                + ")");
      }
    }
    ParsedScan parsed = out.done(ScanFormat.BADGE, name);
    if (parsed.fields().isEmpty()) {
      throw ProblemException.invalidField(
          field, "format", "the badge payload fills no lead field with layout " + name);
    }
    return parsed;
  }

  private static void put(ScanFields out, String target, String value) {
    if (target.equals("fullName")) {
      out.fullName(value);
    } else {
      out.put(target, value);
    }
  }
}
