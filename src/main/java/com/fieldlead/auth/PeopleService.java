package com.fieldlead.auth;

import static com.fieldlead.auth.store.AuthSchema.*;

import com.fieldlead.auth.store.MongoTeams;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and teams of the caller's tenant: admins create and change them, managers may read them. The tenant always
 * comes from the principal; an id of another tenant is simply not found.
 */
final class PeopleService {

  private static final Logger LOG = LoggerFactory.getLogger(PeopleService.class);

  private final Vertx vertx;
  private final Clock clock;
  private final AuthStores stores;
  private final PasswordHasher hasher;

  PeopleService(Vertx vertx, Clock clock, AuthStores stores, PasswordHasher hasher) {
    this.vertx = vertx;
    this.clock = clock;
    this.stores = stores;
    this.hasher = hasher;
  }

  /** The caller: user, tenant, teams, session and device. */
  Future<AuthApi.Me> me(Principal caller) {
    String tenantId = caller.tenantId();
    Future<MongoUsers.StoredUser> user = stores
        .users()
        .find(tenantId, caller.userId())
        .map(u -> u.orElseThrow(() -> ProblemException.notFound("user")));
    Future<String> tenant = stores.users().tenantName(tenantId).map(n -> n.orElse(null));
    List<String> allTeams = new ArrayList<>(caller.teamIds());
    allTeams.addAll(caller.managedTeamIds());
    Future<List<MongoTeams.Team>> teams =
        stores.teams().findAll(tenantId, AccountInputChecks.distinct(allTeams));
    Future<AuthApi.SessionView> session = stores
        .sessions()
        .find(caller.sessionId())
        .map(s -> s.map(
                x -> new AuthApi.SessionView(x.id(), x.deviceId(), x.createdAt(), x.expiresAt()))
            .orElse(null));
    Future<AuthApi.DeviceView> device = caller.deviceId() == null
        ? Future.succeededFuture(null)
        : stores
            .devices()
            .find(tenantId, caller.deviceId())
            .map(d -> d.map(AuthApi.DeviceView::of).orElse(null));
    return Future.all(user, tenant, teams, session, device).map(all -> {
      List<MongoTeams.Team> ts = teams.result();
      return new AuthApi.Me(
          AuthApi.UserView.of(user.result()),
          new AuthApi.TenantView(tenantId, tenant.result()),
          caller.role().wire(),
          refs(ts, caller.teamIds()),
          refs(ts, caller.managedTeamIds()),
          session.result(),
          device.result());
    });
  }

  private static List<AuthApi.TeamRef> refs(List<MongoTeams.Team> teams, List<String> ids) {
    return teams.stream()
        .filter(t -> ids.contains(t.id()))
        .map(t -> new AuthApi.TeamRef(t.id(), t.name()))
        .toList();
  }

  /** Creates a user in the caller's tenant with an initial password; 409 when the email is taken anywhere. */
  Future<AuthApi.UserView> createUser(Principal caller, AuthApi.CreateUser r) {
    return createUser(caller.tenantId(), r).map(AuthApi.UserView::of);
  }

  Future<MongoUsers.StoredUser> createUser(String tenantId, AuthApi.CreateUser r) {
    return createUser(tenantId, r, UUID.randomUUID().toString());
  }

  /** Creates a user with the given id (the demo seed uses fixed ids). */
  Future<MongoUsers.StoredUser> createUser(String tenantId, AuthApi.CreateUser r, String userId) {
    return createUser(tenantId, r, userId, null);
  }

  /**
   * {@link #createUser(String, AuthApi.CreateUser, String)}; {@code passwordHash}, when given, is the hash of the
   * request's password already (the demo seed hashes its one shared password once for all its people).
   */
  Future<MongoUsers.StoredUser> createUser(
      String tenantId, AuthApi.CreateUser r, String userId, Future<String> passwordHash) {
    String email = AccountInputChecks.email("/email", r.email());
    String name = AccountInputChecks.name("/name", r.name());
    Role role = AccountInputChecks.role("/role", r.role());
    String password = AccountInputChecks.password("/password", r.password());
    String zone = AccountInputChecks.timeZone("/timeZone", r.timeZone());
    List<String> teamIds = AccountInputChecks.distinct(r.teamIds());
    List<String> managed = AccountInputChecks.distinct(r.managedTeamIds());
    Instant now = clock.instant();
    return Future.all(
            requireTeams(tenantId, "/teamIds", teamIds),
            requireTeams(tenantId, "/managedTeamIds", managed))
        .compose(ok -> passwordHash != null
            ? passwordHash
            : vertx.executeBlocking(() -> hasher.hash(password), false))
        .compose(hash -> stores
            .users()
            .insert(new MongoUsers.StoredUser(
                new UserInfo(userId, tenantId, role, teamIds, managed, zone, name, email, false),
                hash,
                now,
                now)))
        .onSuccess(u -> LOG.info(
            "user created [user={}, tenant={}, role={}]", u.info().id(), tenantId, role.wire()));
  }

