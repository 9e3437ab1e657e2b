package com.fieldlead.sync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A test phone's copy of its leads as pull pages build it (mobile-contract/protocol.md): a re-baseline's pages list
 * the lead ids in scope, and once the listing ends (the next delta page, or the last page) every lead not listed is
 * dropped, except the phone's own creates still waiting to be pushed; a delta page's lead changes replace or remove
 * the leads they name. The caller keeps the checkpoint and decides when to stop.
 */
public final class LeadReplica {

  private final Map<String, JsonNode> leads;
  private final Set<String> unsent;
  private Set<String> listed;

  /** Applies pages to {@code leads}, keeping through a re-baseline the ids in {@code unsent}. */
  public LeadReplica(Map<String, JsonNode> leads, Set<String> unsent) {
    this.leads = leads;
    this.unsent = unsent;
  }

  /** Applies one pull page; true when it starts a re-baseline listing. */
  public boolean apply(JsonNode page) {
    boolean started = false;
    if (page.path("mode").asText().equals("rebaseline")) {
      if (listed == null) {
        listed = new HashSet<>();
        started = true;
      }
      for (JsonNode e : page.path("entities")) {
        if (e.path("entityType").asText().equals("lead")) {
          listed.add(e.get("entityId").asText());
        }
      }
    } else {
      endListing();
      for (JsonNode c : page.path("changes")) {
        if (!c.path("entityType").asText().equals("lead")) {
          continue;
        }
        String id = c.get("entityId").asText();
        if (c.path("deleted").asBoolean() || c.path("removedFromScope").asBoolean()) {
          leads.remove(id);
        } else {
          leads.put(id, c.get("state"));
        }
      }
    }
    if (!page.path("hasMore").asBoolean()) {
      endListing();
    }
    return started;
  }

  private void endListing() {
    if (listed != null) {
      Set<String> keep = listed;
      leads.keySet().removeIf(id -> !keep.contains(id) && !unsent.contains(id));
      listed = null;
    }
  }
}
