package com.fieldlead.activity;

import com.fieldlead.activity.model.Activity;
import com.fieldlead.activity.model.ActivityInput;
import com.fieldlead.activity.model.Saved;
import com.fieldlead.activity.model.Task;
import com.fieldlead.activity.model.TaskInput;
import com.fieldlead.activity.model.TaskPatch;
import com.fieldlead.auth.Principal;
import com.fieldlead.sync.port.ActivityWrites;
import com.fieldlead.sync.port.EntityJson;
import io.vertx.core.Future;

/** The activity and task writes of a sync push ({@link ActivityWrites}), through the feature's services. */
final class ActivitySyncWrites implements ActivityWrites {

  private final ActivityService activities;
  private final TaskService tasks;

  ActivitySyncWrites(ActivityService activities, TaskService tasks) {
    this.activities = activities;
    this.tasks = tasks;
  }

  private static Saved saved(Activity a) {
    return new Saved(a.id(), a.version(), false, EntityJson.state(a));
  }

  private static Saved saved(Task t) {
    return new Saved(t.id(), t.version(), t.deleted(), EntityJson.state(t));
  }

  @Override
  public Future<Saved> recordActivity(Principal caller, String leadId, Fields fields) {
    ActivityInput input =
        fields.as(ActivityInput.class); // an invalid body fails here, before any read
    return activities.record(caller, leadId, input).map(s -> saved(s.value()));
  }

  @Override
  public Future<Saved> createTask(Principal caller, Fields fields) {
    TaskInput input = fields.as(TaskInput.class);
    return tasks.create(caller, input).map(s -> saved(s.value()));
  }

  @Override
  public Future<Saved> task(Principal caller, String taskId) {
    return tasks.get(caller, taskId).map(ActivitySyncWrites::saved);
  }

  @Override
  public Future<Saved> updateTask(Principal caller, String taskId, long version, Fields patch) {
    TaskPatch converted = patch.as(TaskPatch.class);
    return tasks.update(caller, taskId, version, converted).map(ActivitySyncWrites::saved);
  }

  @Override
  public Future<Void> deleteTask(Principal caller, String taskId, long version) {
    return tasks.delete(caller, taskId, version);
  }
}
