package com.fieldlead.sync.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fieldlead.sync.checkpoint.CheckpointVerdict.Reason;
import com.fieldlead.sync.protocol.ProtocolWindow;
import com.fieldlead.sync.protocol.SyncCode;
import com.fieldlead.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointCodecTest {

  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OLD_KEY =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration HORIZON = Duration.ofDays(30);
  private static final String SCOPE = CheckpointCodec.scopeHash("rep:u-1");

  private final MutableClock clock = new MutableClock(NOW);
  private final CheckpointCodec codec =
      new CheckpointCodec(List.of(KEY), HORIZON, Duration.ofMinutes(2), clock);

  private static Checkpoint issued(long seq, Instant at) {
    return new Checkpoint(1, "t-1", "u-1", SCOPE, seq, at);
  }

  private CheckpointVerdict check(String token) {
    return codec.decode(token, "t-1", "u-1", SCOPE, 100, 1);
  }

  @Test
  void issuedCheckpointDecodesToTheSameClaims() {
    Checkpoint claims = issued(42, NOW.minusSeconds(60));

    assertEquals(new CheckpointVerdict.Valid(claims), check(codec.encode(claims)));
  }

  @Test
  void aReBaselineCursorTravelsInTheCheckpointAndIsSignedToo() {
    Checkpoint claims =
        new Checkpoint(1, "t-1", "u-1", SCOPE, 0, NOW, "lead:5b0c2a8e-3f7d-4f0e-9a51-1c2d3e4f5a6b");
    String token = codec.encode(claims);
    assertEquals(new CheckpointVerdict.Valid(claims), check(token));
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[raw.length - 40] ^= 1; // inside the cursor
    assertEquals(
        SyncCode.CHECKPOINT_FORGED,
        ((CheckpointVerdict.Rejected)
                check(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)))
            .code());
  }

  @Test
  void alteredCheckpointIsRejectedAsForged() {
    byte[] raw = Base64.getUrlDecoder().decode(codec.encode(issued(42, NOW)));
    raw[raw.length - 41] ^=
        1; // lowest byte of the seq (the payload ends seq, issuedAt; then 32 bytes of MAC)
    String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    assertEquals(SyncCode.CHECKPOINT_FORGED, code(check(altered)));
  }

  @Test
  void checkpointSignedWithAnUnknownKeyIsRejectedAsForged() {
    CheckpointCodec stranger = new CheckpointCodec(List.of(OLD_KEY), HORIZON, Duration.ZERO, clock);

    assertEquals(SyncCode.CHECKPOINT_FORGED, code(check(stranger.encode(issued(42, NOW)))));
  }

  @Test
  void checkpointSignedWithTheRotatedOutKeyStillVerifies() {
    CheckpointCodec before = new CheckpointCodec(List.of(OLD_KEY), HORIZON, Duration.ZERO, clock);
    CheckpointCodec after =
        new CheckpointCodec(List.of(KEY, OLD_KEY), HORIZON, Duration.ZERO, clock);
    String token = before.encode(issued(42, NOW));

    assertInstanceOf(
        CheckpointVerdict.Valid.class, after.decode(token, "t-1", "u-1", SCOPE, 100, 1));
    assertNotEquals(
        token, after.encode(issued(42, NOW)), "new checkpoints are signed with the new key");
  }

  @Test
  void garbageEmptyAndOversizeCheckpointsAreMalformed() {
    assertEquals(SyncCode.CHECKPOINT_MALFORMED, code(check("not*base64!")));
    assertEquals(SyncCode.CHECKPOINT_MALFORMED, code(check("")));
    assertEquals(SyncCode.CHECKPOINT_MALFORMED, code(check("QUJD")));
    assertEquals(SyncCode.CHECKPOINT_MALFORMED, code(check("A".repeat(5000))));
  }

  @Test
  void checkpointOfAnotherTenantOrUserIsRejectedAsForeign() {
    String token = codec.encode(issued(42, NOW));

    assertEquals(
        SyncCode.CHECKPOINT_FOREIGN, code(codec.decode(token, "t-2", "u-1", SCOPE, 100, 1)));
    assertEquals(
        SyncCode.CHECKPOINT_FOREIGN, code(codec.decode(token, "t-1", "u-2", SCOPE, 100, 1)));
  }

  @Test
  void checkpointBeyondTheWatermarkOrIssuedInTheFutureIsRejected() {
    assertEquals(SyncCode.CHECKPOINT_FROM_FUTURE, code(check(codec.encode(issued(101, NOW)))));
    assertEquals(
        SyncCode.CHECKPOINT_FROM_FUTURE,
        code(check(codec.encode(issued(42, NOW.plusSeconds(600))))));
    assertInstanceOf(
        CheckpointVerdict.Valid.class,
        check(codec.encode(issued(100, NOW.plusSeconds(60)))),
        "within the allowed clock skew and exactly at the watermark");
  }

  @Test
  void checkpointOlderThanTheTombstoneHorizonAsksForARebaselineNotAnError() {
    CheckpointVerdict verdict = check(codec.encode(issued(42, NOW.minus(HORIZON).minusSeconds(1))));

    CheckpointVerdict.Rebaseline rebaseline =
        assertInstanceOf(CheckpointVerdict.Rebaseline.class, verdict);
    assertEquals(Reason.EXPIRED, rebaseline.reason());
    assertEquals(SyncCode.REBASELINE_REQUIRED, rebaseline.code());
    assertInstanceOf(
        CheckpointVerdict.Valid.class, check(codec.encode(issued(42, NOW.minus(HORIZON)))));
  }

  @Test
  void checkpointOfAnotherScopeAsksForARebaseline() {
    String token = codec.encode(issued(42, NOW));

    CheckpointVerdict verdict =
        codec.decode(token, "t-1", "u-1", CheckpointCodec.scopeHash("manager:team-1"), 100, 1);

    assertEquals(
        Reason.SCOPE_CHANGED,
        assertInstanceOf(CheckpointVerdict.Rebaseline.class, verdict).reason());
  }

  @Test
  void checkpointOfARetiredProtocolVersionAsksForARebaseline() {
    String token = codec.encode(new Checkpoint(0, "t-1", "u-1", SCOPE, 42, NOW));

    assertEquals(
        Reason.PROTOCOL_NOT_SERVED,
        assertInstanceOf(CheckpointVerdict.Rebaseline.class, check(token)).reason());
  }

  @Test
  void aCheckpointIssuedUnderVersionOneResumesAPullThatStatesVersionTwoAndBack() {
    Checkpoint underOne = issued(42, NOW.minusSeconds(60));
    Checkpoint underTwo = new Checkpoint(2, "t-1", "u-1", SCOPE, 42, NOW.minusSeconds(60));

    assertEquals(
        new CheckpointVerdict.Valid(underOne),
        codec.decode(codec.encode(underOne), "t-1", "u-1", SCOPE, 100, 2));
    assertEquals(
        new CheckpointVerdict.Valid(underTwo),
        codec.decode(codec.encode(underTwo), "t-1", "u-1", SCOPE, 100, 1));
  }

  @Test
  void anInstanceCappedAtVersionOneReBaselinesACheckpointIssuedUnderVersionTwo() {
    CheckpointCodec previousRelease = new CheckpointCodec(
        List.of(KEY), HORIZON, Duration.ofMinutes(2), clock, ProtocolWindow.upTo(1));
    String underTwo = codec.encode(new Checkpoint(2, "t-1", "u-1", SCOPE, 42, NOW));
    String underOne = codec.encode(issued(42, NOW));

    assertEquals(
        Reason.PROTOCOL_NOT_SERVED,
        assertInstanceOf(
                CheckpointVerdict.Rebaseline.class,
                previousRelease.decode(underTwo, "t-1", "u-1", SCOPE, 100, 1))
            .reason());
    assertInstanceOf(
        CheckpointVerdict.Valid.class,
        previousRelease.decode(underOne, "t-1", "u-1", SCOPE, 100, 1));
  }

  @Test
  void shortKeysAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointCodec(List.of(new byte[16]), HORIZON, Duration.ZERO, clock));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointCodec(List.of(), HORIZON, Duration.ZERO, clock));
  }

  private static SyncCode code(CheckpointVerdict verdict) {
    return assertInstanceOf(CheckpointVerdict.Rejected.class, verdict).code();
  }
}
