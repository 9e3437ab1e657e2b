package com.fieldlead.assignment.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fieldlead.assignment.model.RoutingRule.CapacityRule;
import com.fieldlead.assignment.model.RoutingRule.EventMode;
import com.fieldlead.assignment.model.RoutingRule.EventRule;
import com.fieldlead.assignment.model.RoutingRule.RoundRobinRule;
import com.fieldlead.assignment.model.RoutingRule.Target;
import com.fieldlead.assignment.model.RoutingRule.TerritoryRule;
import com.fieldlead.assignment.model.RoutingRules.WorkingHoursMode;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The wire (and stored) shape of a tenant's routing rules: each rule carries a {@code type} discriminator
 * ({@code territory}, {@code event}, {@code round_robin}, {@code capacity}) and enums travel lower case
 * ({@code capturing_rep}, {@code team}, {@code prefer}). Converts to the pure {@link RoutingRules}, naming every bad
 * field.
 */
public final class RoutingRulesWire {

  /** The team id a round-robin rule uses to mean every active rep of the tenant (the default rules). */
  public static final String ALL_REPS = "*";

  private RoutingRulesWire() {}

  /** A PUT body. */
  public record Input(List<Rule> rules, String fallbackQueue, String workingHours) {}

  /** What GET and PUT answer; {@code requeued}: leads moved to the fallback queue by this change (PUT only). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record View(
      int version,
      boolean isDefault,
      List<Rule> rules,
      String fallbackQueue,
      String workingHours,
      Instant updatedAt,
      String updatedBy,
      Integer requeued) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(Territory.class),
    @JsonSubTypes.Type(Event.class),
    @JsonSubTypes.Type(RoundRobin.class),
    @JsonSubTypes.Type(Capacity.class)
  })
  sealed interface Rule permits Territory, Event, RoundRobin, Capacity {}

  @JsonTypeName("territory")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Territory(
      String id,
      List<String> countries,
      List<String> regions,
      List<String> postalPrefixes,
      TargetWire target)
      implements Rule {}

  @JsonTypeName("event")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Event(String id, List<String> eventIds, String mode) implements Rule {}

  @JsonTypeName("round_robin")
  record RoundRobin(String id, String teamId) implements Rule {}

  @JsonTypeName("capacity")
  record Capacity(String id, Integer maxOpenLeads) implements Rule {}

  record TargetWire(String kind, String id) {}

  /** The default of a tenant without rules: round robin over every active rep, else the "unassigned" queue. */
  public static RoutingRules defaults() {
    return new RoutingRules(
        0,
        List.of(new RoundRobinRule("default-round-robin", ALL_REPS)),
        "unassigned",
        WorkingHoursMode.PREFER);
  }

  /** The pure rules of {@code in} at {@code version}; a 400 naming every bad field (binding and validation). */
  public static RoutingRules toRules(Input in, int version) {
    List<FieldError> errors = new ArrayList<>();
    List<RoutingRule> rules = new ArrayList<>();
    List<Rule> wire = in.rules() == null ? List.of() : in.rules();
    for (int i = 0; i < wire.size(); i++) {
      rules.add(toRule(wire.get(i), "/rules/" + i, errors));
    }
    WorkingHoursMode mode = in.workingHours() == null
        ? WorkingHoursMode.PREFER
        : parse(WorkingHoursMode.class, in.workingHours(), "/workingHours", errors);
    RoutingRules result = new RoutingRules(
        version, rules, in.fallbackQueue() == null ? "" : in.fallbackQueue(), mode);
    errors.addAll(RoutingRulesValidator.validate(result));
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          errors.get(0).field() + ": " + errors.get(0).message(),
          errors,
          Map.of());
    }
    return result;
  }

  private static RoutingRule toRule(Rule rule, String at, List<FieldError> errors) {
    if (rule instanceof Territory t) {
      Target target = null;
      if (t.target() != null) {
        Target.Kind kind = parse(Target.Kind.class, t.target().kind(), at + "/target/kind", errors);
        target = kind == null ? null : new Target(kind, t.target().id());
      }
      return new TerritoryRule(
          t.id(), set(t.countries()), set(t.regions()), t.postalPrefixes(), target);
    }
    if (rule instanceof Event e) {
      return new EventRule(
          e.id(), set(e.eventIds()), parse(EventMode.class, e.mode(), at + "/mode", errors));
    }
    if (rule instanceof RoundRobin r) {
      return new RoundRobinRule(r.id(), r.teamId());
    }
    Capacity c = (Capacity) rule;
    if (c.maxOpenLeads() == null) {
      errors.add(new FieldError(at + "/maxOpenLeads", "required", "maxOpenLeads is required"));
    }
    return new CapacityRule(c.id(), c.maxOpenLeads() == null ? 1 : c.maxOpenLeads());
  }

  /** The wire view of stored {@code rules}. */
  public static View view(
      RoutingRules rules,
      boolean isDefault,
      Instant updatedAt,
      String updatedBy,
      Integer requeued) {
    List<Rule> out = new ArrayList<>();
    for (RoutingRule r : rules.rules()) {
      out.add(toWire(r));
    }
    return new View(
        rules.version(),
        isDefault,
        out,
        rules.fallbackQueue(),
        wire(rules.workingHours()),
        updatedAt,
        updatedBy,
        requeued);
  }

  public static Input input(RoutingRules rules) {
    return new Input(
        view(rules, false, null, null, null).rules(),
        rules.fallbackQueue(),
        wire(rules.workingHours()));
  }

  private static Rule toWire(RoutingRule r) {
    if (r instanceof TerritoryRule t) {
      TargetWire target = t.target() == null
          ? null
          : new TargetWire(wire(t.target().kind()), t.target().id());
      return new Territory(
          t.id(), sorted(t.countries()), sorted(t.regions()), t.postalPrefixes(), target);
    }
    if (r instanceof EventRule e) {
      return new Event(e.id(), sorted(e.eventIds()), e.mode() == null ? null : wire(e.mode()));
    }
    if (r instanceof RoundRobinRule rr) {
      return new RoundRobin(rr.id(), rr.teamId());
    }
    CapacityRule c = (CapacityRule) r;
    return new Capacity(c.id(), c.maxOpenLeads());
  }

  static String wire(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(
      Class<E> type, String value, String field, List<FieldError> errors) {
    if (value == null) {
      errors.add(new FieldError(field, "required", field + " is required"));
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (wire(e).equals(value)) {
        return e;
      }
    }
    errors.add(new FieldError(
        field,
        "enum",
        "'" + value + "' is not one of "
            + Arrays.stream(type.getEnumConstants()).map(RoutingRulesWire::wire).toList()));
    return null;
  }

  private static Set<String> set(List<String> values) {
    return values == null
        ? Set.of()
        : Set.copyOf(values.stream().filter(v -> v != null).toList());
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
