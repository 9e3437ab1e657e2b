package com.fieldlead.privacy;

import static com.mongodb.client.model.Filters.eq;

import com.fieldlead.lead.LeadPreparer;
import com.fieldlead.lead.SearchKeys;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.FieldError;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * The emails of erased people, kept only as a salted hash (HMAC-SHA256 of the tenant and the normalised email under a
 * salt generated once and kept in {@code settings}) in {@code privacy_suppressions}, so that a capture, import or
 * upsert with that email is refused instead of bringing the person back. The hash cannot be read back into the email;
 * whoever holds both the database and a candidate email can check it, which is what suppression needs.
 */
final class Suppressions {

  static final String COLLECTION = "privacy_suppressions";
  static final String SALT_ID = "privacy.suppressionSalt";
  private static final String TENANT_ID = "tenantId";

  private final MongoStore store;
  private final MongoCollection<Document> hashes;
  private volatile byte[] salt;

  Suppressions(MongoStore store) {
    this.store = store;
    this.hashes = store.collection(COLLECTION);
  }

  static List<IndexDef> indexes() {
    return List.of(
        IndexDef.of(COLLECTION, "privacy_suppressions_tenant", Indexes.ascending(TENANT_ID)));
  }

  /** Loads the salt, creating it at the first start (instances racing agree on the first one stored). */
  Future<Void> start(Instant now) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    var settings = store.collection("settings");
    return MongoFutures.one(settings.insertOne(new Document("_id", SALT_ID)
            .append("value", Base64.getEncoder().encodeToString(fresh))
            .append("createdAt", Date.from(now))))
        .<Void>mapEmpty()
        .recover(
            t -> MongoFutures.isDuplicateKey(t) ? Future.succeededFuture() : Future.failedFuture(t))
        .compose(v -> MongoFutures.first(settings.find(eq("_id", SALT_ID)).first()))
        .map(found -> {
          salt = Base64.getDecoder()
              .decode(found
                  .orElseThrow(() -> new IllegalStateException("salt missing"))
                  .getString("value"));
          return null;
        });
  }

  String hash(String tenantId, String email) {
    byte[] s = salt;
    if (s == null) {
      throw new IllegalStateException("Suppressions.start() has not completed");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(s, "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal(
              (tenantId + "\n" + SearchKeys.email(email)).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Records that {@code email} of the tenant is erased; answers the hash kept. */
  Future<String> suppress(String tenantId, String email, Instant at) {
    String h = hash(tenantId, email);
    return MongoFutures.one(hashes.replaceOne(
            Filters.eq("_id", h),
            new Document("_id", h).append(TENANT_ID, tenantId).append("at", Date.from(at)),
            new ReplaceOptions().upsert(true)))
        .map(h);
  }

  /** Refuses new leads whose email belongs to an erased person (409 naming the email field). */
  LeadPreparer preparer() {
    return fresh -> {
      Map<String, Integer> byHash = new LinkedHashMap<>();
      for (int i = 0; i < fresh.size(); i++) {
        var lead = fresh.get(i).lead();
        if (lead.email() != null && !lead.email().isBlank()) {
          byHash.putIfAbsent(hash(lead.tenantId(), lead.email()), i);
        }
      }
      if (byHash.isEmpty()) {
        return Future.succeededFuture(fresh);
      }
      return MongoFutures.list(hashes.find(Filters.in("_id", new ArrayList<>(byHash.keySet()))))
          .map(found -> {
            if (found.isEmpty()) {
              return fresh;
            }
            int row = byHash.get(found.get(0).getString("_id"));
            String field = fresh.size() == 1 ? "/email" : "/" + row + "/email";
            throw new ProblemException(
                ErrorCode.CONFLICT,
                "this email belongs to a person whose data was erased at their request; it is not"
                    + " stored again",
                List.of(new FieldError(field, "suppressed", "was erased; not stored again")),
                Map.of());
          });
    };
  }
}
