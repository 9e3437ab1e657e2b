package com.fieldlead.sync;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.sync.checkpoint.CheckpointCodec;
import com.fieldlead.sync.port.LeadScope;
import com.fieldlead.sync.port.TaskScope;
import java.util.TreeSet;

/**
 * What one caller's phone holds (sync invariant 8): the leads they see (the same visibility as the lead API: a rep's
 * own and captured leads plus the captures of sharing events, a manager's teams, an admin everything), activities and
 * attachments of those leads, and the tasks assigned to or created by them (a manager: also their teams'). The
 * features serve each part ({@link LeadScope}, {@link TaskScope}). The {@link #hash} is bound into checkpoints: when it
 * changes (a manager's teams, or the sharing events whose captures a caller sees) the phone gets a re-baseline, since
 * entities that joined the scope that way may predate the checkpoint.
 */
record SyncScope(Principal principal, LeadScope leads, TaskScope tasks, String hash) {

  static SyncScope of(Principal p, LeadScope leads, TaskScope tasks) {
    return new SyncScope(p, leads, tasks, CheckpointCodec.scopeHash(canonical(p, leads)));
  }

  /** What the scope's hash is taken of: the caller's role and id, a manager's teams, the sharing events seen. */
  static String canonical(Principal p, LeadScope leads) {
    StringBuilder canonical = new StringBuilder(p.role().name()).append(':').append(p.userId());
    if (p.is(Role.MANAGER)) {
      canonical.append(':').append(String.join(",", new TreeSet<>(p.managedTeamIds())));
    }
    // Sharing events widen the scope to changes made long ago: a new one forces a re-baseline,
    // which delivers them.
    canonical.append(':').append(String.join(",", new TreeSet<>(leads.sharingEventIds())));
    return canonical.toString();
  }
}
