package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.problem.FieldError;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The people and teams a lead names: an owner or team set by a write must be a user (not disabled) or a team of the
 * caller's tenant, and a lead given an owner but no team takes its team from the owner. Every lead write path calls
 * it through {@link LeadService}'s validation (REST create and edit, import, merge, sync push creates and edits).
 * Lookups are kept per instance: one instance serves one request or one push batch.
 */
final class LeadReferences {

  private final UserDirectory directory;
  private final Map<String, Future<Optional<UserInfo>>> users = new HashMap<>();
  private final Map<String, Future<Boolean>> teams = new HashMap<>();

  /** @param directory the tenant's users and teams; null (a store-only test module) checks nothing */
  LeadReferences(UserDirectory directory) {
    this.directory = directory;
  }

  /** Whether {@code userId} is an active (not disabled) user of the tenant (true when there is no directory). */
  Future<Boolean> activeUser(String tenantId, String userId) {
    if (directory == null) {
      return Future.succeededFuture(true);
    }
    return user(tenantId, userId).map(u -> u.filter(x -> !x.disabled()).isPresent());
  }

  /** The user {@code userId} of the tenant, or empty (another tenant's user is empty too). */
  Future<Optional<UserInfo>> user(String tenantId, String userId) {
    if (directory == null || userId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return users.computeIfAbsent(userId, id -> directory.user(tenantId, id));
  }

  /** Whether {@code teamId} is a team of the tenant (true when there is no directory to ask). */
  Future<Boolean> teamExists(String tenantId, String teamId) {
    if (directory == null) {
      return Future.succeededFuture(true);
    }
    return teams.computeIfAbsent(
        teamId,
        id -> directory.teamNames(tenantId, List.of(id)).map(found -> found.containsKey(id)));
  }

  /**
   * The team a lead owned by {@code ownerId} goes to when the write names no team: one of the owner's teams, those
   * the caller manages first, then the caller's own; null when the owner is in no team (or unknown: validation
   * refuses that owner).
   */
  Future<String> teamOf(Principal p, String ownerId) {
    return user(p.tenantId(), ownerId)
        .map(found -> found.map(owner -> teamOf(p, owner)).orElse(null));
  }

  static String teamOf(Principal p, UserInfo owner) {
    List<String> candidates = new ArrayList<>(owner.teamIds());
    owner.managedTeamIds().stream().filter(t -> !candidates.contains(t)).forEach(candidates::add);
    return candidates.stream()
        .filter(p.managedTeamIds()::contains)
        .findFirst()
        .or(() -> candidates.stream().filter(p.teamIds()::contains).findFirst())
        .or(() -> candidates.stream().findFirst())
        .orElse(null);
  }

  /**
   * Field errors for the owner and team of {@code candidate} where they differ from {@code previous} (null: a new
   * lead): each must name a user (not disabled) or a team of the caller's tenant.
   */
  Future<List<FieldError>> check(Principal p, Lead candidate, Lead previous) {
    if (directory == null) {
      return Future.succeededFuture(List.of());
    }
    String owner = candidate.routing().ownerId();
    String team = candidate.routing().teamId();
    // the caller and their own teams were checked by the gate on this request: no read for a rep's
    // own capture
    boolean ownerChanged = owner != null
        && (previous == null || !Objects.equals(owner, previous.routing().ownerId()))
        && !owner.equals(p.userId());
    boolean teamChanged = team != null
        && (previous == null || !Objects.equals(team, previous.routing().teamId()))
        && !p.teamIds().contains(team)
        && !p.managedTeamIds().contains(team);
    Future<Optional<UserInfo>> user =
        ownerChanged ? user(p.tenantId(), owner) : Future.succeededFuture(Optional.empty());
    Future<Boolean> teamOk =
        teamChanged ? teamExists(p.tenantId(), team) : Future.succeededFuture(true);
    return Future.all(user, teamOk).map(x -> {
      List<FieldError> errors = new ArrayList<>();
      if (ownerChanged && user.result().filter(u -> !u.disabled()).isEmpty()) {
        errors.add(
            new FieldError("/ownerId", "unknown", "no active user " + owner + " in your tenant"));
      }
      if (!teamOk.result()) {
        errors.add(new FieldError("/teamId", "unknown", "no team " + team + " in your tenant"));
      }
      return errors;
    });
  }
}
