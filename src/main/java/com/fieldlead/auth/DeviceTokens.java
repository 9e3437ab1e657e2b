package com.fieldlead.auth;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Push tokens of users' registered phones, for the notify feature. A device holds at most one FCM token (a refreshed
 * token replaces the old one at registration); revoked devices never answer here. Tenant-scoped like everything else.
 */
public interface DeviceTokens {

  /** One device's current push token and when the phone last sent it. */
  record PushToken(String deviceId, String userId, String token, Instant updatedAt) {}

  /** The tokens of the active (not revoked) devices of {@code userIds} that have a token, in no particular order. */
  Future<List<PushToken>> tokens(String tenantId, Collection<String> userIds);

  /**
   * Forgets {@code token} on device {@code deviceId} (FCM answered it unregistered or invalid). Does nothing when the
   * device has meanwhile sent a new token; answers whether a token was removed.
   */
  Future<Boolean> removeToken(String tenantId, String deviceId, String token);
}
