package com.fieldlead.apikey;

import static com.mongodb.client.model.Filters.eq;

import com.fieldlead.auth.ApiKeys;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * API key secrets: {@code flk_<key id>_<256 random bits, base64url>}, made by the server and stored only as
 * HMAC-SHA256 under a server key (kept in the {@code settings} collection, generated once, as the access-token
 * signing key is).
 *
 * <p>A fast hash is enough here, unlike for passwords: a password is guessable and needs a slow, salted hash so that
 * trying candidates is expensive, while a key's 256 random bits cannot be guessed at any speed, so stretching would
 * only slow every request. The hash is keyed so that a leaked {@code api_keys} collection alone does not even let
 * someone check a candidate secret offline.
 */
final class KeySecrets {

  static final String SETTING_ID = "apikey.hashKey";
  private static final String SETTINGS = "settings";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private KeySecrets(byte[] key) {
    this.key = key.clone();
  }

  /** The hash key stored in the settings, created by the first instance to start (later ones read that one). */
  static Future<KeySecrets> load(MongoStore store, Instant now) {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    var settings = store.collection(SETTINGS);
    Document doc = new Document("_id", SETTING_ID)
        .append("value", Base64.getEncoder().encodeToString(fresh))
        .append("createdAt", Date.from(now));
    return MongoFutures.one(settings.insertOne(doc))
        .<Void>mapEmpty()
        .recover(
            t -> MongoFutures.isDuplicateKey(t) ? Future.succeededFuture() : Future.failedFuture(t))
        .compose(v -> MongoFutures.first(settings.find(eq("_id", SETTING_ID)).first()))
        .map(found -> new KeySecrets(Base64.getDecoder()
            .decode(found
                .orElseThrow(() -> new IllegalStateException("API key hash key missing"))
                .getString("value"))));
  }

  /** A new secret for the key {@code keyId}. */
  static String newSecret(String keyId) {
    byte[] bits = new byte[32];
    RANDOM.nextBytes(bits);
    return ApiKeys.PREFIX + keyId + "_"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  /** The key id a secret names, or null when it is not shaped like one of ours. */
  static String keyIdOf(String secret) {
    if (secret == null || !secret.startsWith(ApiKeys.PREFIX)) {
      return null;
    }
    int end = secret.indexOf('_', ApiKeys.PREFIX.length());
    if (end != ApiKeys.PREFIX.length() + 32) {
      return null;
    }
    String id = secret.substring(ApiKeys.PREFIX.length(), end);
    return id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? id : null;
  }

  /** The first characters of a secret, safe to show. */
  static String hint(String secret) {
    return secret.substring(0, ApiKeys.PREFIX.length() + 8) + "…";
  }

  /** HMAC-SHA256 of the secret under the server's key, lower-case hex. */
  String hash(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Whether {@code secret} hashes to {@code stored}, compared in constant time. */
  boolean matches(String secret, String stored) {
    return stored != null
        && MessageDigest.isEqual(
            hash(secret).getBytes(StandardCharsets.US_ASCII),
            stored.getBytes(StandardCharsets.US_ASCII));
  }
}
