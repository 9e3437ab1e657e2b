package com.fieldlead.assignment.model;

import com.fieldlead.problem.FieldError;
import com.fieldlead.scoring.Temperature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's speed-to-lead SLA: rules tried in order (the first whose temperature matches applies, null matching any),
 * each "first contact within D", counted in the owner's working hours or wall-clock, and the activity types that count
 * as contact (by default call, meeting, e-mail; notes and visits only if configured). Time runs from the capture on
 * the device, not from the sync, so a lead captured offline is honestly late when it arrives late. Pure.
 */
public record SlaPolicy(List<SlaRule> rules, Set<String> contactTypes) {

  public SlaPolicy {
    rules = List.copyOf(rules == null ? List.of() : rules);
    contactTypes = Set.copyOf(contactTypes == null ? Set.of() : contactTypes);
  }

  /** First contact within {@code within} for leads of {@code temperature} (null: any) on the given clock. */
  public record SlaRule(String id, Temperature temperature, Duration within, Clock clock) {
    public SlaRule {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(within, "within");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /** How an SLA's time runs: only in the owner's working hours, or around the clock. */
  public enum Clock {
    WORKING_HOURS,
    WALL
  }

  /** Where a lead stands against its SLA. {@code NONE}: no rule applies. */
  public enum Status {
    MET,
    BREACHED,
    PENDING,
    NONE
  }

  /** An activity that may be a first contact: its type ({@code call}, {@code email}, ...) and device time. */
  public record ContactActivity(String type, Instant occurredAt) {}

  /**
   * The verdict: status, rule, due instant, time from capture to first contact (null while none), time left while
   * pending, and how late a breach is (for a breach without contact: as of {@code now}).
   */
  public record Evaluation(
      Status status,
      String ruleId,
      Instant dueAt,
      Duration timeToContact,
      Duration remaining,
      Duration overdueBy) {}

  /** Hot: contacted within one working hour of the owner; any lead: within 24 hours; call, meeting, e-mail count. */
  public static SlaPolicy defaults() {
    return new SlaPolicy(
        List.of(
            new SlaRule(
                "hot-1-working-hour", Temperature.HOT, Duration.ofHours(1), Clock.WORKING_HOURS),
            new SlaRule("any-24-hours", null, Duration.ofHours(24), Clock.WALL)),
        Set.of("call", "meeting", "email"));
  }

  /** The rule that applies to a lead of {@code temperature}. */
  public Optional<SlaRule> ruleFor(Temperature temperature) {
    return rules.stream()
        .filter(r -> r.temperature() == null || r.temperature() == temperature)
        .findFirst();
  }

  /**
   * When first contact is due, or null when no rule applies. Time starts at {@code capturedAt} (device time), or at
   * {@code now} when unknown or in the future (a device clock ahead must not push the deadline out). Working-hours
   * rules use the owner's hours; without an owner or hours they run on the wall clock.
   */
  public Instant dueAt(
      Temperature temperature, Instant capturedAt, WorkingHours ownerHours, Instant now) {
    return ruleFor(temperature)
        .map(r -> due(r, start(capturedAt, now), ownerHours))
        .orElse(null);
  }

  /** The earliest activity of a contact type, if any. */
  public Optional<Instant> firstContact(List<ContactActivity> activities) {
    return activities.stream()
        .filter(a -> a.type() != null
            && a.occurredAt() != null
            && contactTypes.contains(a.type().trim().toLowerCase(Locale.ROOT)))
        .map(ContactActivity::occurredAt)
        .min(Comparator.naturalOrder());
  }

  /** The SLA verdict of a lead whose first contact was at {@code firstContactAt} (null: not contacted yet). */
  public Evaluation evaluate(
      Temperature temperature,
      Instant capturedAt,
      WorkingHours ownerHours,
      Instant firstContactAt,
      Instant now) {
    Optional<SlaRule> rule = ruleFor(temperature);
    if (rule.isEmpty()) {
      return new Evaluation(Status.NONE, null, null, null, null, null);
    }
    Instant start = start(capturedAt, now);
    Instant due = due(rule.get(), start, ownerHours);
    String id = rule.get().id();
    if (firstContactAt != null) {
      Duration took = positive(Duration.between(start, firstContactAt));
      return firstContactAt.isAfter(due)
          ? new Evaluation(
              Status.BREACHED, id, due, took, null, Duration.between(due, firstContactAt))
          : new Evaluation(Status.MET, id, due, took, null, null);
    }
    return now.isAfter(due)
        ? new Evaluation(Status.BREACHED, id, due, null, null, Duration.between(due, now))
        : new Evaluation(Status.PENDING, id, due, null, Duration.between(now, due), null);
  }

  /** Every problem of this policy as field errors (JSON-pointer paths), empty when valid. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (rules.size() > 20) {
      errors.add(new FieldError("/rules", "maxItems", "at most 20 SLA rules"));
    }
    for (int i = 0; i < rules.size(); i++) {
      SlaRule r = rules.get(i);
      if (r.id().isBlank() || r.id().length() > 64) {
        errors.add(
            new FieldError("/rules/" + i + "/id", "required", "id must be 1 to 64 characters"));
      } else if (!ids.add(r.id())) {
        errors.add(new FieldError(
            "/rules/" + i + "/id", "unique", "rule id '" + r.id() + "' is used twice"));
      }
      if (r.within().isNegative()
          || r.within().isZero()
          || r.within().compareTo(Duration.ofDays(90)) > 0) {
        errors.add(new FieldError(
            "/rules/" + i + "/within", "range", "within must be positive and at most 90 days"));
      }
    }
    if (contactTypes.isEmpty()) {
      errors.add(new FieldError(
          "/contactTypes", "required", "at least one activity type must count as contact"));
    }
    return List.copyOf(errors);
  }

  private static Instant start(Instant capturedAt, Instant now) {
    return capturedAt == null || capturedAt.isAfter(now) ? now : capturedAt;
  }

  private static Instant due(SlaRule rule, Instant start, WorkingHours hours) {
    if (rule.clock() == Clock.WORKING_HOURS && hours != null && !hours.slots().isEmpty()) {
      return hours.addWorkingTime(start, rule.within());
    }
    return start.plus(rule.within());
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
