package com.fieldlead.auth.store;

import static com.fieldlead.auth.store.AuthSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;

/**
 * Teams in MongoDB: only id, tenant and name. Who belongs to or manages a team is kept on the users
 * ({@code teamIds}, {@code managedTeamIds}), one source of truth that the gate reads with the user.
 */
public final class MongoTeams {

  /** Most teams a tenant lists in one answer. */
  static final int MAX_TEAMS = 1000;

  public record Team(
      String id, String tenantId, String name, Instant createdAt, Instant updatedAt) {}

  private final MongoCollection<Document> teams;

  public MongoTeams(MongoStore store) {
    this.teams = store.collection(TEAMS);
  }

  /** Inserts a team; a name already used in the tenant (ignoring case) fails with 409 ALREADY_EXISTS. */
  public Future<Team> insert(Team team) {
    Document doc = new Document(ID, team.id())
        .append(TENANT_ID, team.tenantId())
        .append(NAME, team.name())
        .append(NAME_LOWER, team.name().toLowerCase(Locale.ROOT))
        .append(CREATED_AT, date(team.createdAt()))
        .append(UPDATED_AT, date(team.updatedAt()));
    return MongoFutures.one(teams.insertOne(doc))
        .map(r -> team)
        .recover(t -> Future.failedFuture(
            isDuplicateKey(t)
                ? new ProblemException(
                    ErrorCode.ALREADY_EXISTS, "A team with this name already exists.")
                : t));
  }

  public Future<Optional<Team>> find(String tenantId, String teamId) {
    return MongoFutures.first(teams
            .find(Filters.and(Filters.eq(ID, teamId), Filters.eq(TENANT_ID, tenantId)))
            .first())
        .map(d -> d.map(MongoTeams::toTeam));
  }

  /** The tenant's teams by name (at most {@link #MAX_TEAMS}). */
  public Future<List<Team>> list(String tenantId) {
    return MongoFutures.list(teams
            .find(Filters.eq(TENANT_ID, tenantId))
            .sort(Sorts.ascending(NAME_LOWER))
            .limit(MAX_TEAMS))
        .map(list -> list.stream().map(MongoTeams::toTeam).toList());
  }

  /** Teams of the tenant among {@code ids}. */
  public Future<List<Team>> findAll(String tenantId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return MongoFutures.list(teams
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(ID, ids)))
            .sort(Sorts.ascending(NAME_LOWER)))
        .map(list -> list.stream().map(MongoTeams::toTeam).toList());
  }

  /** Renames the tenant's team; empty when unknown; 409 when the name is taken. */
  public Future<Optional<Team>> rename(String tenantId, String teamId, String name, Instant now) {
    return MongoFutures.first(teams.findOneAndUpdate(
            Filters.and(Filters.eq(ID, teamId), Filters.eq(TENANT_ID, tenantId)),
            Updates.combine(
                Updates.set(NAME, name),
                Updates.set(NAME_LOWER, name.toLowerCase(Locale.ROOT)),
                Updates.set(UPDATED_AT, date(now))),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
        .map(d -> d.map(MongoTeams::toTeam))
        .recover(t -> Future.failedFuture(
            isDuplicateKey(t)
                ? new ProblemException(
                    ErrorCode.ALREADY_EXISTS, "A team with this name already exists.")
                : t));
  }

  public Future<Void> touch(String tenantId, String teamId, Instant now) {
    return MongoFutures.one(teams.updateOne(
            Filters.and(Filters.eq(ID, teamId), Filters.eq(TENANT_ID, tenantId)),
            Updates.set(UPDATED_AT, date(now))))
        .mapEmpty();
  }

  private static Team toTeam(Document d) {
    return new Team(
        d.getString(ID),
        d.getString(TENANT_ID),
        d.getString(NAME),
        instant(d.getDate(CREATED_AT)),
        instant(d.getDate(UPDATED_AT)));
  }
}
