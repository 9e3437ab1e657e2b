package com.fieldlead.sync.protocol;

/**
 * Stable machine codes of the sync protocol: field and mutation rejections, checkpoint verdicts and protocol
 * version errors. Clients switch on them, so a code is never renamed or reused (listed in mobile-contract/protocol.md).
 * Wire form: the constant's name.
 */
public enum SyncCode {
  /** A push tried to write a field only the server sets (score, temperature, owner after routing...). */
  SERVER_OWNED_FIELD,
  /** A push tried to remove entries of an append-only list (consents). */
  APPEND_ONLY_FIELD,
  /** A set/list policy field got a value that is not a list. */
  FIELD_TYPE_MISMATCH,
  /** The entity was deleted on the server; the edit is kept for review, not applied. */
  ENTITY_DELETED,
  /** The mutation is malformed or a field value is invalid (unknown entity type, bad id, wrong type...). */
  VALIDATION_FAILED,
  /** The entity does not exist or is outside the caller's scope (the same answer for both). */
  NOT_FOUND,
  /** The caller's role may not make this change (assign to another team, booth writing tasks...). */
  FORBIDDEN,
  /** A create used an id that already exists with other content. */
  ENTITY_EXISTS,
  /** The operation is not available for this entity type (activities are append-only: no update or delete). */
  UNSUPPORTED_OPERATION,
  /** The checkpoint is not a checkpoint this server could have issued (bad encoding). */
  CHECKPOINT_MALFORMED,
  /** The checkpoint's signature does not verify: forged or altered. */
  CHECKPOINT_FORGED,
  /** The checkpoint was issued to another tenant or user. */
  CHECKPOINT_FOREIGN,
  /** The checkpoint is ahead of the server (seq beyond the watermark, or issued in the future). */
  CHECKPOINT_FROM_FUTURE,
  /** Not an error: the checkpoint is older than the tombstone horizon (or its scope changed); re-baseline. */
  REBASELINE_REQUIRED,
  /** The client's protocol version is outside the supported window; the app must be upgraded. */
  PROTOCOL_VERSION_UNSUPPORTED,
  /**
   * The mutation is about a person whose data was erased at their request (the lead was erased, or the email is an
   * erased person's): not applied and none of its values kept; the app drops it and everything local about the person.
   */
  PERSON_ERASED
}
