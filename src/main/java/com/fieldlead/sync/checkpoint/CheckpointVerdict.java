package com.fieldlead.sync.checkpoint;

import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.sync.protocol.SyncCode;
import java.util.Objects;

/**
 * The result of checking a client's checkpoint: {@link Valid} (resume a delta pull from it), {@link Rebaseline} (a
 * defined outcome, not an error: answer a re-baseline page) or {@link Rejected} (a 4xx with a stable code).
 */
public sealed interface CheckpointVerdict {

  /** The checkpoint verifies and may be resumed from. */
  record Valid(Checkpoint checkpoint) implements CheckpointVerdict {}

  /**
   * The checkpoint is genuine but too old (beyond the tombstone horizon), of a protocol version not served here, or of
   * another scope.
   */
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

    /** The 4xx problem this rejection is answered with: the code of the same name, and the detail. */
    public ProblemException problem() {
      return new ProblemException(errorCode(code), detail);
    }

    /**
     * The problem code of each sync code, spelled out so the compiler sees every {@link SyncCode} decided. The codes
     * a rejected checkpoint carries have a problem code of the same name; codes that only appear in push results
     * have none, and a rejection carrying one is a bug (a 500).
     */
    static ErrorCode errorCode(SyncCode code) {
      return switch (code) {
        case CHECKPOINT_MALFORMED -> ErrorCode.CHECKPOINT_MALFORMED;
        case CHECKPOINT_FORGED -> ErrorCode.CHECKPOINT_FORGED;
        case CHECKPOINT_FOREIGN -> ErrorCode.CHECKPOINT_FOREIGN;
        case CHECKPOINT_FROM_FUTURE -> ErrorCode.CHECKPOINT_FROM_FUTURE;
        case PROTOCOL_VERSION_UNSUPPORTED -> ErrorCode.PROTOCOL_VERSION_UNSUPPORTED;
        case VALIDATION_FAILED -> ErrorCode.VALIDATION_FAILED;
        case NOT_FOUND -> ErrorCode.NOT_FOUND;
        case FORBIDDEN -> ErrorCode.FORBIDDEN;
        case SERVER_OWNED_FIELD,
            APPEND_ONLY_FIELD,
            FIELD_TYPE_MISMATCH,
            ENTITY_DELETED,
            ENTITY_EXISTS,
            UNSUPPORTED_OPERATION,
            PERSON_ERASED,
            REBASELINE_REQUIRED ->
          throw new IllegalArgumentException("no problem code for the sync code " + code);
      };
    }
  }

  /** Why a re-baseline is needed. */
  enum Reason {
    EXPIRED,
    SCOPE_CHANGED,
    /**
     * Issued under a protocol version this instance does not serve (retired, or newer than its window), or one whose
     * pages differ from the version the pull states.
     */
    PROTOCOL_NOT_SERVED
  }
}
