package com.fieldlead.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(10_000);

  @Test
  void theRightPasswordVerifiesAndAWrongOneDoesNot() {
    String hash = hasher.hash("s3cret-password");
    assertTrue(hasher.verify("s3cret-password", hash));
    assertFalse(hasher.verify("s3cret-passwore", hash));
    assertFalse(hasher.verify("", hash));
  }

  @Test
  void theSameAnswerGetsADifferentHashEachTimeBecauseOfTheSalt() {
    assertNotEquals(hasher.hash("same"), hasher.hash("same"));
  }

  @Test
  void theHashRecordsItsIterationsSoOldHashesStillVerifyAfterTheyAreRaised() {
    String old = hasher.hash("pw-12345678");
    assertTrue(old.startsWith("pbkdf2-sha256$10000$"));
    PasswordHasher stronger = new PasswordHasher(20_000);
    assertTrue(stronger.verify("pw-12345678", old));
    assertTrue(stronger.needsRehash(old));
    assertFalse(hasher.needsRehash(old));
  }

  @Test
  void aMalformedStoredHashNeverVerifies() {
    assertFalse(hasher.verify("x", "plain"));
    assertFalse(hasher.verify("x", "pbkdf2-sha256$abc$AAAA$AAAA"));
    assertFalse(hasher.verify("x", "md5$1000$AAAA$AAAA"));
    assertFalse(hasher.verify("x", null));
  }

  @Test
  void refreshTokensAreRandom256BitValuesStoredAsSha256() {
    String token = PasswordHasher.randomToken();
    assertTrue(Base64.getUrlDecoder().decode(token).length == 32);
    assertNotEquals(token, PasswordHasher.randomToken());
    assertTrue(PasswordHasher.sha256Hex(token).matches("[0-9a-f]{64}"));
  }
}
