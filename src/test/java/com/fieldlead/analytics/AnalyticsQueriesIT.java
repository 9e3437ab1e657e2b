package com.fieldlead.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.activity.ActivityModule;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.SharedMongo;
import com.fieldlead.testing.TestServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * On a real MongoDB (the shared replica set of {@link SharedMongo}; skipped where there is no Docker): every query the
 * analytics reports (the funnel with its times in stage), their CSV downloads, a report after a lead write (which
 * computes the marked day again), a rebuild and the demo seed's marks send to the collections they read is answered through an index. The database profiler records what the
 * server really sent; each read is then explained ({@code explain}, query planner) and its winning plan must scan an
 * index (IXSCAN, COUNT_SCAN, DISTINCT_SCAN, or the {@code _id} index's IDHACK / EXPRESS) and never the collection; each update and delete's
 * profiled plan must not be a collection scan either.
 */
@Testcontainers(disabledWithoutDocker = true)
class AnalyticsQueriesIT {

  static final String DB = "fl_analytics_it";

  /** What the reports and the rollups read and write. */
  static final Set<String> COLLECTIONS = Set.of(
      AnalyticsSchema.DAYS,
      AnalyticsSchema.DIRTY,
      AnalyticsSchema.SETTINGS,
      AnalyticsSchema.EVENT_COSTS,
      LeadFields.LEADS,
      LeadFields.EVENTS,
      LeadFields.SETTINGS,
      ActivityModule.ACTIVITY_COLLECTION,
      "sla_clocks",
      "users",
      "teams");

  static final Set<String> READS = Set.of("find", "aggregate", "count", "distinct");

  @Test
  void everyReportAndTheRebuildReadThroughIndexes() {
    try (TestServer server = TestServer.start(
            Map.of(
                ConfigKey.MONGODB_URI,
                SharedMongo.replicaSetUrl(DB),
                ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS,
                "86400"),
            Clock.systemUTC());
        MongoClient client = MongoClients.create(SharedMongo.connectionString())) {
      Api api = server.api();
      Session admin = AuthFixtures.tenantWithAdmin(server, "Analytics IT");
      String team = AuthFixtures.team(api, admin, "North");
      Session rep = AuthFixtures.user(api, admin, "rep", List.of(team), List.of());
      Session manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(team));
      ok(api.put(
          "/v1/analytics/settings", Map.of("timeZone", "Europe/Berlin"), admin.accessToken()));
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      String event = ok(api.post(
              "/v1/events",
              Map.of(
                  "name",
                  "Expo",
                  "startsOn",
                  today.minusDays(3).toString(),
                  "endsOn",
                  today.minusDays(1).toString(),
                  "timeZone",
                  "Europe/Berlin"),
              admin.accessToken()))
          .json()
          .get("id")
          .asText();
      ok(api.put(
          "/v1/analytics/events/" + event + "/cost",
          Map.of("amount", 500, "currency", "EUR"),
          admin.accessToken()));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lastName", "Lead " + i);
        body.put("ownerId", rep.userId());
        body.put("teamId", team);
        body.put("source", i % 2 == 0 ? "trade_show" : "referral");
        body.put("capturedAt", Instant.now().minusSeconds(3_600L * 7 * i).toString());
        body.put("hotAtCapture", i % 5 == 0);
        if (i % 3 == 0) {
          body.put("eventId", event);
        }
        ids.add(ok(api.post("/v1/leads", body, admin.accessToken()))
            .json()
            .get("id")
            .asText());
      }
      ok(api.post(
          "/v1/leads/" + ids.get(1) + "/activities",
          Map.of("type", "call", "call", Map.of("direction", "outbound", "outcome", "connected")),
          admin.accessToken()));
      ok(api.post("/v1/analytics/rebuild", Map.of(), admin.accessToken()));

      // a tenant without computed days, for the demo seed's marks below
      Session bare = AuthFixtures.tenantWithAdmin(server, "Analytics IT, no days");
      AnalyticsModule analytics = server.server().features().analytics();

      MongoDatabase db = client.getDatabase(DB);
      Date start = new Date();
      db.runCommand(new Document("profile", 2));
      try {
        for (Session who : List.of(admin, manager)) {
          for (String report : List.of(
              "funnel?groupBy=team",
              "conversion?by=event",
              "speed-to-lead?by=rep",
              "trend?interval=week",
              "events",
              "leaderboard",
              "ageing?groupBy=rep",
              "hot-untouched",
              "conversion?by=source&format=csv")) {
            ok(api.get("/v1/analytics/" + report, who.accessToken()));
          }
        }
        // a write marks its capture day; the next report computes that day again first
        ok(api.post(
            "/v1/leads/" + ids.get(2) + "/activities",
            Map.of("type", "call", "call", Map.of("direction", "outbound", "outcome", "connected")),
            admin.accessToken()));
        ok(api.get("/v1/analytics/trend", admin.accessToken()));
        ok(api.post("/v1/analytics/rebuild", Map.of(), admin.accessToken()));
        // the demo seed's marks: whether the tenant has a computed day; for one without, its
        // capture days walked and marked
        Await.onContext(server, () -> analytics.markUnbuiltTenant(admin.tenantId()));
        Await.onContext(server, () -> analytics.markUnbuiltTenant(bare.tenantId()));
      } finally {
        db.runCommand(new Document("profile", 0));
      }

      List<Document> ops =
          db.getCollection("system.profile").find(Filters.gte("ts", start)).into(new ArrayList<>());
      int reads = 0;
      Set<String> readCollections = new TreeSet<>();
      for (Document op : ops) {
        String ns = op.getString("ns");
        String collection = ns == null ? "" : ns.substring(ns.indexOf('.') + 1);
        if (!COLLECTIONS.contains(collection)) {
          continue;
        }
        String summary = String.valueOf(op.get("planSummary"));
        Document command = op.get("command", Document.class);
        String kind = command == null ? "" : command.keySet().iterator().next();
        assertFalse(
            summary.contains("COLLSCAN"),
            () -> "collection scan (profiled) of " + collection + ": " + op.toJson());
        if (READS.contains(kind)) {
          reads++;
          readCollections.add(collection);
          assertIndexed(db, collection, command);
        }
      }
      assertTrue(reads > 0, "the profiler recorded no read: " + ops.size() + " entries");
      assertTrue(
          readCollections.containsAll(
              Set.of(AnalyticsSchema.DAYS, AnalyticsSchema.DIRTY, LeadFields.LEADS)),
          () -> "reads seen on " + readCollections);
    }
  }

  /** Explains {@code command} as sent (without its session fields) and asserts an index answered it. */
  static void assertIndexed(MongoDatabase db, String collection, Document command) {
    Document sent = new Document();
    command.forEach((k, v) -> {
      if (!k.startsWith("$")
          && !Set.of("lsid", "txnNumber", "readConcern", "cursor", "batchSize", "singleBatch")
              .contains(k)) {
        sent.append(k, v);
      }
    });
    if ("aggregate".equals(command.keySet().iterator().next())) {
      sent.append("cursor", new Document());
    }
    Document explain =
        db.runCommand(new Document("explain", sent).append("verbosity", "queryPlanner"));
    String plan = explain.toJson();
    assertTrue(
        plan.contains("IXSCAN")
            || plan.contains("COUNT_SCAN")
            || plan.contains("DISTINCT_SCAN")
            || plan.contains("IDHACK")
            || plan.contains("EXPRESS"),
        () -> collection + ": no index in the plan of " + sent.toJson() + ": " + plan);
    assertFalse(
        plan.contains("COLLSCAN"),
        () -> collection + ": collection scan in the plan of " + sent.toJson() + ": " + plan);
  }

  static Api.Response ok(Api.Response r) {
    assertEquals(true, r.status() >= 200 && r.status() < 300, r::toString);
    return r;
  }
}
