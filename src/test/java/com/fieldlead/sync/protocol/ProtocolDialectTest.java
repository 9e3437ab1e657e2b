package com.fieldlead.sync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.problem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one place where sync protocol versions 1 and 2 differ: a replay's result, and checkpoints across versions. */
class ProtocolDialectTest {

  private static final ConflictRecord CONFLICT = new ConflictRecord(
      "lead",
      "l-1",
      "company",
      "Base",
      "Mine",
      "Theirs",
      "u-1",
      null,
      "d-1",
      "u-2",
      null,
      "d-2",
      FieldPolicy.LAST_WRITER_WINS,
      Kept.MINE);

  private static MutationResult replayOf(ResultKind first) {
    return new MutationResult(
        "d-1:7",
        "lead",
        "l-1",
        ResultKind.DUPLICATE,
        4L,
        Map.of("id", "l-1", "version", 4),
        first == ResultKind.CONFLICT ? List.of(CONFLICT) : null,
        first == ResultKind.REJECTED ? SyncCode.NOT_FOUND : null,
        first == ResultKind.REJECTED
            ? List.of(new FieldError("/entityId", "not_found", "no such lead"))
            : null,
        first);
  }

  @Test
  void versionOneAnswersAReplayAsDuplicateNamingTheFirstResultInOriginal() throws Exception {
    MutationResult replay = replayOf(ResultKind.APPLIED);

    MutationResult v1 = ProtocolDialect.result(1, replay);

    assertSame(replay, v1);
    String json = SyncJson.write(v1);
    assertTrue(json.contains("\"result\":\"duplicate\""), json);
    assertTrue(json.contains("\"original\":\"applied\""), json);
    assertFalse(json.contains("replayed"), json);
  }

  @Test
  void versionTwoAnswersAReplayWithItsFirstResultFlaggedReplayed() throws Exception {
    for (ResultKind first :
        List.of(ResultKind.APPLIED, ResultKind.MERGED, ResultKind.CONFLICT, ResultKind.REJECTED)) {
      MutationResult replay = replayOf(first);

      MutationResult v2 = ProtocolDialect.result(2, replay);

      assertEquals(first, v2.result());
      assertEquals(Boolean.TRUE, v2.replayed());
      assertNull(v2.original());
      assertEquals(replay.version(), v2.version());
      assertEquals(replay.state(), v2.state());
      assertEquals(replay.conflicts(), v2.conflicts());
      assertEquals(replay.code(), v2.code());
      assertEquals(replay.errors(), v2.errors());
      String json = SyncJson.write(v2);
      assertTrue(json.contains("\"result\":\"" + first.wire() + "\""), json);
      assertTrue(json.contains("\"replayed\":true"), json);
      assertFalse(json.contains("duplicate") || json.contains("original"), json);
    }
  }

  @Test
  void resultsThatAreNotReplaysAreWrittenAlikeInBothVersions() {
    MutationResult applied = new MutationResult(
        "d-1:8", "lead", "l-2", ResultKind.APPLIED, 1L, null, null, null, null, null);
    MutationResult inProgress = new MutationResult(
        "d-1:9",
        "lead",
        "l-3",
        ResultKind.IN_PROGRESS,
        null,
        null,
        null,
        null,
        null,
        null,
        12,
        null);

    for (int version = ProtocolVersion.OLDEST; version <= ProtocolVersion.NEWEST; version++) {
      assertSame(applied, ProtocolDialect.result(version, applied));
      assertSame(inProgress, ProtocolDialect.result(version, inProgress));
    }
  }

  @Test
  void aPushAnswerStatesTheVersionTheRequestStatedAndKeepsTheOrder() {
    List<MutationResult> results = List.of(
        replayOf(ResultKind.APPLIED),
        new MutationResult(
            "d-1:8", "lead", "l-2", ResultKind.MERGED, 3L, null, null, null, null, null));

    PushResponse v1 = ProtocolDialect.push(1, results);
    PushResponse v2 = ProtocolDialect.push(2, results);

    assertEquals(1, v1.protocolVersion());
    assertEquals(results, v1.results());
    assertEquals(2, v2.protocolVersion());
    assertEquals(
        List.of(ResultKind.APPLIED, ResultKind.MERGED),
        v2.results().stream().map(MutationResult::result).toList());
  }

  @Test
  void aReplayWithoutAFinalFirstResultIsABugNotAnAnswer() {
    MutationResult broken = new MutationResult(
        "d-1:7", "lead", "l-1", ResultKind.DUPLICATE, 4L, null, null, null, null, null);

    assertThrows(IllegalStateException.class, () -> ProtocolDialect.result(2, broken));
  }

  @Test
  void checkpointsResumeAcrossVersionsOneAndTwoWhosePagesAreTheSame() {
    assertTrue(ProtocolDialect.resumes(1, 2));
    assertTrue(ProtocolDialect.resumes(2, 1));
    assertTrue(ProtocolDialect.resumes(2, 2));
    assertFalse(ProtocolDialect.resumes(1, 7), "a version of unknown pages resumes nothing");
  }

  @Test
  void aVersionTwoReplayRoundTripsThroughTheRecordsTheServerReadsWith() throws Exception {
    String json = SyncJson.write(ProtocolDialect.result(2, replayOf(ResultKind.MERGED)));

    MutationResult read = SyncJson.read(json, MutationResult.class);

    assertEquals(ResultKind.MERGED, read.result());
    assertEquals(Boolean.TRUE, read.replayed());
  }
}
