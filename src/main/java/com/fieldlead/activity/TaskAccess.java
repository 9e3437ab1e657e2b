package com.fieldlead.activity;

import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskQuery;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import java.util.List;

/**
 * Who may see and change which tasks, and who may assign work to whom. Admins: the whole tenant. Managers: their
 * own tasks and those of members of the teams they manage. Reps and booth staff: tasks assigned to or created by
 * them. Pure: no I/O.
 */
final class TaskAccess {

  private TaskAccess() {}

  static TaskQuery.Scope scope(Principal p) {
    return switch (p.role()) {
      case ADMIN -> new TaskQuery.Scope(true, p.userId(), List.of());
      case MANAGER -> new TaskQuery.Scope(false, p.userId(), p.managedTeamIds());
      case REP, BOOTH -> new TaskQuery.Scope(false, p.userId(), List.of());
    };
  }

  static boolean canSee(Principal p, Task t) {
    if (!t.tenantId().equals(p.tenantId())) {
      return false;
    }
    TaskQuery.Scope s = scope(p);
    return s.tenantWide()
        || t.assigneeId().equals(p.userId())
        || p.userId().equals(t.createdBy())
        || t.assigneeTeamIds().stream().anyMatch(s.teamIds()::contains);
  }

  /** Whether {@code p} may give work to a user who is a member of {@code assigneeTeamIds}; self is always fine. */
  static boolean mayAssign(Principal p, String assigneeId, List<String> assigneeTeamIds) {
    if (assigneeId.equals(p.userId()) || p.is(Role.ADMIN)) {
      return true;
    }
    return p.is(Role.MANAGER) && assigneeTeamIds.stream().anyMatch(p.managedTeamIds()::contains);
  }
}
