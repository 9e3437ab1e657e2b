package com.fieldlead.sync.port;

import com.fieldlead.auth.Principal;
import io.vertx.core.Future;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The activity and task writes a push makes, through the activity feature's services exactly as the API's calls.
 * Bodies come as {@link Fields}, converted into the feature's own input types; failures are the services' problems.
 */
public interface ActivityWrites {

  Future<Saved> recordActivity(Principal caller, String leadId, Fields fields);

  Future<Saved> createTask(Principal caller, Fields fields);

  /** The task if the caller sees it; a 404 problem otherwise. */
  Future<Saved> task(Principal caller, String taskId);

  Future<Saved> updateTask(Principal caller, String taskId, long version, Fields patch);

  Future<Void> deleteTask(Principal caller, String taskId, long version);

  /** An entity as written or read: id, version, whether it is a tombstone, and its state. */
  record Saved(String id, long version, boolean deleted, Map<String, @Nullable Object> state) {}

  /** A mutation's fields, converted to a feature's input type (an invalid value fails the conversion). */
  interface Fields {
    <T> T as(Class<T> type);
  }
}
