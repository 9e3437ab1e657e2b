package com.fieldlead.activity.store;

import com.fieldlead.activity.model.Activity;
import com.fieldlead.activity.model.Cursor;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Storage of activities. Every method is scoped to one tenant. */
public interface ActivityRepository {

  /** Stores {@code activity}; false (and nothing written) when its id exists already. */
  Future<Boolean> insertIfAbsent(Activity activity);

  Future<Optional<Activity>> find(String tenantId, String id);

  /** Activities of a lead, newest {@code occurredAt} first, strictly after {@code after} in that order. */
  Future<List<Activity>> byLead(String tenantId, String leadId, Cursor after, int limit);

  /**
   * The activities of several leads of one tenant in one read, newest {@code occurredAt} first, by lead id (at most
   * {@code limitPerLead} each); leads without any are left out.
   */
  Future<Map<String, List<Activity>>> byLeads(
      String tenantId, Collection<String> leadIds, int limitPerLead);

  /** Moves a merged lead's activities to the survivor (version +1, updatedAt now); returns how many. */
  Future<Long> repoint(String tenantId, String fromLeadId, String toLeadId, Instant now);

  /**
   * Gives the lead's activities a new sync sequence number (content and version unchanged), so phones that just gained
   * the lead (reassigned to them) receive its activities on their next pull.
   */
  Future<Long> restamp(String tenantId, String leadId);

  /** {@link #restamp} for several leads of one tenant; answers how many activities were restamped in all. */
  default Future<Long> restampAll(String tenantId, List<String> leadIds) {
    Future<Long> sum = Future.succeededFuture(0L);
    for (String id : leadIds) {
      sum = sum.compose(n -> restamp(tenantId, id).map(m -> n + m));
    }
    return sum;
  }
}
