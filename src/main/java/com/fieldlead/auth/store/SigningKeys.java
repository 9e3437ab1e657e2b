package com.fieldlead.auth.store;

import static com.fieldlead.auth.store.AuthSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.config.FieldleadConfig;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC key for access tokens: the configured secret, or else one generated once and kept in the {@code settings}
 * collection. Insert-if-absent, then read back: instances racing at start all end up with the first one stored, so
 * they accept each other's tokens.
 */
public final class SigningKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  static final String SETTING_ID = "auth.jwtSigningKey";

  private SigningKeys() {}

  public static Future<byte[]> load(FieldleadConfig.Auth config, MongoStore store, Instant now) {
    if (config.jwtSecret().isPresent()) {
      LOG.info("access tokens signed with the configured secret");
      return Future.succeededFuture(config.jwtSecret().get().getBytes(StandardCharsets.UTF_8));
    }
    byte[] fresh = new byte[48];
    new SecureRandom().nextBytes(fresh);
    Document doc = new Document(ID, SETTING_ID)
        .append(VALUE, Base64.getEncoder().encodeToString(fresh))
        .append(CREATED_AT, date(now));
    var settings = store.collection(SETTINGS);
    return MongoFutures.one(settings.insertOne(doc))
        .map(r -> {
          LOG.info("generated the access-token signing key and stored it in '{}'", SETTINGS);
          return true;
        })
        .recover(t -> isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t))
        .compose(created ->
            MongoFutures.first(settings.find(new Document(ID, SETTING_ID)).first()))
        .map(found -> Base64.getDecoder()
            .decode(found
                .orElseThrow(
                    () -> new IllegalStateException("signing key missing from " + SETTINGS))
                .getString(VALUE)));
  }
}
