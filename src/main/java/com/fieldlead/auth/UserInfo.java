package com.fieldlead.auth;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What other features may know about a user: identity, tenant, role, teams, time zone. Never the password hash.
 *
 * @param teamIds teams the user is a member of
 * @param managedTeamIds teams the user manages
 * @param timeZone IANA zone id (e.g. {@code Europe/Berlin}), for reminders and "today" in the user's terms
 */
public record UserInfo(
    String id,
    String tenantId,
    Role role,
    List<String> teamIds,
    List<String> managedTeamIds,
    String timeZone,
    String name,
    String email,
    boolean disabled) {

  public UserInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(role, "role");
    teamIds = List.copyOf(teamIds);
    managedTeamIds = List.copyOf(managedTeamIds);
    Objects.requireNonNull(timeZone, "timeZone");
  }

  /** The zone as a {@link java.time.ZoneId}. */
  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }
}
