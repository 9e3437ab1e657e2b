package com.fieldlead.activity.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task list query: the caller's scope plus optional filters; sorted by {@code dueAt} then id, keyset-paged.
 *
 * @param scope whose tasks the caller may see
 * @param dueFrom inclusive lower bound, or null
 * @param dueBefore exclusive upper bound, or null
 * @param statuses any of these (empty: any status)
 */
public record TaskQuery(
    String tenantId,
    Scope scope,
    String assigneeId,
    String leadId,
    List<TaskStatus> statuses,
    Instant dueFrom,
    Instant dueBefore,
    Cursor after,
    int limit) {

  public TaskQuery {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(scope, "scope");
    statuses = statuses == null ? List.of() : List.copyOf(statuses);
  }

  /**
   * The tasks a caller may see: the whole tenant, or those assigned to or created by {@code userId}, or assigned to
   * a member of one of {@code teamIds} (the teams a manager manages).
   */
  public record Scope(boolean tenantWide, String userId, List<String> teamIds) {
    public Scope {
      teamIds = teamIds == null ? List.of() : List.copyOf(teamIds);
    }
  }
}
