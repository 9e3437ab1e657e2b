package com.fieldlead.assignment.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.scoring.Temperature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's SLA settings: the pure {@link SlaPolicy} plus what happens on a breach ({@code reassignOnBreach}: route the
 * lead again, excluding its current owner). Wire shape: rules with {@code temperature} (hot, warm, cold; absent: any),
 * {@code withinMinutes} and {@code clock} ({@code working_hours} or {@code wall}), and the contact activity types.
 */
public record SlaSettings(
    SlaPolicy policy, boolean reassignOnBreach, long version, Instant updatedAt, String updatedBy) {

  static final Set<String> ACTIVITY_TYPES = Set.of("call", "meeting", "email", "visit", "note");

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RuleWire(String id, String temperature, Integer withinMinutes, String clock) {}

  /** PUT body. */
  public record Input(List<RuleWire> rules, List<String> contactTypes, Boolean reassignOnBreach) {}

  /** GET/PUT answer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record View(
      long version,
      boolean isDefault,
      List<RuleWire> rules,
      List<String> contactTypes,
      boolean reassignOnBreach,
      Instant updatedAt,
      String updatedBy) {}

  public static SlaSettings defaults() {
    return new SlaSettings(SlaPolicy.defaults(), false, 0, null, null);
  }

  public View view() {
    List<RuleWire> rules = policy.rules().stream()
        .map(r -> new RuleWire(
            r.id(),
            r.temperature() == null ? null : r.temperature().wire(),
            (int) r.within().toMinutes(),
            RoutingRulesWire.wire(r.clock())))
        .toList();
    return new View(
        version,
        version == 0,
        rules,
        policy.contactTypes().stream().sorted().toList(),
        reassignOnBreach,
        updatedAt,
        updatedBy);
  }

  public Input input() {
    View v = view();
    return new Input(v.rules(), v.contactTypes(), v.reassignOnBreach());
  }

  /** Checks {@code in}, naming every bad field, and answers the settings to store. */
  public static SlaSettings from(Input in, long version, Instant now, String by) {
    List<FieldError> errors = new ArrayList<>();
    List<SlaPolicy.SlaRule> rules = new ArrayList<>();
    List<RuleWire> wire = in.rules() == null ? List.of() : in.rules();
    for (int i = 0; i < wire.size(); i++) {
      RuleWire r = wire.get(i);
      String at = "/rules/" + i;
      Temperature t = null;
      if (r.temperature() != null) {
        try {
          t = Temperature.of(r.temperature());
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError(at + "/temperature", "enum", e.getMessage()));
        }
      }
      if (r.withinMinutes() == null) {
        errors.add(new FieldError(at + "/withinMinutes", "required", "withinMinutes is required"));
      }
      SlaPolicy.Clock clock = r.clock() == null
          ? SlaPolicy.Clock.WALL
          : RoutingRulesWire.parse(SlaPolicy.Clock.class, r.clock(), at + "/clock", errors);
      rules.add(new SlaPolicy.SlaRule(
          r.id() == null ? "" : r.id(),
          t,
          Duration.ofMinutes(r.withinMinutes() == null ? 1 : r.withinMinutes()),
          clock == null ? SlaPolicy.Clock.WALL : clock));
    }
    Set<String> types = new LinkedHashSet<>();
    List<String> given = in.contactTypes() == null ? List.of() : in.contactTypes();
    for (int i = 0; i < given.size(); i++) {
      if (!ACTIVITY_TYPES.contains(given.get(i))) {
        errors.add(new FieldError(
            "/contactTypes/" + i,
            "enum",
            "'" + given.get(i) + "' is not one of "
                + ACTIVITY_TYPES.stream().sorted().toList()));
      } else {
        types.add(given.get(i));
      }
    }
    SlaPolicy policy = new SlaPolicy(rules, types);
    boolean typesNamed = !given.isEmpty() && types.isEmpty(); // each bad entry was named above
    for (FieldError e : policy.validate()) {
      if (typesNamed && e.field().equals("/contactTypes")) {
        continue;
      }
      errors.add(
          e.field().endsWith("/within")
              ? new FieldError(
                  e.field() + "Minutes", e.code(), e.message().replace("within", "withinMinutes"))
              : e);
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          errors.get(0).field() + ": " + errors.get(0).message(),
          errors,
          Map.of());
    }
    return new SlaSettings(policy, Boolean.TRUE.equals(in.reassignOnBreach()), version, now, by);
  }
}
