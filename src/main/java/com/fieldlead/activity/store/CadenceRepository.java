package com.fieldlead.activity.store;

import com.fieldlead.activity.model.Cadence;
import com.fieldlead.activity.model.CadenceRun;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Storage of cadence definitions and of their runs on leads. Every method is scoped to one tenant. */
public interface CadenceRepository {

  /** Stores {@code cadence}; false when its id exists already. */
  Future<Boolean> insertIfAbsent(Cadence cadence);

  Future<Optional<Cadence>> find(String tenantId, String id);

  /** The tenant's cadences by name (at most {@code limit}). */
  Future<List<Cadence>> list(String tenantId, int limit);

  /** Stores {@code run}; false when its id exists already. */
  Future<Boolean> insertRunIfAbsent(CadenceRun run);

  Future<Optional<CadenceRun>> findRun(String tenantId, String id);

  /** The runs on a lead, oldest first. */
  Future<List<CadenceRun>> runsOfLead(String tenantId, String leadId);

  /** Marks the lead's active runs stopped with {@code reason}; returns how many. */
  Future<Long> stopActiveRuns(String tenantId, String leadId, String reason, Instant now);

  /** Which of {@code leadIds} have an active cadence run (one read for them all). */
  Future<Set<String>> leadsWithActiveRuns(String tenantId, Collection<String> leadIds);

  /** Moves a merged lead's runs to the survivor; returns how many. */
  Future<Long> repointRuns(String tenantId, String fromLeadId, String toLeadId, Instant now);
}
