package com.fieldlead.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The demo password's precomputed hash is a real hash of it, at the cost it claims. */
class DemoPeopleSeedTest {

  @Test
  void thePrecomputedDemoHashVerifiesTheDemoPasswordAndNothingElse() {
    PasswordHasher hasher = new PasswordHasher(DemoPeopleSeed.PASSWORD_HASH_ITERATIONS);
    assertTrue(hasher.verify(DemoPeopleSeed.PASSWORD, DemoPeopleSeed.PASSWORD_HASH));
    assertFalse(hasher.verify("demo-password2", DemoPeopleSeed.PASSWORD_HASH));
    assertFalse(hasher.needsRehash(DemoPeopleSeed.PASSWORD_HASH), "made at the default cost");
    assertEquals(
        DemoPeopleSeed.PASSWORD_HASH_ITERATIONS,
        Integer.parseInt(DemoPeopleSeed.PASSWORD_HASH.split("\\$")[1]));
  }
}
