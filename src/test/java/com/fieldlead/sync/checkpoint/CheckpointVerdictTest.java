package com.fieldlead.sync.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.sync.protocol.SyncCode;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A rejected checkpoint is answered with the problem code of the same name as its sync code. */
class CheckpointVerdictTest {

  @Test
  void aRejectedCheckpointBecomesTheProblemOfTheSameNameWithItsDetail() {
    ProblemException p =
        new CheckpointVerdict.Rejected(SyncCode.CHECKPOINT_FORGED, "does not verify").problem();
    assertEquals(ErrorCode.CHECKPOINT_FORGED, p.code());
    assertEquals("does not verify", p.getMessage());
  }

  @Test
  void everySyncCodeWithAProblemCodeOfTheSameNameMapsToItAndTheOthersAreRefused() {
    Set<String> problemCodes =
        Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
    for (SyncCode code : SyncCode.values()) {
      if (problemCodes.contains(code.name())) {
        assertEquals(code.name(), CheckpointVerdict.Rejected.errorCode(code).name());
      } else {
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointVerdict.Rejected.errorCode(code),
            code.name());
      }
    }
  }
}
