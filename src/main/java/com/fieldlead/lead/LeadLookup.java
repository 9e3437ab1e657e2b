package com.fieldlead.lead;

import com.fieldlead.auth.Principal;
import com.fieldlead.lead.model.LeadSettings;
import com.fieldlead.lead.model.LeadSummary;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What other features (activities, tasks, cadences) need to know about a lead, with the caller's visibility already
 * applied. Implemented by the lead feature.
 */
public interface LeadLookup {

  /** The lead if {@code caller} may see it; otherwise the future fails with a 404 {@code NOT_FOUND} problem. */
  Future<LeadSummary> visible(Principal caller, String leadId);

  /** The lead in {@code tenantId} regardless of visibility (background work), or a 404 problem. */
  Future<LeadSummary> byId(String tenantId, String leadId);

  /** The tenant's language (lead settings' {@code locale}), for texts of users who chose none. */
  default Future<String> tenantLocale(String tenantId) {
    return Future.succeededFuture(LeadSettings.LOCALES.get(0));
  }

  /**
   * The leads of {@code leadIds} in {@code tenantId} regardless of visibility (background work handling a batch), by
   * id; deleted or unknown ones are left out. The default asks {@link #byId} for each.
   */
  default Future<Map<String, LeadSummary>> byIds(String tenantId, Collection<String> leadIds) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(leadIds));
    List<Future<LeadSummary>> found = ids.stream().map(id -> byId(tenantId, id)).toList();
    return Future.join(found).transform(x -> {
      Map<String, LeadSummary> out = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        if (found.get(i).succeeded()) {
          out.put(ids.get(i), found.get(i).result());
        }
      }
      return Future.succeededFuture(out);
    });
  }

  /** Called after a lead's lifecycle status changed (for example to stop a nurturing cadence on conversion). */
  interface StatusListener {
    Future<Void> statusChanged(LeadSummary lead, String fromStatus, String toStatus);
  }
}
