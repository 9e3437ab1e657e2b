package com.fieldlead.auth;

import static com.fieldlead.auth.store.AuthSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.auth.store.AuthSchema;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Tenants and users in MongoDB. Every tenant-owned query filters on the tenant id it is given. */
final class MongoUsers implements UserDirectory {

  /** A user as stored: what others may see, plus the password hash and timestamps. */
  record StoredUser(UserInfo info, String passwordHash, Instant createdAt, Instant updatedAt) {}

  private final MongoCollection<Document> users;
  private final AccessEpochs epochs;
  private final MongoCollection<Document> tenants;
  private final MongoCollection<Document> teams;

  MongoUsers(MongoStore store, AccessEpochs epochs) {
    this.epochs = epochs;
    this.users = store.collection(USERS);
    this.teams = store.collection(TEAMS);
    this.tenants = store.collection(TENANTS);
  }

  Future<Void> insertTenant(String tenantId, String name, Instant now) {
    Document doc = new Document(ID, tenantId).append(NAME, name).append(CREATED_AT, date(now));
    return MongoFutures.one(tenants.insertOne(doc)).mapEmpty();
  }

  Future<Void> deleteTenant(String tenantId) {
    return MongoFutures.one(tenants.deleteOne(Filters.eq(ID, tenantId))).mapEmpty();
  }

  /** The tenant's name, or empty. */
  Future<Optional<String>> tenantName(String tenantId) {
    return MongoFutures.first(tenants.find(Filters.eq(ID, tenantId)).first())
        .map(d -> d.map(x -> x.getString(NAME)));
  }

  /** Inserts a user; a taken email fails with 409 ALREADY_EXISTS. */
  Future<StoredUser> insert(StoredUser user) {
    UserInfo u = user.info();
    Document doc = new Document(ID, u.id())
        .append(TENANT_ID, u.tenantId())
        .append(EMAIL, u.email())
        .append(NAME, u.name())
        .append(ROLE, u.role().wire())
        .append(TEAM_IDS, u.teamIds())
        .append(MANAGED_TEAM_IDS, u.managedTeamIds())
        .append(TIME_ZONE, u.timeZone())
        .append(DISABLED, u.disabled())
        .append(PASSWORD_HASH, user.passwordHash())
        .append(CREATED_AT, date(user.createdAt()))
        .append(UPDATED_AT, date(user.updatedAt()));
    return MongoFutures.one(users.insertOne(doc))
        .map(r -> user)
        .recover(t -> Future.failedFuture(
            isDuplicateKey(t)
                ? new ProblemException(
                    ErrorCode.ALREADY_EXISTS, "A user with this email already exists.")
                : t));
  }

  /** Any tenant's user by email (login only: email is unique across the install). */
  Future<Optional<StoredUser>> byEmail(String email) {
    return MongoFutures.first(users.find(Filters.eq(EMAIL, email)).first())
        .map(d -> d.map(MongoUsers::toStored));
  }

  Future<Optional<StoredUser>> find(String tenantId, String userId) {
    return MongoFutures.first(users
            .find(Filters.and(Filters.eq(ID, userId), Filters.eq(TENANT_ID, tenantId)))
            .first())
        .map(d -> d.map(MongoUsers::toStored));
  }

  /** Users of the tenant sorted by email, after the email {@code after} (exclusive), at most {@code limit}. */
  Future<List<StoredUser>> list(
      String tenantId, String role, String teamId, String after, int limit) {
    List<Bson> filters = new ArrayList<>(List.of(Filters.eq(TENANT_ID, tenantId)));
    if (role != null) {
      filters.add(Filters.eq(ROLE, role));
    }
    if (teamId != null) {
      filters.add(Filters.or(Filters.eq(TEAM_IDS, teamId), Filters.eq(MANAGED_TEAM_IDS, teamId)));
    }
    if (after != null) {
      filters.add(Filters.gt(EMAIL, after));
    }
    return MongoFutures.list(
            users.find(Filters.and(filters)).sort(Sorts.ascending(EMAIL)).limit(limit))
        .map(list -> list.stream().map(MongoUsers::toStored).toList());
  }

