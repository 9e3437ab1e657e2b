package com.fieldlead.sync;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.activity.model.Task;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.Visibility;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.bson.conversions.Bson;

/**
 * What one caller's phone holds (sync invariant 8): the leads they see (the same {@link Visibility} as the lead API:
 * a rep's own and captured leads plus the captures of sharing events, a manager's teams, an admin everything),
 * activities of those leads, and the tasks assigned to or created by them (a manager: also their teams'). The
 * {@link #hash} is bound into checkpoints: when it changes (a manager's teams, or the sharing events whose captures a
 * caller sees) the phone gets a re-baseline, since entities that joined the scope that way may predate the checkpoint.
 */
record SyncScope(Principal principal, Visibility visibility, String hash) {

  static SyncScope of(Principal p, Visibility v) {
    StringBuilder canonical = new StringBuilder(p.role().name()).append(':').append(p.userId());
    if (p.is(Role.MANAGER)) {
      canonical.append(':').append(String.join(",", new TreeSet<>(p.managedTeamIds())));
    }
    // Sharing events widen the scope to changes made long ago: a new one forces a re-baseline,
    // which delivers them.
    canonical.append(':').append(String.join(",", new TreeSet<>(v.eventIds())));
    return new SyncScope(p, v, CheckpointCodec.scopeHash(canonical.toString()));
  }

  /** Filter on lead documents (tombstones included); null: every lead of the tenant. */
  Bson leadFilter() {
    return LeadModule.visibilityFilter(visibility);
  }

  /** Filter on task documents (tombstones included); null: every task of the tenant. */
  Bson taskFilter() {
    return ActivityModule.taskScopeFilter(principal);
  }

  /** Filter on scope-exit records that may concern this caller; null when nothing can leave an all-seeing scope. */
  Bson exitFilter() {
    if (visibility.all()) {
      return null;
    }
    List<Bson> or = new ArrayList<>();
    if (visibility.owned()) {
      or.add(Filters.eq(LeadFields.EXIT_PREV_OWNER, visibility.userId()));
    }
    if (!visibility.teamIds().isEmpty()) {
      or.add(Filters.in(LeadFields.EXIT_PREV_TEAM, visibility.teamIds()));
    }
    if (!visibility.eventIds().isEmpty()) {
      or.add(Filters.in(LeadFields.EXIT_PREV_EVENT, visibility.eventIds()));
    }
    return or.isEmpty() ? Filters.eq(LeadFields.EXIT_PREV_OWNER, "\u0000none") : Filters.or(or);
  }

  /** Filter on task scope exits that may concern this caller; null when the caller sees every task. */
  Bson taskExitFilter() {
    if (ActivityModule.taskScopeFilter(principal) == null) {
      return null;
    }
    List<Bson> or = new ArrayList<>();
    or.add(Filters.eq(ActivityModule.TASK_EXIT_PREV_ASSIGNEE, principal.userId()));
    if (principal.is(Role.MANAGER) && !principal.managedTeamIds().isEmpty()) {
      or.add(Filters.in(ActivityModule.TASK_EXIT_PREV_TEAMS, principal.managedTeamIds()));
    }
    return or.size() == 1 ? or.get(0) : Filters.or(or);
  }

  boolean sees(Task task) {
    return !task.deleted() && ActivityModule.canSeeTask(principal, task);
  }

  boolean sees(Lead lead) {
    return visibility.sees(lead);
  }
}
