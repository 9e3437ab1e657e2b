package com.fieldlead.assignment.store;

import static com.fieldlead.assignment.store.AssignmentSchema.*;
import static com.fieldlead.store.MongoFutures.isDuplicateKey;

import com.fieldlead.assignment.model.Availability;
import com.fieldlead.assignment.model.RoutingRules;
import com.fieldlead.assignment.model.RoutingRulesWire;
import com.fieldlead.assignment.model.SlaSettings;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.SettingsCache;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Per-tenant routing settings in MongoDB: routing rules and SLA policies as immutable numbered versions (the newest
 * is current; a unique (tenant, version) index makes concurrent saves of the same version fail instead of both
 * winning), rep availability per user, and round-robin cursors per team (compare-and-set on {@code version}).
 */
public final class MongoRoutingSettings {

  /** A stored routing-rules version with who saved it. */
  public record StoredRules(RoutingRules rules, Instant at, String by) {}

  /** A round-robin cursor entry: the last user assigned in a team, and the version to compare against. */
  public record CursorEntry(String teamId, String lastAssigned, long version) {}

  private final MongoCollection<Document> rules;
  private final MongoCollection<Document> sla;
  private final SettingsCache<String, Optional<SlaSettings>> recentSla;
  private final SettingsCache<List<String>, Optional<Availability>> recentAvailability;
  private final MongoCollection<Document> availability;
  private final MongoCollection<Document> cursors;

  public MongoRoutingSettings(MongoStore store) {
    this.rules = store.collection(ROUTING_RULES);
    this.sla = store.collection(SLA_POLICIES);
    this.availability = store.collection(REP_AVAILABILITY);
    this.recentSla = new SettingsCache<>(store, SLA_POLICIES);
    this.recentAvailability = new SettingsCache<>(store, REP_AVAILABILITY);
    this.cursors = store.collection(ROUTING_CURSORS);
  }

  public Future<Optional<StoredRules>> currentRules(String tenantId) {
    return MongoFutures.first(rules
            .find(Filters.eq(TENANT_ID, tenantId))
            .sort(Sorts.descending(VERSION))
            .limit(1))
        .map(d -> d.map(doc -> new StoredRules(
            RoutingRulesWire.toRules(
                fromBody(doc.get(BODY, Document.class), RoutingRulesWire.Input.class),
                doc.getInteger(VERSION)),
            instant(doc.getDate(CREATED_AT)),
            doc.getString(CREATED_BY))));
  }

  /** Inserts version {@code rules.version()}; false when that version exists already (a concurrent save won). */
  public Future<Boolean> insertRules(String tenantId, RoutingRules r, Instant at, String by) {
    Document doc = new Document(TENANT_ID, tenantId)
        .append(VERSION, r.version())
        .append(BODY, body(RoutingRulesWire.input(r)))
        .append(CREATED_AT, date(at))
        .append(CREATED_BY, by);
    return insert(rules, doc);
  }

  public Future<Optional<SlaSettings>> currentSla(String tenantId) {
    return MongoFutures.first(sla.find(Filters.eq(TENANT_ID, tenantId))
            .sort(Sorts.descending(VERSION))
            .limit(1))
        .map(d -> d.map(doc -> {
          SlaSettings s = SlaSettings.from(
              fromBody(doc.get(BODY, Document.class), SlaSettings.Input.class),
              doc.getLong(VERSION),
              instant(doc.getDate(CREATED_AT)),
              doc.getString(CREATED_BY));
          return s;
        }));
  }

  /** {@link #currentSla} as read at most a couple of seconds ago: for starting clocks, never for the API or a save. */
  public Future<Optional<SlaSettings>> recentSla(String tenantId) {
    return recentSla.get(tenantId, this::currentSla);
  }

  public Future<Boolean> insertSla(String tenantId, SlaSettings s) {
    Document doc = new Document(TENANT_ID, tenantId)
        .append(VERSION, s.version())
        .append(BODY, body(s.input()))
        .append(CREATED_AT, date(s.updatedAt()))
        .append(CREATED_BY, s.updatedBy());
    return insert(sla, doc).onComplete(x -> recentSla.invalidate(tenantId));
  }

  public Future<Optional<Availability>> availability(String tenantId, String userId) {
    return MongoFutures.first(availability
            .find(Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(USER_ID, userId)))
            .limit(1))
        .map(d -> d.map(MongoRoutingSettings::toAvailability));
  }

  /** {@link #availability} as read at most a couple of seconds ago: for starting clocks, never for the API. */
  public Future<Optional<Availability>> recentAvailability(String tenantId, String userId) {
    return recentAvailability.get(List.of(tenantId, userId), key -> availability(tenantId, userId));
  }

  public Future<Map<String, Availability>> availabilities(
      String tenantId, Collection<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return MongoFutures.list(availability.find(
            Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.in(USER_ID, userIds))))
        .map(docs -> {
          Map<String, Availability> out = new HashMap<>();
          docs.forEach(d -> out.put(d.getString(USER_ID), toAvailability(d)));
          return out;
        });
  }

  /** Stores version {@code a.version()} if the stored one is {@code a.version() - 1} (or absent for version 1). */
  public Future<Boolean> saveAvailability(String tenantId, Availability a) {
    Document doc = new Document(TENANT_ID, tenantId)
        .append(USER_ID, a.userId())
        .append(VERSION, a.version())
        .append(BODY, body(a));
    Future<Boolean> saved = a.version() == 1
        ? insert(availability, doc)
        : MongoFutures.one(availability.replaceOne(
                Filters.and(
                    Filters.eq(TENANT_ID, tenantId),
                    Filters.eq(USER_ID, a.userId()),
                    Filters.eq(VERSION, a.version() - 1)),
                doc))
            .map(r -> r.getMatchedCount() == 1);
    return saved.onComplete(x -> recentAvailability.invalidate(List.of(tenantId, a.userId())));
  }

  private static Availability toAvailability(Document d) {
    return fromBody(d.get(BODY, Document.class), Availability.class);
  }

  public Future<List<CursorEntry>> cursors(String tenantId) {
    return MongoFutures.list(cursors.find(Filters.eq(TENANT_ID, tenantId)))
        .map(docs -> docs.stream()
            .map(d -> new CursorEntry(
                d.getString(TEAM_ID), d.getString(LAST_ASSIGNED), d.getLong(VERSION)))
            .toList());
  }

  /** Moves a team's cursor to {@code lastAssigned} if it is still at {@code expected} (null: no cursor yet). */
  public Future<Boolean> advanceCursor(
      String tenantId, String teamId, CursorEntry expected, String lastAssigned) {
    if (expected == null) {
      return insert(
          cursors,
          new Document(TENANT_ID, tenantId)
              .append(TEAM_ID, teamId)
              .append(LAST_ASSIGNED, lastAssigned)
              .append(VERSION, 1L));
    }
    return MongoFutures.one(cursors.updateOne(
            Filters.and(
                Filters.eq(TENANT_ID, tenantId),
                Filters.eq(TEAM_ID, teamId),
                Filters.eq(VERSION, expected.version())),
            new Document(
                "$set",
                new Document(LAST_ASSIGNED, lastAssigned).append(VERSION, expected.version() + 1))))
        .map(r -> r.getMatchedCount() == 1);
  }

  private static Future<Boolean> insert(MongoCollection<Document> collection, Document doc) {
    return MongoFutures.one(collection.insertOne(doc))
        .map(r -> true)
        .recover(e -> isDuplicateKey(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }
}