  /** Applies {@code updates} to the tenant's user and returns it as it is afterwards, or empty when unknown. */
  Future<Optional<StoredUser>> update(String tenantId, String userId, List<Bson> updates) {
    return epochs
        .after(
            tenantId,
            MongoFutures.first(users.findOneAndUpdate(
                Filters.and(Filters.eq(ID, userId), Filters.eq(TENANT_ID, tenantId)),
                Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))))
        .map(d -> d.map(MongoUsers::toStored));
  }

  /** Makes exactly {@code userIds} the users whose {@code field} (team or managed-team list) holds {@code teamId}. */
  Future<Void> setTeamMembership(
      String tenantId, String teamId, String field, Collection<String> userIds, Instant now) {
    Bson inTenant = Filters.eq(TENANT_ID, tenantId);
    return epochs
        .after(
            tenantId,
            MongoFutures.one(users.updateMany(
                    Filters.and(inTenant, Filters.eq(field, teamId), Filters.nin(ID, userIds)),
                    Updates.combine(
                        Updates.pull(field, teamId), Updates.set(UPDATED_AT, date(now)))))
                .compose(r -> userIds.isEmpty()
                    ? Future.succeededFuture()
                    : MongoFutures.one(users.updateMany(
                        Filters.and(inTenant, Filters.in(ID, userIds)),
                        Updates.combine(
                            Updates.addToSet(field, teamId), Updates.set(UPDATED_AT, date(now)))))))
        .mapEmpty();
  }

  /** The ids among {@code userIds} that are users of the tenant. */
  Future<List<String>> existingIds(String tenantId, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return MongoFutures.list(users
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(ID, userIds)))
            .projection(new Document(ID, 1)))
        .map(list -> list.stream().map(d -> d.getString(ID)).toList());
  }

  Future<Void> setPasswordHash(String tenantId, String userId, String hash) {
    return MongoFutures.one(users.updateOne(
            Filters.and(Filters.eq(ID, userId), Filters.eq(TENANT_ID, tenantId)),
            Updates.set(PASSWORD_HASH, hash)))
        .mapEmpty();
  }

  @Override
  public Future<Optional<UserInfo>> user(String tenantId, String userId) {
    return find(tenantId, userId).map(u -> u.map(StoredUser::info));
  }

  @Override
  public Future<List<UserInfo>> users(String tenantId, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return query(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(ID, userIds)));
  }

  @Override
  public Future<List<UserInfo>> teamMembers(String tenantId, String teamId) {
    return query(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(TEAM_IDS, teamId)));
  }

  @Override
  public Future<List<UserInfo>> teamManagers(String tenantId, String teamId) {
    return query(
        Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(MANAGED_TEAM_IDS, teamId)));
  }

  @Override
  public Future<List<UserInfo>> usersWithRole(String tenantId, Role role) {
    return query(
        Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(AuthSchema.ROLE, role.wire())));
  }

  @Override
  public Future<Map<String, String>> teamNames(String tenantId, Collection<String> teamIds) {
    if (teamIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return MongoFutures.list(teams
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(ID, teamIds)))
            .projection(new Document(ID, 1).append(NAME, 1)))
        .map(list -> {
          Map<String, String> out = new HashMap<>();
          list.forEach(d -> out.put(d.getString(ID), d.getString(NAME)));
          return out;
        });
  }

  /** Users of the tenant that are members or managers of any of {@code teamIds}. */
  Future<List<UserInfo>> inTeams(String tenantId, Collection<String> teamIds) {
    return query(Filters.and(
        Filters.eq(TENANT_ID, tenantId),
        Filters.or(Filters.in(TEAM_IDS, teamIds), Filters.in(MANAGED_TEAM_IDS, teamIds))));
  }

  private Future<List<UserInfo>> query(Bson filter) {
    return MongoFutures.list(users.find(filter).sort(Sorts.ascending(EMAIL)))
        .map(list -> list.stream().map(d -> toStored(d).info()).toList());
  }

  static StoredUser toStored(Document d) {
    UserInfo info = new UserInfo(
        d.getString(ID),
        d.getString(TENANT_ID),
        Role.fromWire(d.getString(ROLE)),
        d.getList(TEAM_IDS, String.class, List.of()),
        d.getList(MANAGED_TEAM_IDS, String.class, List.of()),
        d.getString(TIME_ZONE),
        d.getString(NAME),
        d.getString(EMAIL),
        d.getBoolean(DISABLED, false));
    return new StoredUser(
        info,
        d.getString(PASSWORD_HASH),
        instant(d.getDate(CREATED_AT)),
        instant(d.getDate(UPDATED_AT)));
  }
}
