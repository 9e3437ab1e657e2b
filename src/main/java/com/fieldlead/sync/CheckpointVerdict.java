package com.fieldlead.sync;

import com.fieldlead.sync.protocol.SyncCode;
import java.util.Objects;

/**
 * The result of checking a client's checkpoint: {@link Valid} (resume a delta pull from it), {@link Rebaseline} (a
 * defined outcome, not an error: answer a re-baseline page) or {@link Rejected} (a 4xx with a stable code).
 */
public sealed interface CheckpointVerdict {

  /** The checkpoint verifies and may be resumed from. */
  record Valid(Checkpoint checkpoint) implements CheckpointVerdict {}

  /** The checkpoint is genuine but too old (beyond the tombstone horizon), of a retired protocol or another scope. */
  record Rebaseline(Reason reason) implements CheckpointVerdict {
    /** Always {@link SyncCode#REBASELINE_REQUIRED}. */
    public SyncCode code() {
      return SyncCode.REBASELINE_REQUIRED;
    }
  }

  /** The checkpoint cannot be used: malformed, forged, foreign or from the future. */
  record Rejected(SyncCode code, String detail) implements CheckpointVerdict {
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a re-baseline is needed. */
  enum Reason { EXPIRED, SCOPE_CHANGED, PROTOCOL_RETIRED }
}
