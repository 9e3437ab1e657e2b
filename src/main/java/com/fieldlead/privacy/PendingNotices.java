package com.fieldlead.privacy;

import io.vertx.core.Future;
import java.util.List;

/**
 * The notifications of the tenant that name {@code leadIds} and have not gone out yet, cancelled (the notify feature
 * implements it): an erased person's queued hot-lead alert or reminder is never sent.
 */
interface PendingNotices {

  /** Cancels them; answers how many were cancelled. */
  Future<Long> cancelAbout(String tenantId, List<String> leadIds);
}
