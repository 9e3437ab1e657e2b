package com.fieldlead.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How secrets the server must use again are kept in the store (webhook signing secrets, CRM refresh tokens). They must
 * be recoverable, so they cannot be hashed: with a key (configuration key {@code keyName}) they are AES-256-GCM
 * encrypted ({@code gcm:} + Base64 of a 12-byte nonce and the ciphertext with its tag, the owning record's id as
 * associated data so a secret cannot be moved to another record); without it they are stored as given
 * ({@code plain:}), and whoever can read the store can use them. A stored value of either form is read whatever the
 * current setting, so turning the key on later only encrypts secrets made or rotated from then on.
 */
public final class SecretBox {

  private static final String GCM = "gcm:";
  private static final String PLAIN = "plain:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Optional<SecretKeySpec> key;
  private final String keyName;

  /** A box with {@code key} (32 bytes), named {@code keyName} in errors. */
  public SecretBox(Optional<byte[]> key, String keyName) {
    this.key = key.map(k -> new SecretKeySpec(k, "AES"));
    this.keyName = keyName;
  }

  public boolean encrypts() {
    return key.isPresent();
  }

  public String seal(String ownerId, String secret) {
    if (key.isEmpty()) {
      return PLAIN + secret;
    }
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(128, nonce));
      c.updateAAD(ownerId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return GCM
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  public String open(String ownerId, String stored) {
    if (stored.startsWith(PLAIN)) {
      return stored.substring(PLAIN.length());
    }
    if (!stored.startsWith(GCM)) {
      throw new IllegalStateException("unknown secret format");
    }
    if (key.isEmpty()) {
      throw new IllegalStateException("a secret is encrypted but " + keyName + " is not set");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(GCM.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(128, all, 0, 12));
      c.updateAAD(ownerId.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a secret does not decrypt with the configured " + keyName, e);
    }
  }
}
