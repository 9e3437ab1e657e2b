package com.fieldlead.auth;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to users and teams for other features (assignment, notify, sync scopes). Every lookup is scoped to a
 * tenant: asking for another tenant's user answers empty, exactly like an unknown id.
 */
public interface UserDirectory {

  /** The user {@code userId} of {@code tenantId}, or empty. Disabled users are returned (with {@code disabled}). */
  Future<Optional<UserInfo>> user(String tenantId, String userId);

  /** The users among {@code userIds} that exist in {@code tenantId}, in no particular order. */
  Future<List<UserInfo>> users(String tenantId, Collection<String> userIds);

  /** The members of team {@code teamId} (not its managers, unless they are members too), sorted by email. */
  Future<List<UserInfo>> teamMembers(String tenantId, String teamId);

  /** The managers of team {@code teamId}, sorted by email. */
  Future<List<UserInfo>> teamManagers(String tenantId, String teamId);

  /** Every user of the tenant with {@code role} (disabled ones included; callers filter). */
  Future<List<UserInfo>> usersWithRole(String tenantId, Role role);

  /**
   * The teams among {@code teamIds} that are teams of {@code tenantId}, id to name (another tenant's team is not
   * one).
   */
  Future<Map<String, String>> teamNames(String tenantId, Collection<String> teamIds);
}
