package com.fieldlead.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fieldlead.sync.protocol.Mutation;
import com.fieldlead.sync.protocol.MutationResult;
import com.fieldlead.sync.protocol.Operation;
import com.fieldlead.sync.protocol.ResultKind;
import com.fieldlead.sync.protocol.SyncCode;
import com.fieldlead.sync.protocol.SyncJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The results a push answers besides the features' own: a body refused, a rejection, a replay, one in progress. */
class PushResultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void aBodyThatIsNotAMutationIsRefusedNamingItsPlaceInThePush() {
    PushResults.Read read =
        PushResults.read(3, JSON.valueToTree(Map.of("changes", "not an object")));
    assertNull(read.mutation(), "nothing to claim it under");
    assertEquals(SyncCode.VALIDATION_FAILED, read.refused().code);
    assertEquals("/mutations/3", read.refused().errors.get(0).field());
    assertTrue(read.refused().errors.get(0).message().startsWith("not a mutation: "));
    assertTrue(
        !read.refused().errors.get(0).message().contains("\n"), "the reason's first line only");
    assertTrue(
        !read.refused().errors.get(0).message().contains("java."),
        "no Java type names: " + read.refused().errors.get(0).message());
  }

  @Test
  void anUnknownOperationIsRefusedInTheWordsOfThePhonesContractNotJavas() {
    PushResults.Read read = PushResults.read(0, JSON.valueToTree(Map.of("op", "nope")));
    assertEquals(
        "not a mutation: unknown Operation 'nope'", read.refused().errors.get(0).message());
  }

  @Test
  void aMutationWithoutAUsableClientMutationIdIsRefusedNamingThatField() {
    for (String cmid : new String[] {"", " ", "x".repeat(PushPlan.MAX_CLIENT_MUTATION_ID + 1)}) {
      PushResults.Read read =
          PushResults.read(0, JSON.valueToTree(Map.of("clientMutationId", cmid, "op", "create")));
      assertEquals(Operation.CREATE, read.mutation().op(), "read, so the rejection names it");
      assertEquals("/clientMutationId", read.refused().errors.get(0).field());
    }
    PushResults.Read fine =
        PushResults.read(0, JSON.valueToTree(Map.of("clientMutationId", "m-1", "op", "create")));
    assertEquals("m-1", fine.mutation().clientMutationId());
    assertNull(fine.refused());
  }

  @Test
  void aRejectionAnswersTheCodeAndErrorsUnderTheMutationsIdsOrEmptyWithoutAMutation() {
    Rejection r = Rejection.of(SyncCode.NOT_FOUND, "/", "lead x not found");
    MutationResult result = PushResults.rejected(mutation("m-1"), r);
    assertEquals(ResultKind.REJECTED, result.result());
    assertEquals("m-1", result.clientMutationId());
    assertEquals("lead", result.entityType());
    assertEquals(SyncCode.NOT_FOUND, result.code());
    assertEquals(r.errors, result.errors());
    assertNull(result.version());
    MutationResult bodyOnly = PushResults.rejected(null, r);
    assertEquals("", bodyOnly.clientMutationId());
    assertNull(bodyOnly.entityType());
  }

  @Test
  void aReplayIsADuplicateOfTheFirstResultAndADuplicateCreateKeepsItsOriginal() {
    Mutation m = mutation("m-1");
    MutationResult applied = new MutationResult(
        "m-1", "lead", m.entityId(), ResultKind.APPLIED, 2L, null, List.of(), null, null, null);
    MutationResult replay = PushResults.duplicate(m, SyncJson.write(applied));
    assertEquals(ResultKind.DUPLICATE, replay.result());
    assertEquals(ResultKind.APPLIED, replay.original());
    assertEquals(2L, replay.version());
    MutationResult sameCapture = new MutationResult(
        "m-1",
        "lead",
        m.entityId(),
        ResultKind.DUPLICATE,
        2L,
        null,
        List.of(),
        null,
        null,
        ResultKind.APPLIED);
    assertEquals(
        ResultKind.APPLIED,
        PushResults.duplicate(m, SyncJson.write(sameCapture)).original(),
        "a create stored as a duplicate of an earlier create stays a duplicate of an applied one");
    assertThrows(IllegalStateException.class, () -> PushResults.duplicate(m, null));
    assertThrows(IllegalStateException.class, () -> PushResults.duplicate(m, "{not json"));
  }

  @Test
  void inProgressAsksForARetryInWholeSecondsBetweenOneAndALease() {
    Mutation m = mutation("m-1");
    assertEquals(
        3, PushResults.inProgress(m, NOW.plusMillis(2_001), NOW, LEASE).retryAfter(), "rounded up");
    assertEquals(1, PushResults.inProgress(m, NOW, NOW, LEASE).retryAfter(), "at least a second");
    assertEquals(
        20, PushResults.inProgress(m, NOW.plusSeconds(90), NOW, LEASE).retryAfter(), "a lease");
    assertEquals(
        ResultKind.IN_PROGRESS, PushResults.inProgress(m, NOW, NOW, LEASE).result());
  }

  static Mutation mutation(String cmid) {
    return new Mutation(
        cmid,
        "lead",
        UUID.randomUUID().toString(),
        Operation.UPDATE,
        1L,
        Map.of("city", "Lyon"),
        null,
        null);
  }
}
