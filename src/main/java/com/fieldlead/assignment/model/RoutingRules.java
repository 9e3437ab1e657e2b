package com.fieldlead.assignment.model;

import java.util.List;
import java.util.Objects;

/**
 * A tenant's routing rules: the ordered rules, the fallback queue every lead lands in when no rule assigns an owner
 * (always present, so a rule change can never leave a lead without owner or queue), and how working hours count.
 */
public record RoutingRules(
    int version, List<RoutingRule> rules, String fallbackQueue, WorkingHoursMode workingHours) {

  public RoutingRules {
    rules = List.copyOf(rules == null ? List.of() : rules);
    Objects.requireNonNull(fallbackQueue, "fallbackQueue");
    workingHours = workingHours == null ? WorkingHoursMode.PREFER : workingHours;
  }

  /**
   * How working hours affect candidates. {@code IGNORE}: not at all. {@code PREFER} (default): among available
   * candidates, one in working hours is chosen if there is one, else an available one anyway (a lead captured at night
   * still gets an owner). {@code REQUIRE}: a rep outside working hours is skipped like one out of office.
   */
  public enum WorkingHoursMode {
    IGNORE,
    PREFER,
    REQUIRE
  }
}
