package com.fieldlead.assignment;

import com.fieldlead.auth.Role;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Who routing may pick: team members, named users, and (for the default rules) every rep of the tenant. Users come
 * from the {@link UserDirectory}; only "every rep" needs the ids of a tenant's reps, which the directory cannot list
 * yet, so those ids are read from the auth feature's {@code users} collection (tenantId, role; ids only).
 * TODO(auth): replace with a directory method listing a tenant's users by role.
 */
final class RepRoster {

  private static final String USERS = "users";

  private final UserDirectory directory;
  private final MongoCollection<Document> users;

  RepRoster(UserDirectory directory, MongoStore store) {
    this.directory = directory;
    this.users = store.collection(USERS);
  }

  UserDirectory directory() {
    return directory;
  }

  /** The routable users (reps and managers, not disabled) of the given teams and ids; "*" means every rep. */
  Future<List<UserInfo>> candidates(String tenantId, Collection<String> teamIds, Collection<String> userIds) {
    List<Future<List<UserInfo>>> parts = new ArrayList<>();
    for (String team : teamIds) {
      parts.add(RoutingRulesWire.ALL_REPS.equals(team) ? allReps(tenantId) : directory.teamMembers(tenantId, team));
    }
    parts.add(directory.users(tenantId, userIds.stream().filter(id -> id != null).distinct().toList()));
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
    return MongoFutures.list(users.find(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("role", "rep")))
            .projection(Projections.include("_id")))
        .compose(docs -> directory.users(tenantId, docs.stream().map(d -> String.valueOf(d.get("_id"))).toList()));
  }
}
