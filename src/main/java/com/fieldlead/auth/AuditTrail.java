package com.fieldlead.auth;

import io.vertx.core.Future;
import java.util.Map;

/**
 * Where admin actions are written down (who did what to which thing, when), implemented by the audit feature; auth
 * and the other features call it through this port and never depend on that feature.
 */
public interface AuditTrail {

  /** A trail that writes nothing (tests and one-shot commands without the audit feature). */
  AuditTrail NONE = (actor, action, targetType, targetId, details) -> Future.succeededFuture();

  /**
   * Records that {@code actor} did {@code action} (such as {@code user.created}, {@code apikey.revoked},
   * {@code person.erased}) to {@code targetType}/{@code targetId}; {@code details} holds small values, never personal
   * data beyond ids.
   */
  Future<Void> record(
      Principal actor,
      String action,
      String targetType,
      String targetId,
      Map<String, Object> details);
}