  /** A hash of {@code password} as new users get it (the demo seed's one shared password, hashed once). */
  Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hasher.hash(password), false);
  }

  /** The iterations new password hashes get. */
  int hashIterations() {
    return hasher.iterations();
  }

  Future<AuthApi.Page<AuthApi.UserView>> listUsers(
      Principal caller, String role, String teamId, String after, int limit) {
    return stores
        .users()
        .list(caller.tenantId(), role, teamId, after, limit)
        .map(list -> new AuthApi.Page<>(
            list.stream().map(AuthApi.UserView::of).toList(),
            list.size() == limit ? list.get(list.size() - 1).info().email() : null));
  }

  Future<AuthApi.UserView> getUser(Principal caller, String userId) {
    return stores
        .users()
        .find(caller.tenantId(), userId)
        .map(u -> AuthApi.UserView.of(u.orElseThrow(() -> ProblemException.notFound("user"))));
  }

  /**
   * Changes a user. Disabling (or setting a new password) revokes all their sessions at once. An admin cannot
   * disable or demote themselves, so a tenant never locks its last admin out by accident.
   */
  Future<AuthApi.UserView> updateUser(Principal caller, String userId, AuthApi.UpdateUser r) {
    Instant now = clock.instant();
    List<Bson> updates = new ArrayList<>(List.of(Updates.set(UPDATED_AT, date(now))));
    if (r.name() != null) {
      updates.add(Updates.set(NAME, AccountInputChecks.name("/name", r.name())));
    }
    if (r.role() != null) {
      Role role = AccountInputChecks.role("/role", r.role());
      if (userId.equals(caller.userId()) && role != caller.role()) {
        throw new ProblemException(ErrorCode.CONFLICT, "You cannot change your own role.");
      }
      updates.add(Updates.set(ROLE, role.wire()));
    }
    if (r.timeZone() != null) {
      updates.add(Updates.set(TIME_ZONE, AccountInputChecks.timeZone("/timeZone", r.timeZone())));
    }
    if (Boolean.TRUE.equals(r.disabled()) && userId.equals(caller.userId())) {
      throw new ProblemException(ErrorCode.CONFLICT, "You cannot disable yourself.");
    }
    if (r.disabled() != null) {
      updates.add(Updates.set(DISABLED, r.disabled()));
    }
    List<String> teamIds = r.teamIds() == null ? null : AccountInputChecks.distinct(r.teamIds());
    List<String> managed =
        r.managedTeamIds() == null ? null : AccountInputChecks.distinct(r.managedTeamIds());
    if (teamIds != null) {
      updates.add(Updates.set(TEAM_IDS, teamIds));
    }
    if (managed != null) {
      updates.add(Updates.set(MANAGED_TEAM_IDS, managed));
    }
    String password =
        r.password() == null ? null : AccountInputChecks.password("/password", r.password());
    return Future.all(
            requireTeams(caller.tenantId(), "/teamIds", teamIds),
            requireTeams(caller.tenantId(), "/managedTeamIds", managed))
        .compose(ok -> password == null
            ? Future.succeededFuture(null)
            : vertx.executeBlocking(() -> hasher.hash(password), false))
        .compose(hash -> {
          if (hash != null) {
            updates.add(Updates.set(PASSWORD_HASH, hash));
          }
          return stores.users().update(caller.tenantId(), userId, updates);
        })
        .map(u -> u.orElseThrow(() -> ProblemException.notFound("user")))
        .compose(u -> {
          boolean endSessions = Boolean.TRUE.equals(r.disabled()) || password != null;
          return (endSessions
                  ? stores
                      .sessions()
                      .revokeUser(
                          caller.tenantId(),
                          userId,
                          Boolean.TRUE.equals(r.disabled()) ? "user disabled" : "password changed",
                          now)
                  : Future.succeededFuture(0L))
              .map(n -> {
                LOG.info(
                    "user updated [user={}, tenant={}, by={}, sessionsRevoked={}]",
                    userId,
                    caller.tenantId(),
                    caller.userId(),
                    n);
                return AuthApi.UserView.of(u);
              });
        });
  }

  /** Creates a team with its managers and members (users of the tenant). */
  Future<AuthApi.TeamView> createTeam(Principal caller, AuthApi.CreateTeam r) {
    return createTeam(caller.tenantId(), r).compose(team -> teamView(caller.tenantId(), team));
  }

  Future<MongoTeams.Team> createTeam(String tenantId, AuthApi.CreateTeam r) {
    String name = AccountInputChecks.name("/name", r.name());
    List<String> managers = AccountInputChecks.distinct(r.managerIds());
    List<String> members = AccountInputChecks.distinct(r.memberIds());
    Instant now = clock.instant();
    MongoTeams.Team team =
        new MongoTeams.Team(UUID.randomUUID().toString(), tenantId, name, now, now);
    return Future.all(
            requireUsers(tenantId, "/managerIds", managers),
            requireUsers(tenantId, "/memberIds", members))
        .compose(ok -> stores.teams().insert(team))
        .compose(t -> setMembership(tenantId, t.id(), managers, members, now).map(t))
        .onSuccess(t -> LOG.info("team created [team={}, tenant={}]", t.id(), tenantId));
  }

  Future<List<AuthApi.TeamView>> listTeams(Principal caller) {
    return stores.teams().list(caller.tenantId()).compose(teams -> {
      if (teams.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      List<String> ids = teams.stream().map(MongoTeams.Team::id).toList();
      return stores
          .users()
          .inTeams(caller.tenantId(), ids)
          .map(people -> teams.stream().map(t -> view(t, people)).toList());
    });
  }

  Future<AuthApi.TeamView> getTeam(Principal caller, String teamId) {
    return stores
        .teams()
        .find(caller.tenantId(), teamId)
        .map(t -> t.orElseThrow(() -> ProblemException.notFound("team")))
        .compose(t -> teamView(caller.tenantId(), t));
  }

  /** Renames a team and/or replaces its managers or members (each list given replaces the whole set). */
  Future<AuthApi.TeamView> updateTeam(Principal caller, String teamId, AuthApi.UpdateTeam r) {
    String tenantId = caller.tenantId();
    String name = r.name() == null ? null : AccountInputChecks.name("/name", r.name());
    List<String> managers =
        r.managerIds() == null ? null : AccountInputChecks.distinct(r.managerIds());
    List<String> members =
        r.memberIds() == null ? null : AccountInputChecks.distinct(r.memberIds());
    Instant now = clock.instant();
    return stores
        .teams()
        .find(tenantId, teamId)
        .map(t -> t.orElseThrow(() -> ProblemException.notFound("team")))
        .compose(t -> Future.all(
                requireUsers(tenantId, "/managerIds", managers),
                requireUsers(tenantId, "/memberIds", members))
            .map(t))
        .compose(t -> name == null
            ? stores.teams().touch(tenantId, teamId, now).map(t)
            : stores.teams().rename(tenantId, teamId, name, now).map(x -> x.orElse(t)))
        .compose(t -> setMembership(tenantId, teamId, managers, members, now).map(t))
        .compose(t -> teamView(tenantId, t))
        .onSuccess(t -> LOG.info(
            "team updated [team={}, tenant={}, by={}]", teamId, tenantId, caller.userId()));
  }

  private Future<Void> setMembership(
      String tenantId, String teamId, List<String> managers, List<String> members, Instant now) {
    return (managers == null
            ? Future.<Void>succeededFuture()
            : stores.users().setTeamMembership(tenantId, teamId, MANAGED_TEAM_IDS, managers, now))
        .compose(v -> members == null
            ? Future.succeededFuture()
            : stores.users().setTeamMembership(tenantId, teamId, TEAM_IDS, members, now));
  }

  private Future<AuthApi.TeamView> teamView(String tenantId, MongoTeams.Team team) {
    return stores.users().inTeams(tenantId, List.of(team.id())).map(people -> view(team, people));
  }

  private static AuthApi.TeamView view(MongoTeams.Team t, List<UserInfo> people) {
    List<String> managers = people.stream()
        .filter(u -> u.managedTeamIds().contains(t.id()))
        .map(UserInfo::id)
        .toList();
    List<String> members = people.stream()
        .filter(u -> u.teamIds().contains(t.id()))
        .map(UserInfo::id)
        .toList();
    return new AuthApi.TeamView(t.id(), t.name(), managers, members, t.createdAt(), t.updatedAt());
  }

  /** 400 naming {@code field} unless every id is a team of the tenant. */
  private Future<Void> requireTeams(String tenantId, String field, List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return stores.teams().findAll(tenantId, ids).map(found -> {
      missing(
          field, "team", ids, found.stream().map(MongoTeams.Team::id).collect(Collectors.toSet()));
      return null;
    });
  }

  /** 400 naming {@code field} unless every id is a user of the tenant. */
  private Future<Void> requireUsers(String tenantId, String field, List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return stores.users().existingIds(tenantId, ids).map(found -> {
      missing(field, "user", ids, new HashSet<>(found));
      return null;
    });
  }

  private static void missing(String field, String what, List<String> wanted, Set<String> found) {
    List<String> unknown = wanted.stream().filter(id -> !found.contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw ProblemException.invalidField(
          field, "unknown", "No such " + what + " in your tenant: " + unknown);
    }
  }
}
