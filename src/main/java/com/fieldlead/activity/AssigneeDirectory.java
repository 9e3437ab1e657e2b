package com.fieldlead.activity;

import com.fieldlead.auth.UserDirectory;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What tasks need to know about a user who is not the caller: their IANA time zone and teams. Adapted from the auth
 * module's {@link UserDirectory} ({@link #from}); {@link #none()} knows nobody (then a task for someone else cannot
 * be created, and the caller's zone must be given explicitly). A port of its own keeps test fakes small.
 */
public interface AssigneeDirectory {

  /** The active user {@code userId} of {@code tenantId}, or empty. */
  Future<Optional<Assignee>> find(String tenantId, String userId);

  /** @param timeZone IANA zone, or null when the user has none set */
  record Assignee(String userId, String timeZone, List<String> teamIds) {
    public Assignee {
      teamIds = teamIds == null ? List.of() : List.copyOf(teamIds);
    }
  }

  /** The auth module's directory; disabled users count as unknown (nobody assigns work to them). */
  static AssigneeDirectory from(UserDirectory users) {
    Objects.requireNonNull(users, "users");
    return (tenantId, userId) -> users
        .user(tenantId, userId)
        .map(found -> found
            .filter(u -> !u.disabled())
            .map(u -> new Assignee(u.id(), u.timeZone(), u.teamIds())));
  }

  static AssigneeDirectory none() {
    return (tenantId, userId) -> Future.succeededFuture(Optional.empty());
  }
}
