package com.fieldlead.http;

import com.fieldlead.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the schema validator's failures into the errors[] a client can act on: the most specific failure of each
 * field, once. The validator also reports every enclosing schema a failure passed through (the parent property, the
 * {@code $ref}, an {@code additionalProperties} failure for each declared property that failed) and, for a
 * {@code oneOf} of rule kinds, every kind the value is not; left in, they bury the one failure that matters.
 */
final class ValidationErrors {

  /** One failure as the validator reports it: instance field, keyword, message and where the keyword is. */
  record Failure(String field, String keyword, String message, String keywordLocation) {}

  /** Keywords that only say "something inside me failed". */
  private static final Set<String> CONTAINERS = Set.of(
      "properties",
      "$ref",
      "allOf",
      "anyOf",
      "oneOf",
      "items",
      "prefixItems",
      "contains",
      "dependentSchemas",
      "then",
      "else",
      "not",
      "$dynamicRef");

  private static final Pattern ENUM = Pattern.compile("does not match any of \\[(.*)]\\s*$");
  private static final Pattern CONST = Pattern.compile("does not match (\".*\"|\\S+)\\s*$");
  private static final Pattern BRANCH = Pattern.compile("/(oneOf|anyOf)/(\\d+)(/|$)");

  private ValidationErrors() {}

  static List<FieldError> shape(List<Failure> all) {
    List<Failure> specific =
        all.stream().filter(f -> !CONTAINERS.contains(f.keyword())).toList();
    if (specific.isEmpty()) {
      specific = all;
    }
    specific = withoutRuledOutBranches(specific);
    Map<String, FieldError> out = new LinkedHashMap<>();
    Map<String, Set<String>> constants = new LinkedHashMap<>();
    for (Failure f : specific) {
      boolean deeper = specific.stream()
          .anyMatch(o -> !o.field().equals(f.field())
              && o.field().startsWith(f.field().endsWith("/") ? f.field() : f.field() + "/"));
      boolean betterHere = f.keyword().equals("additionalProperties")
          && specific.stream()
              .anyMatch(
                  o -> o.field().equals(f.field()) && !o.keyword().equals("additionalProperties"));
      if (deeper || betterHere) {
        continue; // a failure inside this field, or a plainer one about it, says more
      }
      Matcher constant = CONST.matcher(f.message());
      if (f.keyword().equals("const") && constant.find()) {
        constants
            .computeIfAbsent(f.field(), k -> new LinkedHashSet<>())
            .add(constant.group(1).replace("\"", ""));
        out.putIfAbsent(f.field() + "\u0000const", null);
        continue;
      }
      FieldError plain = plain(f);
      out.putIfAbsent(plain.field() + "\u0000" + plain.code() + "\u0000" + plain.message(), plain);
    }
    List<FieldError> errors = new ArrayList<>();
    out.forEach((key, error) -> {
      if (error != null) {
        errors.add(error);
      } else {
        String field = key.substring(0, key.indexOf('\u0000'));
        errors.add(new FieldError(
            field, "const", "must be one of " + String.join(", ", constants.get(field))));
      }
    });
    return errors;
  }

  /**
   * Of a {@code oneOf} / {@code anyOf} whose branches are told apart by a constant property (a rule's
   * {@code type}), only the branches the value chose speak: the others' failures are noise. When the value chose
   * none, only the failures of that property remain (merged into "must be one of").
   */
  private static List<Failure> withoutRuledOutBranches(List<Failure> failures) {
    Map<String, Set<String>> ruledOut = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    for (Failure f : failures) {
      Matcher m = BRANCH.matcher(f.keywordLocation());
      if (!m.find()) {
        continue;
      }
      String group = f.keywordLocation().substring(0, m.start()) + "|" + instanceOf(f, m.end());
      seen.computeIfAbsent(group, k -> new LinkedHashSet<>()).add(m.group(2));
      if ((f.keyword().equals("const") || f.keyword().equals("enum"))
          && levelsBelow(f, m.end()) == 1) {
        ruledOut.computeIfAbsent(group, k -> new LinkedHashSet<>()).add(m.group(2));
      }
    }
    List<Failure> kept = new ArrayList<>();
    for (Failure f : failures) {
      Matcher m = BRANCH.matcher(f.keywordLocation());
      if (!m.find()) {
        kept.add(f);
        continue;
      }
      String group = f.keywordLocation().substring(0, m.start()) + "|" + instanceOf(f, m.end());
      Set<String> out = ruledOut.getOrDefault(group, Set.of());
      boolean noneChosen = out.containsAll(seen.get(group));
      if (!out.contains(m.group(2))) {
        kept.add(f);
      } else if (noneChosen
          && (f.keyword().equals("const") || f.keyword().equals("enum"))
          && levelsBelow(f, m.end()) == 1) {
        kept.add(f);
      }
    }
    return kept;
  }

  /** How many instance levels the keyword path after a branch descends (properties/x, items, ...). */
  private static int levelsBelow(Failure f, int branchEnd) {
    String[] parts = f.keywordLocation().substring(branchEnd).split("/");
    int levels = 0;
    for (int i = 0; i < parts.length; i++) {
      switch (parts[i]) {
        case "properties", "patternProperties", "prefixItems" -> {
          levels++;
          i++;
        }
        case "items", "additionalProperties" -> levels++;
        default -> {}
      }
    }
    return levels;
  }

  /** The instance field the branch applies to: the failure's field less the levels the branch descends. */
  private static String instanceOf(Failure f, int branchEnd) {
    String field = f.field();
    for (int i = levelsBelow(f, branchEnd); i > 0 && field.lastIndexOf('/') > 0; i--) {
      field = field.substring(0, field.lastIndexOf('/'));
    }
    return field;
  }

  /** The validator's wording, where it is vague, in words that name what is allowed. */
  private static FieldError plain(Failure f) {
    if (f.keyword().equals("enum")) {
      Matcher m = ENUM.matcher(f.message());
      if (m.find()) {
        return new FieldError(
            f.field(), "enum", "must be one of " + m.group(1).replace("\"", "").replace(",", ", "));
      }
    }
    if (f.keyword().equals("additionalProperties")) {
      String name = f.field().substring(f.field().lastIndexOf('/') + 1);
      return new FieldError(
          f.field(), f.keyword(), "is not a known property (\"" + name + "\"); remove it");
    }
    return new FieldError(f.field(), f.keyword(), f.message());
  }
}
