package com.fieldlead.auth;

import io.vertx.core.Future;

/**
 * The port through which the auth gate learns about API keys (server-to-server callers) without depending on the
 * feature that keeps them: a request whose bearer credential starts with {@link #PREFIX} is handed to the
 * implementation, which answers the key's principal for that operation or fails with the problem to answer (401 for
 * an unknown, expired or revoked key; 403 for an operation outside the key's scopes; 429 past its rate).
 */
public interface ApiKeys {

  /** How an API key's secret starts (JWT access tokens never do: they start with {@code ey}). */
  String PREFIX = "flk_";

  /** The principal {@code secret} acts as for the contract operation {@code operationId}, or a failed future. */
  Future<Principal> authenticate(String secret, String operationId);

  /** How the session and device ids of a principal that a key authenticated start. */
  String ACTOR_PREFIX = "apikey:";

  /**
   * The session id of a principal that a key authenticated, {@code apikey:<key id>}; also its device id, so lead
   * history, field metadata and activities name the key as the device a write came from.
   */
  static String actor(String keyId) {
    return ACTOR_PREFIX + keyId;
  }

  /** The key a principal was authenticated with, or {@code null} for a user's session. */
  static String keyOf(Principal p) {
    return p.sessionId().startsWith(ACTOR_PREFIX)
        ? p.sessionId().substring(ACTOR_PREFIX.length())
        : null;
  }
}
