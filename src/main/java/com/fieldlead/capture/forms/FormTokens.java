package com.fieldlead.capture.forms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fill-time token of a form: the form's id and the instant the page got it, signed with HMAC-SHA256 under a
 * server secret. A submission shows how long the person took; a bot posting at once, or a token made up or taken from
 * another form, is told so. Pure apart from the random nonce.
 */
final class FormTokens {

  /** A token older than this is stale (the page was open for a day): the embed fetches a new one. */
  static final Duration MAX_AGE = Duration.ofHours(24);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a token says about a submission. */
  enum Verdict {
    OK,
    MISSING,
    FORGED,
    TOO_FAST,
    EXPIRED
  }

  private final byte[] secret;

  FormTokens(byte[] secret) {
    this.secret = secret.clone();
  }

  /** A new token for {@code formId}, issued at {@code now}. */
  String issue(String formId, Instant now) {
    byte[] nonce = new byte[9];
    RANDOM.nextBytes(nonce);
    String payload = formId + ":" + now.toEpochMilli() + ":" + B64.encodeToString(nonce);
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(p) + "." + B64.encodeToString(mac(p));
  }

  /** Whether {@code token} is this server's, for {@code formId}, at least {@code minFill} old and not stale. */
  Verdict check(String token, String formId, Instant now, Duration minFill) {
    if (token == null || token.isBlank()) {
      return Verdict.MISSING;
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || token.length() > 512) {
      return Verdict.FORGED;
    }
    byte[] payload;
    byte[] given;
    try {
      payload = B64D.decode(token.substring(0, dot));
      given = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Verdict.FORGED;
    }
    if (!MessageDigest.isEqual(mac(payload), given)) {
      return Verdict.FORGED;
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split(":");
    if (parts.length != 3 || !parts[0].equals(formId)) {
      return Verdict.FORGED;
    }
    Instant issued;
    try {
      issued = Instant.ofEpochMilli(Long.parseLong(parts[1]));
    } catch (NumberFormatException e) {
      return Verdict.FORGED;
    }
    Duration age = Duration.between(issued, now);
    if (age.compareTo(minFill) < 0) {
      return Verdict.TOO_FAST;
    }
    return age.compareTo(MAX_AGE) > 0 ? Verdict.EXPIRED : Verdict.OK;
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A new public form key: 144 random bits, URL-safe. */
  static String newKey() {
    byte[] key = new byte[18];
    RANDOM.nextBytes(key);
    return B64.encodeToString(key);
  }
}
