package com.fieldlead.activity;

import com.fieldlead.activity.model.Activity;
import io.vertx.core.Future;

/**
 * Told after a new activity was recorded on a lead (not on an idempotent replay, not when a merge re-points
 * activities). Called before the request is answered; a failure is logged and never fails the request.
 */
@FunctionalInterface
public interface ActivityListener {
  Future<Void> activityRecorded(Activity activity);
}
