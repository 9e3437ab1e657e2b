package com.fieldlead.sync.port;

import com.fieldlead.auth.Principal;

/** The activity feature's side of a pull: activities (seen with their lead) and the caller's tasks. */
public interface ActivityFeed {

  /** Activities, seen with their lead. */
  LeadChildFeed activities();

  /** The tasks {@code caller} sees. */
  TaskScope tasks(Principal caller);
}
