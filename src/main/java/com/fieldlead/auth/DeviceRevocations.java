package com.fieldlead.auth;

import io.vertx.core.Future;

/**
 * Whether a device id that a request names in its body (a session not bound to a device) may be used by the caller,
 * for features that accept one (sync pull and push): the login's own rule, for requests after the login.
 */
public interface DeviceRevocations {

  /** What a device id is to a user of a tenant. */
  enum DeviceUse {
    /** Not a registered device of the tenant (a name the app chose before registering one): usable. */
    UNREGISTERED,
    /** A registered, active device of this user: usable. */
    ACTIVE,
    /** A registered device of this user that was revoked: refused, as a login naming it is. */
    REVOKED,
    /** A registered device of another user: refused. */
    OTHER_USER
  }

  /** What {@code deviceId} is to user {@code userId} of {@code tenantId}, as stored now. */
  Future<DeviceUse> use(String tenantId, String userId, String deviceId);
}
