package com.fieldlead.sync.merge;

/** What the merge did with one pushed field. */
public enum FieldOutcome {
  /** Written; nobody else changed it since the base. */
  APPLIED,
  /** Not written: the server already holds that value (also what a replay sees). */
  UNCHANGED,
  /** Both sides' edits combined without loss (set union, append). */
  MERGED,
  /** Changed concurrently; the declared policy picked a side and the loser is in a conflict record. */
  CONFLICT,
  /** Not writable by a push (server-owned, append-only violated, wrong type). */
  REJECTED
}
