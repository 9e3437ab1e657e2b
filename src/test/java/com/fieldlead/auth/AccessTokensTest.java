package com.fieldlead.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fieldlead.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final AccessTokens tokens =
      new AccessTokens(KEY, "fieldlead", Duration.ofMinutes(15), clock);

  private AccessTokens.Failure failureOf(AccessTokens verifier, String token) {
    return assertThrows(AccessTokens.TokenException.class, () -> verifier.verify(token))
        .failure();
  }

  @Test
  void anIssuedTokenVerifiesWithAllItsClaims() {
    AccessTokens.Claims c = tokens.verify(tokens.issue("u1", "t1", "s1", "d1", "rep"));
    assertEquals("u1", c.userId());
    assertEquals("t1", c.tenantId());
    assertEquals("s1", c.sessionId());
    assertEquals("d1", c.deviceId());
    assertEquals("rep", c.role());
    assertEquals(clock.instant(), c.issuedAt());
    assertEquals(clock.instant().plus(Duration.ofMinutes(15)), c.expiresAt());
    assertNull(tokens.verify(tokens.issue("u1", "t1", "s1", null, "rep")).deviceId());
  }

  @Test
  void aTokenExpiresExactlyAtItsTtl() {
    String token = tokens.issue("u1", "t1", "s1", null, "rep");
    clock.advance(Duration.ofMinutes(15).minusSeconds(1));
    tokens.verify(token);
    clock.advance(Duration.ofSeconds(1));
    assertEquals(AccessTokens.Failure.EXPIRED, failureOf(tokens, token));
  }

  @Test
  void aTokenSignedWithAnotherKeyOrIssuerIsInvalid() {
    AccessTokens otherKey = new AccessTokens(
        "another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8),
        "fieldlead",
        Duration.ofMinutes(15),
        clock);
    AccessTokens otherIssuer = new AccessTokens(KEY, "someone-else", Duration.ofMinutes(15), clock);
    assertEquals(
        AccessTokens.Failure.INVALID,
        failureOf(tokens, otherKey.issue("u", "t", "s", null, "admin")));
    assertEquals(
        AccessTokens.Failure.INVALID,
        failureOf(tokens, otherIssuer.issue("u", "t", "s", null, "admin")));
  }

  @Test
  void algNoneAndATamperedPayloadAreInvalid() {
    String[] parts = tokens.issue("u1", "t1", "s1", null, "rep").split("\\.");
    String none = b64("{\"alg\":\"none\"}");
    assertEquals(AccessTokens.Failure.INVALID, failureOf(tokens, none + "." + parts[1] + "."));
    assertEquals(
        AccessTokens.Failure.INVALID, failureOf(tokens, none + "." + parts[1] + "." + parts[2]));
    String admin = b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"rep\"", "\"admin\""));
    assertEquals(
        AccessTokens.Failure.INVALID, failureOf(tokens, parts[0] + "." + admin + "." + parts[2]));
  }

  @Test
  void garbageIsInvalidNotAnError() {
    for (String garbage :
        new String[] {"", "abc", "a.b.c", "....", "eyJ.eyJ.x", b64("[]") + "." + b64("{}") + ".x"
        }) {
      assertEquals(AccessTokens.Failure.INVALID, failureOf(tokens, garbage), garbage);
    }
  }

  @Test
  void aShortSecretIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccessTokens(new byte[16], "fieldlead", Duration.ofMinutes(1), clock));
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
