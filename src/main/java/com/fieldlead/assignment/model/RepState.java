package com.fieldlead.assignment.model;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A rep as routing sees them at decision time: teams, open lead count and personal maximum (null: the rules' capacity
 * rule, if any, applies), working hours in their zone (null: always available), out-of-office ranges, and whether the
 * account is active.
 */
public record RepState(
    String userId,
    Set<String> teamIds,
    int openLeads,
    Integer maxOpenLeads,
    WorkingHours workingHours,
    List<OutOfOffice> outOfOffice,
    boolean active) {

  public RepState {
    Objects.requireNonNull(userId, "userId");
    teamIds = Set.copyOf(teamIds == null ? Set.of() : teamIds);
    outOfOffice = List.copyOf(outOfOffice == null ? List.of() : outOfOffice);
  }

  /** This state with one more open lead (a lead just handed to the rep). */
  public RepState withOneMoreLead() {
    return new RepState(
        userId, teamIds, openLeads + 1, maxOpenLeads, workingHours, outOfOffice, active);
  }

  /** The rep's IANA zone (UTC when no working hours are known). */
  public ZoneId timeZone() {
    return workingHours == null ? ZoneId.of("UTC") : workingHours.zone();
  }

  /** The out-of-office range covering {@code now}, if any. */
  public Optional<OutOfOffice> absentAt(Instant now) {
    return outOfOffice.stream().filter(o -> o.contains(now)).findFirst();
  }

  /** Away from {@code from} (inclusive) until {@code to} (exclusive). */
  public record OutOfOffice(Instant from, Instant to) {
    public OutOfOffice {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("out of office 'from' must be before 'to'");
      }
    }

    public boolean contains(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }
  }
}
