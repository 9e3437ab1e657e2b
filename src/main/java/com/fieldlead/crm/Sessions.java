package com.fieldlead.crm;

import com.fieldlead.crypto.SecretBox;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.conversions.Bson;

/**
 * A connection's API session: its access token while it is valid, else one refreshed with the stored refresh token
 * (the new access token, and a rotated refresh token when the provider sent one, sealed and stored). Salesforce does
 * not say when its token expires: it is used until a call is refused.
 */
final class Sessions {

  /** A usable access token and the API base it belongs to (Salesforce's instance URL; null for HubSpot). */
  record Session(String accessToken, String instanceUrl) {}

  /** Refresh this long before the stated expiry. */
  static final Duration EARLY = Duration.ofSeconds(60);

  private final MongoConnections connections;
  private final OAuthClient oauth;
  private final SecretBox box;
  private final Clock clock;

  Sessions(MongoConnections connections, OAuthClient oauth, SecretBox box, Clock clock) {
    this.connections = connections;
    this.oauth = oauth;
    this.box = box;
    this.clock = clock;
  }

  /** The stored access token when it is still valid, else a refreshed one. */
  Future<Session> current(Connection c) {
    if (c.sealedAccessToken() != null
        && (c.accessExpiresAt() == null
            || c.accessExpiresAt().isAfter(clock.instant().plus(EARLY)))) {
      try {
        return Future.succeededFuture(
            new Session(box.open(c.id(), c.sealedAccessToken()), c.instanceUrl()));
      } catch (IllegalStateException e) {
        return refreshed(c);
      }
    }
    return refreshed(c);
  }

  /** A new access token from the refresh token, stored before it is answered. */
  Future<Session> refreshed(Connection c) {
    String refresh;
    try {
      refresh = box.open(c.id(), c.sealedRefreshToken());
    } catch (RuntimeException e) {
      return Future.failedFuture(new OAuthClient.TokenException(0, e.getMessage()));
    }
    return oauth.refresh(c.system(), refresh).compose(t -> {
      Instant now = clock.instant();
      String instance = t.instanceUrl() != null ? t.instanceUrl() : c.instanceUrl();
      return connections
          .update(null, c.id(), Updates.combine(stored(c.id(), t, instance, now)))
          .map(v -> new Session(t.accessToken(), instance));
    });
  }

  /** The updates that store {@code t}'s tokens on connection {@code id}, sealed. */
  List<Bson> stored(String id, OAuthClient.Tokens t, String instanceUrl, Instant now) {
    List<Bson> sets = new ArrayList<>();
    sets.add(Updates.set(MongoConnections.ACCESS_TOKEN, box.seal(id, t.accessToken())));
    sets.add(Updates.set(
        MongoConnections.ACCESS_EXPIRES_AT,
        t.expiresIn() == null ? null : Date.from(now.plus(t.expiresIn()))));
    if (t.refreshToken() != null) {
      sets.add(Updates.set(MongoConnections.REFRESH_TOKEN, box.seal(id, t.refreshToken())));
    }
    sets.add(Updates.set(MongoConnections.INSTANCE_URL, instanceUrl));
    sets.add(Updates.set(MongoConnections.UPDATED_AT, Date.from(now)));
    return sets;
  }
}
