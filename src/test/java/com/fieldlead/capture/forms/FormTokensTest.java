package com.fieldlead.capture.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormTokensTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final FormTokens tokens = new FormTokens("k".repeat(32).getBytes(StandardCharsets.UTF_8));

  @Test
  void aTokenPassesOnceTheMinimumFillTimeHasPassedAndNotBefore() {
    String t = tokens.issue("form-1", T0);
    Duration min = Duration.ofSeconds(3);
    assertEquals(FormTokens.Verdict.TOO_FAST, tokens.check(t, "form-1", T0.plusSeconds(2), min));
    assertEquals(FormTokens.Verdict.OK, tokens.check(t, "form-1", T0.plusSeconds(3), min));
  }

  @Test
  void aTokenOfAnotherFormOrAnotherKeyOrWithAChangedTimeIsForged() {
    String t = tokens.issue("form-1", T0);
    Instant later = T0.plusSeconds(60);
    assertEquals(FormTokens.Verdict.FORGED, tokens.check(t, "form-2", later, Duration.ZERO));
    FormTokens other = new FormTokens("x".repeat(32).getBytes(StandardCharsets.UTF_8));
    assertEquals(FormTokens.Verdict.FORGED, other.check(t, "form-1", later, Duration.ZERO));
    String payload = "form-1:" + T0.minusSeconds(3600).toEpochMilli() + ":AAAA";
    String backdated = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + t.substring(t.indexOf('.'));
    assertEquals(
        FormTokens.Verdict.FORGED, tokens.check(backdated, "form-1", later, Duration.ZERO));
    assertEquals(
        FormTokens.Verdict.FORGED, tokens.check("not a token", "form-1", later, Duration.ZERO));
  }

  @Test
  void noTokenIsMissingAndADayOldTokenHasExpired() {
    assertEquals(FormTokens.Verdict.MISSING, tokens.check(null, "f", T0, Duration.ZERO));
    assertEquals(FormTokens.Verdict.MISSING, tokens.check(" ", "f", T0, Duration.ZERO));
    String t = tokens.issue("f", T0);
    assertEquals(
        FormTokens.Verdict.EXPIRED,
        tokens.check(t, "f", T0.plus(FormTokens.MAX_AGE).plusSeconds(1), Duration.ZERO));
  }

  @Test
  void formKeysAreUrlSafeAnd144BitsAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = FormTokens.newKey();
      assertTrue(key.matches("[A-Za-z0-9_-]{24}"), key);
      assertTrue(seen.add(key));
    }
    assertNotEquals(tokens.issue("f", T0), tokens.issue("f", T0)); // a nonce in each
  }
}
