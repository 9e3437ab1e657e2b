package com.fieldlead.assignment.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rep's availability for routing, as sent, stored and answered: weekly working slots in an IANA zone (default: the
 * user's own zone), out-of-office ranges, a personal maximum of open leads (null: the rules' capacity applies) and
 * whether routing may pick them at all. A user without a stored availability is active, always working, no maximum.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Availability(
    String userId,
    String timeZone,
    List<SlotWire> workingHours,
    List<AwayWire> outOfOffice,
    Integer maxOpenLeads,
    Boolean active,
    Long version,
    Instant updatedAt,
    String updatedBy) {

  static final int MAX_SLOTS = 50;
  static final int MAX_AWAY = 100;

  /** {@code day} monday..sunday, {@code start}/{@code end} HH:mm local ({@code end} 00:00 or 24:00: midnight). */
  record SlotWire(String day, String start, String end) {}

  record AwayWire(Instant from, Instant to, String note) {}

  /** A PUT body. */
  public record Input(
      String timeZone,
      List<SlotWire> workingHours,
      List<AwayWire> outOfOffice,
      Integer maxOpenLeads,
      Boolean active) {}

  /** The availability of a user nobody configured. */
  public static Availability unset(String userId, String zone) {
    return new Availability(userId, zone, null, List.of(), null, true, 0L, null, null);
  }

  /** Checks {@code in} (naming every bad field) and answers the availability to store. */
  public static Availability from(
      String userId, Input in, String userZone, long version, Instant now, String by) {
    List<FieldError> errors = new ArrayList<>();
    String zone = in.timeZone() == null ? userZone : in.timeZone();
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      errors.add(new FieldError(
          "/timeZone", "format", "'" + zone + "' is not an IANA time zone such as Europe/Berlin"));
    }
    List<SlotWire> slots = in.workingHours();
    if (slots != null) {
      if (slots.size() > MAX_SLOTS) {
        errors.add(new FieldError("/workingHours", "maxItems", "at most " + MAX_SLOTS + " slots"));
      }
      for (int i = 0; i < slots.size(); i++) {
        slot(slots.get(i), "/workingHours/" + i, errors);
      }
    }
    List<AwayWire> away = in.outOfOffice() == null ? List.of() : in.outOfOffice();
    if (away.size() > MAX_AWAY) {
      errors.add(new FieldError("/outOfOffice", "maxItems", "at most " + MAX_AWAY + " ranges"));
    }
    for (int i = 0; i < away.size(); i++) {
      AwayWire a = away.get(i);
      if (a == null || a.from() == null || a.to() == null) {
        errors.add(new FieldError("/outOfOffice/" + i, "required", "from and to are required"));
      } else if (!a.from().isBefore(a.to())) {
        errors.add(new FieldError("/outOfOffice/" + i + "/to", "range", "to must be after from"));
      }
    }
    if (in.maxOpenLeads() != null
        && (in.maxOpenLeads() < 1 || in.maxOpenLeads() > RoutingRulesValidator.MAX_OPEN_LEADS)) {
      errors.add(new FieldError(
          "/maxOpenLeads",
          "range",
          "maxOpenLeads must be between 1 and " + RoutingRulesValidator.MAX_OPEN_LEADS));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ErrorCode.VALIDATION_FAILED,
          errors.get(0).field() + ": " + errors.get(0).message(),
          errors,
          Map.of());
    }
    return new Availability(
        userId,
        zone,
        slots == null ? null : List.copyOf(slots),
        List.copyOf(away),
        in.maxOpenLeads(),
        in.active() == null || in.active(),
        version,
        now,
        by);
  }

  private static void slot(SlotWire s, String at, List<FieldError> errors) {
    if (s == null) {
      errors.add(new FieldError(at, "required", "a slot must not be null"));
      return;
    }
    try {
      toSlot(s);
    } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
      errors.add(new FieldError(
          at, "invalid", "day must be monday..sunday and start before end as HH:mm"));
    }
  }

  private static WorkingHours.Slot toSlot(SlotWire s) {
    LocalTime end = "24:00".equals(s.end()) ? LocalTime.MIDNIGHT : LocalTime.parse(s.end());
    return new WorkingHours.Slot(
        DayOfWeek.valueOf(s.day().toUpperCase(Locale.ROOT)), LocalTime.parse(s.start()), end);
  }

  /** The working hours, or null when none are configured (always working). */
  public WorkingHours hours() {
    if (workingHours == null) {
      return null;
    }
    return new WorkingHours(
        ZoneId.of(timeZone), workingHours.stream().map(Availability::toSlot).toList());
  }

  /** The working hours for SLA arithmetic: configured ones, else around the clock in the user's zone. */
  WorkingHours hoursOrAlways() {
    WorkingHours h = hours();
    return h == null || h.slots().isEmpty() ? WorkingHours.always(ZoneId.of(timeZone)) : h;
  }

  public List<RepState.OutOfOffice> away() {
    return outOfOffice == null
        ? List.of()
        : outOfOffice.stream()
            .map(a -> new RepState.OutOfOffice(a.from(), a.to()))
            .toList();
  }

  public boolean isActive() {
    return active == null || active;
  }
}
