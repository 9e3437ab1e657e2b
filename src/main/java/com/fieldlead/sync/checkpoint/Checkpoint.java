package com.fieldlead.sync.checkpoint;

import java.time.Instant;
import java.util.Objects;

/**
 * What a checkpoint binds: the protocol version it was issued under, the tenant and user it was issued to, a hash of
 * the scope it covers, the change sequence number the client has seen everything up to, and when it was issued.
 * {@code rebaselineAfter} is set while a re-baseline listing is paged: the last entity listed ({@code type:id}).
 */
public record Checkpoint(
    int protocolVersion,
    String tenantId,
    String userId,
    String scopeHash,
    long seq,
    Instant issuedAt,
    String rebaselineAfter) {

  public Checkpoint(
      int protocolVersion,
      String tenantId,
      String userId,
      String scopeHash,
      long seq,
      Instant issuedAt) {
    this(protocolVersion, tenantId, userId, scopeHash, seq, issuedAt, null);
  }

  public Checkpoint {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(scopeHash, "scopeHash");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0");
    }
  }
}
