package com.fieldlead.lead.model;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which leads of a tenant a caller sees, as data (the repository turns it into a filter). Pure.
 * <ul>
 *   <li>admin: every lead;
 *   <li>manager: leads of the teams they manage, the tenant's unassigned queue (live leads with neither owner nor
 *       team: captures routing could not place), plus what a rep would see;
 *   <li>rep: leads they own or captured, plus every capture of a sharing event they captured at or own;
 *   <li>booth: their own captures, plus every capture of a sharing event they captured at.
 * </ul>
 */
public record Visibility(
    boolean all, String userId, boolean owned, Set<String> teamIds, Set<String> eventIds) {

  /**
   * Among a manager's {@link #teamIds}: the tenant's unassigned queue, leads with neither owner nor team. It is no
   * team id (team ids are UUIDs), so a team filter passes it by; a scope exit of a lead leaving the queue names it as
   * the previous team, so managers' phones drop the lead as they would for a team.
   */
  public static final String UNASSIGNED_QUEUE = "(unassigned)";

  public Visibility {
    teamIds = Set.copyOf(teamIds);
    eventIds = Set.copyOf(eventIds);
  }

  /** {@code sharedEventIds}: the sharing events this caller captured at or owns. */
  public static Visibility of(Principal p, Set<String> sharedEventIds) {
    if (p.is(Role.ADMIN)) {
      return new Visibility(true, p.userId(), true, Set.of(), Set.of());
    }
    Set<String> teams = new LinkedHashSet<>();
    if (p.is(Role.MANAGER)) {
      teams.addAll(p.managedTeamIds());
      teams.add(UNASSIGNED_QUEUE);
    }
    return new Visibility(false, p.userId(), !p.is(Role.BOOTH), teams, sharedEventIds);
  }

  /** Whether {@code lead} is visible (the same rule the repository's filter applies). */
  public boolean sees(Lead lead) {
    if (all) {
      return true;
    }
    return userId.equals(lead.capture().capturedBy())
        || (owned && userId.equals(lead.routing().ownerId()))
        || (lead.routing().teamId() != null && teamIds.contains(lead.routing().teamId()))
        || (lead.routing().teamId() == null
            && lead.routing().ownerId() == null
            && teamIds.contains(UNASSIGNED_QUEUE))
        || (lead.capture().eventId() != null && eventIds.contains(lead.capture().eventId()));
  }
}
