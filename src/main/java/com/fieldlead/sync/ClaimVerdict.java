package com.fieldlead.sync;

import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * What a push does with a mutation it claims (idempotency, sync invariant 4): each mutation is claimed under (tenant,
 * user, device, client mutation id) before it is applied. A claim stored before this push's is a replay of a done
 * mutation ({@link Answered}: {@code duplicate}), a mutation a live push is processing ({@link Answered}: {@code
 * in_progress}), or one whose push stopped renewing its claim for a lease ({@link Stale}: take it over). Pure: no I/O,
 * no Vert.x.
 */
@NullMarked
sealed interface ClaimVerdict {

  /** Claimed by this push now, or taken over from a push that died: apply it. */
  record Claimed(boolean takenOver) implements ClaimVerdict {}

  /** Answered without applying anything. */
  record Answered(MutationResult result) implements ClaimVerdict {}

  /** Pending under a push that has not renewed it since {@code claimedAt} (null: never): to be taken over. */
  record Stale(@Nullable Instant claimedAt) implements ClaimVerdict {}

  /** A claim as stored: done (with its first result's JSON, null when none was kept) or pending since {@code at}. */
  record Stored(
      boolean done, @Nullable String resultJson, @Nullable Instant at) {}

  /** A mutation this push claimed now. */
  ClaimVerdict CLAIMED = new Claimed(false);

  /** The verdict on {@code m}'s claim stored before this push's ({@code prior}), at {@code now}. */
  static ClaimVerdict of(Mutation m, Stored prior, Instant now, Duration lease) {
    if (prior.done()) {
      return new Answered(PushResults.duplicate(m, prior.resultJson()));
    }
    Instant takeover = prior.at() == null ? now : prior.at().plus(lease);
    if (takeover.isAfter(now)) {
      return new Answered(PushResults.inProgress(m, takeover, now, lease)); // a live push has it
    }
    return new Stale(prior.at());
  }
}
