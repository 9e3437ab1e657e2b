package com.fieldlead.sync;

/**
 * A reader's view of a tenant's change sequence: {@code counter} is the highest number handed out so far, {@code safe}
 * the highest number below which no write can still appear ({@code min(counter, min floor of live in-flight
 * markers)}). A pull may only advance a client's checkpoint up to {@code safe}.
 */
public record Watermark(long safe, long counter) {

  public Watermark {
    if (safe < 0 || safe > counter) {
      throw new IllegalArgumentException(
          "watermark needs 0 <= safe <= counter, got " + safe + "/" + counter);
    }
  }

  /** True when an in-flight write is holding the safe watermark below the counter. */
  public boolean heldBack() {
    return safe < counter;
  }
}
