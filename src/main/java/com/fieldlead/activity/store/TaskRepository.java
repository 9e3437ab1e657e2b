package com.fieldlead.activity.store;

import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskQuery;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Storage of tasks. Every method is scoped to one tenant; deleted tasks stay as tombstones. */
public interface TaskRepository {

  /** Stores {@code task}; false (and nothing written) when its id exists already. */
  Future<Boolean> insertIfAbsent(Task task);

  /** The task, tombstones included. */
  Future<Optional<Task>> find(String tenantId, String id);

  /** The tasks with these ids (tombstones included), in no particular order. */
  Future<List<Task>> findAll(String tenantId, Collection<String> ids);

  /** Writes {@code next} if the stored task still has {@code expectedVersion}; false when it has moved on. */
  Future<Boolean> replace(Task next, long expectedVersion);

  /** Tasks matching {@code query}, tombstones excluded. */
  Future<List<Task>> list(TaskQuery query);

  /** Cancels the open cadence tasks of a lead (status cancelled, {@code reason}, version +1); returns how many. */
  Future<Long> cancelOpenCadenceTasks(String tenantId, String leadId, String reason, Instant now);

  /** Which of {@code leadIds} have an open cadence step task (one read for them all). */
  Future<Set<String>> leadsWithOpenCadenceTasks(String tenantId, Collection<String> leadIds);

  /** Moves a merged lead's tasks to the survivor (version +1); returns how many. */
  Future<Long> repoint(String tenantId, String fromLeadId, String toLeadId, Instant now);
}
