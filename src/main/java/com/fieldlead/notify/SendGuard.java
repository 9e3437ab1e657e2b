package com.fieldlead.notify;

import com.fieldlead.notify.model.Notification;
import io.vertx.core.Future;

/**
 * Asked right before a notification is sent whether it is still wanted (a reminder of a task that has since been
 * done, cancelled or snoozed is not); false marks it {@code skipped}.
 */
interface SendGuard {
  Future<Boolean> stillWanted(Notification n);

  SendGuard ALWAYS = n -> Future.succeededFuture(true);
}
