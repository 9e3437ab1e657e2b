package com.fieldlead.webhook;

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
 * How signing secrets are kept in the store. They must be recoverable (the server signs with them), so they cannot be
 * hashed: with {@code FIELDLEAD_WEBHOOK_SECRET_KEY} they are AES-256-GCM encrypted ({@code gcm:} + Base64 of a
 * 12-byte nonce and the ciphertext with its tag, the subscription id as associated data so a secret cannot be moved to
 * another subscription); without it they are stored as generated ({@code plain:}), and whoever can read the store can
 * sign. A stored value of either form is read whatever the current setting, so turning the key on later only
 * encrypts secrets made or rotated from then on.
 */
final class SecretBox {

  private static final String GCM = "gcm:";
  private static final String PLAIN = "plain:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Optional<SecretKeySpec> key;

  SecretBox(Optional<byte[]> key) {
    this.key = key.map(k -> new SecretKeySpec(k, "AES"));
  }

  boolean encrypts() {
    return key.isPresent();
  }

  String seal(String subscriptionId, String secret) {
    if (key.isEmpty()) {
      return PLAIN + secret;
    }
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(128, nonce));
      c.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return GCM
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  String open(String subscriptionId, String stored) {
    if (stored.startsWith(PLAIN)) {
      return stored.substring(PLAIN.length());
    }
    if (!stored.startsWith(GCM)) {
      throw new IllegalStateException("unknown secret format");
    }
    if (key.isEmpty()) {
      throw new IllegalStateException(
          "a webhook secret is encrypted but FIELDLEAD_WEBHOOK_SECRET_KEY is not set");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(GCM.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(128, all, 0, 12));
      c.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a webhook secret does not decrypt with the configured key", e);
    }
  }
}
