package com.fieldlead.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signing, in the style of Stripe: {@code Fieldlead-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]}, each
 * {@code v1} the HMAC-SHA256, keyed by one of the subscription's secrets (its UTF-8 bytes, {@code whsec_} prefix
 * included), of {@code t + "." + rawBody}. During a rotation's overlap the header carries one {@code v1} per secret,
 * the newest first, so a receiver holding either verifies.
 */
final class Signatures {

  static final String HEADER = "Fieldlead-Signature";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Signatures() {}

  /** A new secret: {@code whsec_} and 256 random bits, Base64url. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The header value for {@code body} sent at {@code epochSecond}, signed with each of {@code secrets}. */
  static String header(long epochSecond, byte[] body, List<String> secrets) {
    StringBuilder out = new StringBuilder("t=").append(epochSecond);
    for (String secret : secrets) {
      out.append(",v1=").append(hmacHex(secret, epochSecond, body));
    }
    return out.toString();
  }

  static String hmacHex(String secret, long epochSecond, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((epochSecond + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
