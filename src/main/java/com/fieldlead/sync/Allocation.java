package com.fieldlead.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * The change sequence numbers one write (or one batch) holds: {@code first .. first + count - 1}, for {@code tenantId},
 * valid until {@code expiresAt} (the lease of the in-flight marker that protects them). Stamp each written entity with
 * one of these numbers; numbers left unused are harmless gaps.
 */
public record Allocation(String tenantId, long first, int count, Instant expiresAt) {

  public Allocation {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (first < 1 || count < 1) {
      throw new IllegalArgumentException("allocation needs first >= 1 and count >= 1");
    }
  }

  /** The last sequence number of this allocation. */
  public long last() {
    return first + count - 1;
  }

  /** The {@code index}-th sequence number (0-based). */
  public long seq(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("index " + index + " outside allocation of " + count);
    }
    return first + index;
  }
}
