package com.fieldlead.assignment.model;

import com.fieldlead.assignment.model.RoutingRule.CapacityRule;
import com.fieldlead.assignment.model.RoutingRule.EventRule;
import com.fieldlead.assignment.model.RoutingRule.RoundRobinRule;
import com.fieldlead.assignment.model.RoutingRule.TerritoryRule;
import com.fieldlead.problem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a tenant's {@link RoutingRules} before the admin API accepts them: every problem at once, as
 * {@link FieldError}s with JSON-pointer paths ({@code /rules/2/countries/0}) so a 400 can name the field. Pure.
 */
public final class RoutingRulesValidator {

  public static final int MAX_RULES = 100;
  public static final int MAX_ENTRIES = 500;
  public static final int MAX_ID_LENGTH = 64;
  public static final int MAX_OPEN_LEADS = 100_000;

  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

  private final List<FieldError> errors = new ArrayList<>();

  private RoutingRulesValidator() {}

  /** Every problem of {@code rules}; empty when they are valid. */
  public static List<FieldError> validate(RoutingRules rules) {
    RoutingRulesValidator v = new RoutingRulesValidator();
    v.text("/fallbackQueue", rules.fallbackQueue(), MAX_ID_LENGTH);
    if (rules.rules().size() > MAX_RULES) {
      v.error("/rules", "maxItems", "at most " + MAX_RULES + " rules");
    }
    Set<String> ids = new HashSet<>();
    boolean capacitySeen = false;
    for (int i = 0; i < rules.rules().size(); i++) {
      RoutingRule rule = rules.rules().get(i);
      String at = "/rules/" + i;
      if (rule == null) {
        v.error(at, "required", "a rule must not be null");
        continue;
      }
      if (v.text(at + "/id", rule.id(), MAX_ID_LENGTH) && !ids.add(rule.id())) {
        v.error(at + "/id", "unique", "rule id '" + rule.id() + "' is used twice");
      }
      if (rule instanceof TerritoryRule t) {
        v.territory(at, t);
      } else if (rule instanceof EventRule e) {
        v.event(at, e);
      } else if (rule instanceof RoundRobinRule r) {
        v.text(at + "/teamId", r.teamId(), MAX_ID_LENGTH);
      } else if (rule instanceof CapacityRule c) {
        if (capacitySeen) {
          v.error(at, "unique", "at most one capacity rule");
        }
        capacitySeen = true;
        if (c.maxOpenLeads() < 1 || c.maxOpenLeads() > MAX_OPEN_LEADS) {
          v.error(
              at + "/maxOpenLeads",
              "range",
              "maxOpenLeads must be between 1 and " + MAX_OPEN_LEADS);
        }
      }
    }
    return List.copyOf(v.errors);
  }

  private void territory(String at, TerritoryRule t) {
    if (t.countries().isEmpty() && t.regions().isEmpty() && t.postalPrefixes().isEmpty()) {
      error(at, "required", "a territory needs countries, regions or postal prefixes");
    }
    entries(at + "/countries", t.countries().stream().sorted().toList(), 100);
    t.countries().stream()
        .sorted()
        .filter(c -> c != null && !COUNTRY.matcher(c).matches())
        .forEach(c -> error(
            at + "/countries", "format", "'" + c + "' is not an ISO 3166 alpha-2 code such as DE"));
    entries(at + "/regions", t.regions().stream().sorted().toList(), 100);
    entries(at + "/postalPrefixes", t.postalPrefixes(), 10);
    if (t.target() == null) {
      error(at + "/target", "required", "a territory needs a target user or team");
    } else {
      text(at + "/target/id", t.target().id(), MAX_ID_LENGTH);
    }
  }

  private void event(String at, EventRule e) {
    if (e.mode() == null) {
      error(at + "/mode", "required", "mode is capturing_rep or event_owner");
    }
    entries(at + "/eventIds", e.eventIds().stream().sorted().toList(), MAX_ID_LENGTH);
  }

  private void entries(String path, List<String> values, int maxLength) {
    if (values.size() > MAX_ENTRIES) {
      error(path, "maxItems", "at most " + MAX_ENTRIES + " entries");
    }
    for (int i = 0; i < values.size(); i++) {
      text(path + "/" + i, values.get(i), maxLength);
    }
  }

  private boolean text(String path, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      error(path, "required", "must not be blank");
      return false;
    }
    if (value.length() > maxLength) {
      error(path, "maxLength", "at most " + maxLength + " characters");
      return false;
    }
    return true;
  }

  private void error(String path, String code, String message) {
    errors.add(new FieldError(path, code, message));
  }
}
