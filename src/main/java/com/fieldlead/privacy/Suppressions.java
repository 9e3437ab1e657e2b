package com.fieldlead.privacy;

import static com.mongodb.client.model.Filters.eq;

import com.fieldlead.lead.ErasedPeople;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.UnwrittenCache;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * The emails of erased people, kept only as a salted hash (HMAC-SHA256 of the tenant and the normalised email under a
 * salt generated once and kept in {@code settings}) in {@code privacy_suppressions}, so that a capture, import,
 * upsert or phone push with that email is refused instead of bringing the person back (through {@link #port()}). The hash cannot be read back into the email;
 * whoever holds both the database and a candidate email can check it, which is what suppression needs.
 */
final class Suppressions {

  static final String COLLECTION = "privacy_suppressions";
  static final String SALT_ID = "privacy.suppressionSalt";
  private static final String TENANT_ID = "tenantId";

  private final MongoStore store;
  private final MongoCollection<Document> hashes;
  private final MongoCollection<Document> leads;
  /** Whether a tenant has any suppressed email, kept while the suppressions are unwritten ({@link UnwrittenCache}). */
  private final UnwrittenCache<String, Boolean> anySuppressed;

  private volatile byte[] salt;

  Suppressions(MongoStore store) {
    this.store = store;
    this.hashes = store.collection(COLLECTION);
    this.leads = store.collection(LeadFields.LEADS);
    this.anySuppressed = new UnwrittenCache<>(store, COLLECTION);
  }

  /**
   * Whether the tenant has suppressed any email: most never have, and then a capture's check needs no look-up. Where
   * this process cannot see every write (MongoDB), it answers true without reading: the look-up itself decides.
   */
  private Future<Boolean> anySuppressed(String tenantId) {
    if (store.writeGeneration(COLLECTION) == MongoStore.NO_GENERATION) {
      return Future.succeededFuture(true);
    }
    return anySuppressed.get(
        tenantId,
        () -> MongoFutures.first(hashes
                .find(Filters.eq(TENANT_ID, tenantId))
                .projection(Projections.include("_id"))
                .limit(1))
            .map(Optional::isPresent));
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

  /**
   * Removes the suppression of {@code email} in the tenant (the person asked to be contacted again, or the erasure's
   * email was a mistake); answers the hash that was kept, empty when the email was not suppressed. Only the hash goes:
   * the erased leads stay erased.
   */
  Future<Optional<String>> lift(String tenantId, String email) {
    String h = hash(tenantId, email);
    return MongoFutures.one(
            hashes.deleteOne(Filters.and(Filters.eq("_id", h), Filters.eq(TENANT_ID, tenantId))))
        .map(r -> r.getDeletedCount() > 0 ? Optional.of(h) : Optional.<String>empty());
  }

  /**
   * The port the lead and sync features ask (see {@link ErasedPeople}): a lead is erased when its tombstone says so, an
   * email when its hash is kept here.
   */
  ErasedPeople port() {
    return new ErasedPeople() {
      @Override
      public Future<Boolean> erased(String tenantId, String leadId, String email) {
        Future<Boolean> byEmail = email == null || email.isBlank()
            ? Future.succeededFuture(false)
            : anySuppressed(tenantId)
                .compose(any -> !any
                    ? Future.succeededFuture(false)
                    : MongoFutures.first(hashes
                            .find(Filters.eq("_id", hash(tenantId, email)))
                            .limit(1))
                        .map(Optional::isPresent));
        return byEmail.compose(gone -> gone || leadId == null
            ? Future.succeededFuture(gone)
            : MongoFutures.first(leads
                    .find(Filters.and(
                        Filters.eq(LeadFields.TENANT_ID, tenantId),
                        Filters.eq(LeadFields.ID, leadId),
                        Filters.exists(LeadFields.ERASED_AT)))
                    .limit(1))
                .map(Optional::isPresent));
      }

      @Override
      public Future<Set<String>> erasedEmails(String tenantId, Collection<String> emails) {
        Map<String, List<String>> byHash = new HashMap<>();
        for (String email : emails) {
          if (email != null && !email.isBlank()) {
            byHash
                .computeIfAbsent(hash(tenantId, email), h -> new ArrayList<>())
                .add(email);
          }
        }
        if (byHash.isEmpty()) {
          return Future.succeededFuture(Set.of());
        }
        return anySuppressed(tenantId)
            .compose(any -> !any
                ? Future.succeededFuture(Set.<String>of())
                : MongoFutures.list(hashes
                        .find(Filters.in("_id", byHash.keySet()))
                        .projection(Projections.include("_id")))
                    .map(found -> {
                      Set<String> gone = new HashSet<>();
                      found.forEach(d -> gone.addAll(byHash.get(d.getString("_id"))));
                      return gone;
                    }));
      }
    };
  }
}
