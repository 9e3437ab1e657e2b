package com.fieldlead.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An API key as stored, without its secret's hash: what admins list and read.
 *
 * @param hint the secret's first characters ({@code flk_} and the start of the id), to tell keys apart
 * @param createdBy the admin who created it; requests made with the key act with that admin's user id
 * @param revokedAt null while the key works (until {@code expiresAt})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiKey(
    String id,
    String tenantId,
    String name,
    List<String> scopes,
    Instant expiresAt,
    int rateLimitPerMinute,
    String hint,
    Instant createdAt,
    String createdBy,
    Instant revokedAt,
    String revokedBy) {

  ApiKey {
    scopes = List.copyOf(scopes);
  }

  /** Whether the key authenticates at {@code now}. */
  boolean activeAt(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }

  /** The answer to a create: the key and its secret, which is never readable again. */
  record WithSecret(ApiKey key, String secret) {}

  /** What an admin sends to create a key. */
  record Input(String name, List<String> scopes, Instant expiresAt, Integer rateLimitPerMinute) {}
}
