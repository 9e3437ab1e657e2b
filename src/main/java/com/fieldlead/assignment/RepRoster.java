package com.fieldlead.assignment;

import com.fieldlead.assignment.model.RoutingRulesWire;
import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who routing may pick: team members, named users, and (for the default rules) every rep of the tenant, all from the
 * {@link UserDirectory}.
 */
final class RepRoster {

  private final UserDirectory directory;

  RepRoster(UserDirectory directory) {
    this.directory = directory;
  }

  UserDirectory directory() {
    return directory;
  }

  /** The routable users (reps and managers, not disabled) of the given teams and ids; "*" means every rep. */
  Future<List<UserInfo>> candidates(
      String tenantId, Collection<String> teamIds, Collection<String> userIds) {
    List<Future<List<UserInfo>>> parts = new ArrayList<>();
    for (String team : teamIds) {
      parts.add(
          RoutingRulesWire.ALL_REPS.equals(team)
              ? allReps(tenantId)
              : directory.teamMembers(tenantId, team));
    }
    parts.add(directory.users(
        tenantId, userIds.stream().filter(id -> id != null).distinct().toList()));
    return Future.all(parts).map(all -> {
      Map<String, UserInfo> out = new LinkedHashMap<>();
      for (Future<List<UserInfo>> f : parts) {
        f.result().stream().filter(RepRoster::routable).forEach(u -> out.putIfAbsent(u.id(), u));
      }
      return List.copyOf(out.values());
    });
  }

  static boolean routable(UserInfo u) {
    return !u.disabled() && (u.role() == Role.REP || u.role() == Role.MANAGER);
  }

  private Future<List<UserInfo>> allReps(String tenantId) {
    return directory.usersWithRole(tenantId, Role.REP);
  }
}
