package com.fieldlead.auth.store;

import static com.fieldlead.auth.store.AuthSchema.*;

import com.fieldlead.store.AccessEpochs;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Login sessions and their refresh tokens. A refresh token is stored only as its SHA-256 hash, one document per
 * token; using one marks it rotated (atomically), so a second use of the same token is recognised as reuse.
 */
public final class MongoSessions {

  public record Session(
      String id,
      String tenantId,
      String userId,
      String deviceId,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt) {

    public boolean activeAt(Instant now) {
      return revokedAt == null && now.isBefore(expiresAt);
    }
  }

  public record RefreshToken(
      String hash, String sessionId, String tenantId, Instant expiresAt, Instant rotatedAt) {}

  private final MongoCollection<Document> sessions;
  private final MongoCollection<Document> tokens;
  private final AccessEpochs epochs;

  public MongoSessions(MongoStore store, AccessEpochs epochs) {
    this.epochs = epochs;
    this.sessions = store.collection(SESSIONS);
    this.tokens = store.collection(REFRESH_TOKENS);
  }

  public Future<Void> insert(Session s) {
    Document doc = new Document(ID, s.id())
        .append(TENANT_ID, s.tenantId())
        .append(USER_ID, s.userId())
        .append(DEVICE_ID, s.deviceId())
        .append(CREATED_AT, date(s.createdAt()))
        .append(EXPIRES_AT, date(s.expiresAt()))
        .append(REVOKED_AT, null);
    return MongoFutures.one(sessions.insertOne(doc)).mapEmpty();
  }

  /** A session by id, whatever its tenant: the gate compares the tenant with the token's. */
  public Future<Optional<Session>> find(String sessionId) {
    return MongoFutures.first(sessions.find(Filters.eq(ID, sessionId)).first())
        .map(d -> d.map(MongoSessions::toSession));
  }

  /** Moves the session's expiry (each refresh slides it) and records the refresh. */
  public Future<Void> extend(String sessionId, Instant expiresAt, Instant now) {
    return MongoFutures.one(sessions.updateOne(
            Filters.eq(ID, sessionId),
            Updates.combine(
                Updates.set(EXPIRES_AT, date(expiresAt)), Updates.set(LAST_REFRESH_AT, date(now)))))
        .mapEmpty();
  }

  /** Binds a session that has no device yet to {@code deviceId} (a phone registered after logging in). */
  public Future<Void> bindDevice(String tenantId, String sessionId, String deviceId) {
    return epochs
        .after(
            tenantId,
            MongoFutures.one(sessions.updateOne(
                Filters.and(
                    Filters.eq(ID, sessionId),
                    Filters.eq(TENANT_ID, tenantId),
                    Filters.eq(DEVICE_ID, null)),
                Updates.set(DEVICE_ID, deviceId))))
        .mapEmpty();
  }

  public Future<Void> revoke(String tenantId, String sessionId, String reason, Instant now) {
    return revokeWhere(tenantId, Filters.eq(ID, sessionId), reason, now).mapEmpty();
  }

  /** Revokes every live session of the user; answers how many. */
  public Future<Long> revokeUser(String tenantId, String userId, String reason, Instant now) {
    return revokeWhere(tenantId, Filters.eq(USER_ID, userId), reason, now);
  }

  /** Revokes every live session on the device; answers how many. */
  public Future<Long> revokeDevice(String tenantId, String deviceId, String reason, Instant now) {
    return revokeWhere(tenantId, Filters.eq(DEVICE_ID, deviceId), reason, now);
  }

  private Future<Long> revokeWhere(String tenantId, Bson filter, String reason, Instant now) {
    return epochs
        .after(
            tenantId,
            MongoFutures.one(sessions.updateMany(
                Filters.and(Filters.eq(TENANT_ID, tenantId), filter, Filters.eq(REVOKED_AT, null)),
                Updates.combine(
                    Updates.set(REVOKED_AT, date(now)), Updates.set(REVOKE_REASON, reason)))))
        .map(r -> r.getModifiedCount());
  }

  public Future<Void> insertRefreshToken(RefreshToken t, Instant now) {
    Document doc = new Document(ID, t.hash())
        .append(SESSION_ID, t.sessionId())
        .append(TENANT_ID, t.tenantId())
        .append(CREATED_AT, date(now))
        .append(EXPIRES_AT, date(t.expiresAt()))
        .append(ROTATED_AT, null);
    return MongoFutures.one(tokens.insertOne(doc)).mapEmpty();
  }

  /**
   * Marks the token rotated if it was not yet, atomically, and answers it as it was before; empty when it is unknown
   * or already rotated (then {@link #findRefreshToken} tells which).
   */
  public Future<Optional<RefreshToken>> claimRefreshToken(String hash, Instant now) {
    return MongoFutures.first(tokens.findOneAndUpdate(
            Filters.and(Filters.eq(ID, hash), Filters.eq(ROTATED_AT, null)),
            Updates.set(ROTATED_AT, date(now)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)))
        .map(d -> d.map(MongoSessions::toToken));
  }

  public Future<Optional<RefreshToken>> findRefreshToken(String hash) {
    return MongoFutures.first(tokens.find(Filters.eq(ID, hash)).first())
        .map(d -> d.map(MongoSessions::toToken));
  }

  /** Deletes sessions and refresh tokens that expired before {@code cutoff} (the embedded store has no TTL). */
  public Future<Long> purgeExpired(Instant cutoff) {
    return MongoFutures.one(tokens.deleteMany(Filters.lt(EXPIRES_AT, date(cutoff))))
        .compose(a -> MongoFutures.one(sessions.deleteMany(Filters.lt(EXPIRES_AT, date(cutoff))))
            .map(b -> a.getDeletedCount() + b.getDeletedCount()));
  }

  private static Session toSession(Document d) {
    return new Session(
        d.getString(ID),
        d.getString(TENANT_ID),
        d.getString(USER_ID),
        d.getString(DEVICE_ID),
        instant(d.getDate(CREATED_AT)),
        instant(d.getDate(EXPIRES_AT)),
        instant(d.getDate(REVOKED_AT)));
  }

  private static RefreshToken toToken(Document d) {
    return new RefreshToken(
        d.getString(ID),
        d.getString(SESSION_ID),
        d.getString(TENANT_ID),
        instant(d.getDate(EXPIRES_AT)),
        instant(d.getDate(ROTATED_AT)));
  }
}
