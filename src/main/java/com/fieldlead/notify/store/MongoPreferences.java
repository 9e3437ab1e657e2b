package com.fieldlead.notify.store;

import static com.fieldlead.notify.store.NotifySchema.*;

import com.fieldlead.notify.model.NotificationPreferences;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/** Users' notification preferences ({@code notification_prefs}, one document per user). */
public final class MongoPreferences {

  /** A stored preference document with its owner. */
  public record Stored(String tenantId, String userId, NotificationPreferences prefs) {}

  private final MongoCollection<Document> coll;

  public MongoPreferences(MongoStore store) {
    this.coll = store.collection(P.COLLECTION);
  }

  public Future<Optional<NotificationPreferences>> get(String tenantId, String userId) {
    return MongoFutures.first(coll.find(Filters.eq(ID, key(tenantId, userId))).first())
        .map(d -> d.map(doc -> fromDoc(doc).prefs()));
  }

  /** The stored preferences of {@code userIds} in one read, by user id (users without any are left out). */
  public Future<Map<String, NotificationPreferences>> getAll(
      String tenantId, Collection<String> userIds) {
    List<String> keys = userIds.stream().map(u -> key(tenantId, u)).toList();
    return MongoFutures.list(coll.find(Filters.in(ID, keys))).map(docs -> {
      Map<String, NotificationPreferences> out = new HashMap<>();
      docs.forEach(doc -> {
        Stored s = fromDoc(doc);
        out.put(s.userId(), s.prefs());
      });
      return out;
    });
  }

  public Future<Void> put(String tenantId, String userId, NotificationPreferences p, Instant now) {
    Document d = new Document(ID, key(tenantId, userId))
        .append(TENANT, tenantId)
        .append(USER, userId)
        .append(P.KINDS, new Document(new LinkedHashMap<>(p.kinds())))
        .append(P.QUIET_START, p.quietHours() == null ? null : p.quietHours().start())
        .append(P.QUIET_END, p.quietHours() == null ? null : p.quietHours().end())
        .append(P.TIME_ZONE, p.timeZone())
        .append(P.DIGEST_TIME, p.digestTime())
        .append(P.LOCALE, p.locale())
        .append(P.UPDATED_AT, NotifySchema.date(now));
    return MongoFutures.one(
            coll.replaceOne(Filters.eq(ID, d.get(ID)), d, new ReplaceOptions().upsert(true)))
        .mapEmpty();
  }

  /** Every user who asked for a daily digest (all tenants). */
  public Future<List<Stored>> withDigest() {
    // a digest time is an "HH:mm" string: "greater than the empty string" is every set one, a range
    // the digest index
    // serves (a $ne cannot narrow an index)
    return MongoFutures.list(coll.find(Filters.gt(P.DIGEST_TIME, "")))
        .map(list -> list.stream().map(MongoPreferences::fromDoc).toList());
  }

  private static Stored fromDoc(Document d) {
    Map<String, Boolean> kinds = new LinkedHashMap<>();
    Document k = d.get(P.KINDS, Document.class);
    if (k != null) {
      k.forEach((name, on) -> kinds.put(name, Boolean.TRUE.equals(on)));
    }
    String qs = d.getString(P.QUIET_START);
    String qe = d.getString(P.QUIET_END);
    return new Stored(
        d.getString(TENANT),
        d.getString(USER),
        new NotificationPreferences(
            kinds,
            qs == null || qe == null ? null : new NotificationPreferences.Window(qs, qe),
            d.getString(P.TIME_ZONE),
            d.getString(P.DIGEST_TIME),
            d.getString(P.LOCALE)));
  }

  private static String key(String tenantId, String userId) {
    return tenantId + ":" + userId;
  }
}
