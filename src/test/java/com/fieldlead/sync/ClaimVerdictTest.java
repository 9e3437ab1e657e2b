package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a push does with a mutation whose claim was stored before its own (idempotency, sync invariant 4). */
class ClaimVerdictTest {

  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final Mutation M = PushResultsTest.mutation("m-1");

  @Test
  void aDoneMutationIsAnsweredAsADuplicateOfItsFirstResult() {
    MutationResult first = new MutationResult(
        "m-1", "lead", M.entityId(), ResultKind.MERGED, 4L, null, List.of(), null, null, null);
    ClaimVerdict verdict = ClaimVerdict.of(
        M, new ClaimVerdict.Stored(true, SyncJson.write(first), NOW.minusSeconds(600)), NOW, LEASE);
    MutationResult answer =
        assertInstanceOf(ClaimVerdict.Answered.class, verdict).result();
    assertEquals(ResultKind.DUPLICATE, answer.result());
    assertEquals(ResultKind.MERGED, answer.original());
  }

  @Test
  void aClaimRenewedWithinALeaseIsInProgressUntilTheLeaseEnds() {
    ClaimVerdict verdict =
        ClaimVerdict.of(M, new ClaimVerdict.Stored(false, null, NOW.minusSeconds(15)), NOW, LEASE);
    MutationResult answer =
        assertInstanceOf(ClaimVerdict.Answered.class, verdict).result();
    assertEquals(ResultKind.IN_PROGRESS, answer.result());
    assertEquals(5, answer.retryAfter(), "the seconds until it can be taken over");
  }

  @Test
  void aClaimNotRenewedForALeaseIsStaleAndTakenOverFromItsClaimTime() {
    Instant at = NOW.minus(LEASE);
    ClaimVerdict verdict = ClaimVerdict.of(M, new ClaimVerdict.Stored(false, null, at), NOW, LEASE);
    assertEquals(new ClaimVerdict.Stale(at), verdict, "a lease to the millisecond: taken over");
    assertEquals(
        new ClaimVerdict.Stale(null),
        ClaimVerdict.of(M, new ClaimVerdict.Stored(false, null, null), NOW, LEASE),
        "a pending claim without a time is taken over");
  }
}
