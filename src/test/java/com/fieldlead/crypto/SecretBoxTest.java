package com.fieldlead.crypto;

import static org.junit.jupiter.api.Assertions.*;

import com.fieldlead.config.ConfigException;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.config.ConfigLoader;
import com.fieldlead.config.FieldleadConfig;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) (i * 7 + 3);
    }
  }

  @Test
  void withAKeyASecretIsStoredEncryptedAndReadBackOnlyForItsOwnSubscription() {
    SecretBox box = new SecretBox(Optional.of(KEY), "K");
    String secret = "whsec_abcdefghijklmnop0123456789";
    String stored = box.seal("sub-1", secret);
    assertTrue(stored.startsWith("gcm:"), stored);
    assertFalse(stored.contains(secret.substring(6)), "no plaintext in the stored form");
    assertNotEquals(stored, box.seal("sub-1", secret), "a fresh nonce each time");
    assertEquals(secret, box.open("sub-1", stored));
    assertThrows(IllegalStateException.class, () -> box.open("sub-2", stored));
    byte[] other = KEY.clone();
    other[0] ^= 1;
    assertThrows(
        IllegalStateException.class,
        () -> new SecretBox(Optional.of(other), "K").open("sub-1", stored));
  }

  @Test
  void withoutAKeySecretsAreStoredAsGeneratedAndStillReadAfterAKeyIsSet() {
    String secret = "whsec_abcdefghijklmnop0123456789";
    String stored = new SecretBox(Optional.empty(), "K").seal("sub-1", secret);
    assertEquals("plain:" + secret, stored);
    assertEquals(secret, new SecretBox(Optional.of(KEY), "K").open("sub-1", stored));
    String sealed = new SecretBox(Optional.of(KEY), "K").seal("sub-1", secret);
    assertThrows(
        IllegalStateException.class,
        () -> new SecretBox(Optional.empty(), "K").open("sub-1", sealed));
  }

  @Test
  void theKeyMustBeTheBase64OfThirtyTwoBytesAndIsNeverPrinted() {
    ConfigException bad = assertThrows(
        ConfigException.class,
        () -> ConfigLoader.load(
            Map.of(), Map.of(ConfigKey.FIELDLEAD_WEBHOOK_SECRET_KEY, "c2hvcnQ=")));
    assertTrue(bad.getMessage().contains("FIELDLEAD_WEBHOOK_SECRET_KEY"), bad.getMessage());
    String encoded = Base64.getEncoder().encodeToString(KEY);
    FieldleadConfig config =
        ConfigLoader.load(Map.of(), Map.of(ConfigKey.FIELDLEAD_WEBHOOK_SECRET_KEY, encoded));
    assertArrayEquals(KEY, config.webhooks().secretKey().orElseThrow());
    assertFalse(config.toString().contains(encoded));
    assertTrue(config.webhooks().toString().contains("<hidden>"));
  }
}
