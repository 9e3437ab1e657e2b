package com.fieldlead.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.store.embedded.KvBackend;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scan detector: a trade-show day of the demo tenant, through the API as phones, managers and admins use it
 * (captures at a shared event with routing, SLA clocks, scoring and hot-lead alerts; the sync cycle with edits,
 * deletes, conflicts and rejections; photos and voice notes on leads, pulled as records; lead lists, search, segments, history, assignments, activities, tasks and
 * reminders, cadences, merges, conversions, imports; rules changes that rescore and requeue; every background job),
 * and not one query, count, distinct or aggregation of it reads a whole collection on the embedded store. A query
 * the store's planner cannot narrow fails this test with its shape; the fix is an index or a query shape that uses
 * one (a kept summary where nothing else serves), never a tolerated scan.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NoCollectionScansTest {

  private static final String PASSWORD = "demo-password";
  private static final String EXPO = "demo-expo";

  @Test
  void aTradeShowDayOfWorkReadsEveryCollectionThroughItsIndexes() throws Exception {
    try (TestServer server = TestServer.start(
        Map.of(
            ConfigKey.FIELDLEAD_DEMO,
            "true",
            ConfigKey.FIELDLEAD_PUSH_POLL_MS,
            "50",
            ConfigKey.FIELDLEAD_REMINDER_SCAN_MS,
            "200"),
        Clock.systemUTC())) {
      Map<String, Long> before = KvBackend.fullScanShapes();
      new Day(server).run();
      Map<String, Long> scans = new TreeMap<>();
      KvBackend.fullScanShapes().forEach((shape, n) -> {
        long delta = n - before.getOrDefault(shape, 0L);
        if (delta > 0 && !shape.startsWith("system.")) {
          scans.put(shape, delta);
        }
      });
      assertEquals(
          Map.of(), scans, "queries that read a whole collection (collection, query shape: count)");
    }
  }

  /** The day's work, as the demo tenant's people do it. */
  private static final class Day {
    private final TestServer server;
    private final Api api;
    private final Session admin;
    private final Session manager;
    private final Session rep1;
    private final Session rep2;
    private final Session booth;
    private final Map<String, Long> versions = new HashMap<>();
    private int cmid;

    Day(TestServer server) {
      this.server = server;
      this.api = server.api();
      admin = AuthFixtures.login(api, "admin@demo.test", PASSWORD);
      manager = AuthFixtures.login(api, "manager@demo.test", PASSWORD);
      rep1 = AuthFixtures.login(api, "rep1@demo.test", PASSWORD);
      rep2 = AuthFixtures.login(api, "rep2@demo.test", PASSWORD);
      booth = AuthFixtures.login(api, "booth@demo.test", PASSWORD);
    }

    void run() throws Exception {
      String phone1 = device(rep1, "fcm-rep1");
      String phone2 = device(rep2, "fcm-rep2");
      String boothPhone = device(booth, "fcm-booth");
      device(manager, "fcm-manager");
      ok(api.put(
          "/v1/me/notification-preferences", Map.of("digestTime", "07:30"), manager.accessToken()));

      // first syncs, then captures at the shared event: routed, clocked, scored, alerted
      String cp1 = pullAll(rep1, phone1, null);
      String cp2 = pullAll(rep2, phone2, null);
      List<String> captured = new ArrayList<>();
      push(rep1, phone1, captures(60, captured, null));
      push(booth, boothPhone, captures(30, captured, null));
      push(rep2, phone2, captures(10, captured, rep2.userId()));
      cp1 = pullAll(rep1, phone1, cp1);
      cp2 = pullAll(rep2, phone2, cp2);
      pullAll(rep1, phone1, cp1); // nothing new

      // edits on the phones: fields, a status change, a delete, a same-field conflict, a rejection;
      // an activity and a
      // task pushed after their lead
      List<Map<String, Object>> edits = new ArrayList<>();
      for (String id : captured.subList(0, 20)) {
        edits.add(update(id, Map.of("title", "VP Operations")));
      }
      edits.add(update(captured.get(20), Map.of("status", "contacted")));
      edits.add(mutation("lead", captured.get(21), "delete", versions.get(captured.get(21)), null));
      edits.add(
          update(captured.get(22), Map.of("score", 99))); // server-owned: rejected, kept for review
      edits.add(mutation(
          "activity",
          UUID.randomUUID().toString(),
          "create",
          null,
          Map.of(
              "leadId",
              captured.get(0),
              "type",
              "call",
              "occurredAt",
              Instant.now().toString(),
              "call",
              Map.of("direction", "outbound", "outcome", "connected"))));
      edits.add(mutation(
          "task",
          UUID.randomUUID().toString(),
          "create",
          null,
          Map.of(
              "leadId",
              captured.get(1),
              "title",
              "Send the quote",
              "dueAt",
              Instant.now().plus(Duration.ofMinutes(3)).toString(),
              "remindBefore",
              5)));
      push(rep1, phone1, edits);
      Map<String, Object> mine = update(captured.get(2), Map.of("title", "Head of Fleet"));
      Map<String, Object> theirs = update(captured.get(2), Map.of("title", "Fleet Director"));
      push(rep1, phone1, List.of(mine));
      push(rep2, phone2, List.of(theirs));
      cp1 = pullAll(rep1, phone1, cp1);
      cp2 = pullAll(rep2, phone2, cp2);
      pullAll(manager, device(manager, "fcm-manager-2"), null);

      // the conflict and rejection inboxes
      JsonNode conflicts = ok(api.get("/v1/sync/conflicts", rep2.accessToken()));
      for (JsonNode c : conflicts.path("items")) {
        ok(api.post(
            "/v1/sync/conflicts/" + c.get("id").asText() + "/resolve",
            Map.of("keep", "mine"),
            rep2.accessToken()));
      }
      ok(api.get("/v1/sync/conflicts", manager.accessToken()));
      JsonNode rejections = ok(api.get("/v1/sync/rejections", rep1.accessToken()));
      for (JsonNode r : rejections.path("items")) {
        ok(api.post(
            "/v1/sync/rejections/" + r.get("id").asText() + "/dismiss",
            Map.of(),
            rep1.accessToken()));
      }
      ok(api.get("/v1/sync/rejections", manager.accessToken()));
      ok(api.get("/v1/sync/devices?staleFor=PT24H", manager.accessToken()));
      ok(api.get("/v1/sync/devices", admin.accessToken()));

      // lead lists as reps and managers page through them
      for (Session s : List.of(rep1, manager, admin, booth)) {
        ok(api.get("/v1/leads?limit=20", s.accessToken()));
        ok(api.get(
            "/v1/leads?eventId=" + EXPO + "&sort=-score&limit=20&total=true", s.accessToken()));
      }
      JsonNode page =
          ok(api.get("/v1/leads?status=new&sort=-createdAt&limit=10", manager.accessToken()));
      if (page.hasNonNull("nextCursor")) {
        ok(api.get(
            "/v1/leads?status=new&sort=-createdAt&limit=10&cursor="
                + page.get("nextCursor").asText(),
            manager.accessToken()));
      }
      for (String q : List.of(
          "ownerId=" + rep1.userId(),
          "temperature=hot",
          "q=mue",
          "q=nordwind",
          "source=trade_show&sort=lastName",
          "tags=expo-2026&sort=company",
          "capturedFrom=" + Instant.now().minus(Duration.ofHours(1)) + "&sort=-capturedAt",
          "sort=-updatedAt",
          "teamId=" + teamOf(rep1),
          "campaign=expo-booth-2026",
          "unassigned=true&sort=-createdAt",
          "temperature=hot&status=new,contacted&sort=-score")) {
        ok(api.get("/v1/leads?" + q + "&limit=25", manager.accessToken()));
      }
      // a CRM bridge upserts by its own id, then finds the lead in lists by it
      ok(api.put(
          "/v1/leads/by-external-id/hubspot/5012",
          Map.of("firstName", "Ana", "lastName", "Souza", "ownerId", rep1.userId()),
          admin.accessToken()));
      for (Session s : List.of(rep1, manager, admin, booth)) {
        ok(api.get("/v1/leads?externalId=hubspot:5012&limit=20", s.accessToken()));
        ok(api.get("/v1/leads?externalId=hubspot:5012&sort=-score&total=true", s.accessToken()));
      }
      String lead = captured.get(3);
      ok(api.get("/v1/leads/" + lead, rep1.accessToken()));
      ok(api.get("/v1/leads/" + lead + "/history", rep1.accessToken()));
      ok(api.get("/v1/leads/" + lead + "/assignments", manager.accessToken()));
      ok(api.get("/v1/leads/" + lead + "/activities", rep1.accessToken()));

      // the rep works a lead: a call (stops the speed-to-lead clock), a follow-up with a reminder,
      // a cadence
      ok(api.post(
          "/v1/leads/" + lead + "/activities",
          Map.of(
              "type",
              "call",
              "call",
              Map.of("direction", "outbound", "outcome", "connected", "summary", "Booked a demo")),
          ownerToken(lead)));
      ok(api.post(
          "/v1/tasks",
          Map.of(
              "title",
              "Demo prep",
              "leadId",
              lead,
              "dueAt",
              Instant.now().plus(Duration.ofMinutes(2)).toString(),
              "remindBefore",
              5),
          ownerToken(lead)));
      for (String view : List.of("today", "overdue", "upcoming")) {
        ok(api.get("/v1/tasks/mine?view=" + view, rep1.accessToken()));
      }
      ok(api.get("/v1/tasks", manager.accessToken()));
      ok(api.get("/v1/tasks?leadId=" + lead, manager.accessToken()));
      JsonNode cadence = ok(api.post(
          "/v1/cadences",
          Map.of(
              "name",
              "Expo follow-up",
              "steps",
              List.of(
                  Map.of(
                      "dayOffset", 1, "localTime", "09:00", "action", "call", "title", "Call back"),
                  Map.of(
                      "dayOffset",
                      3,
                      "localTime",
                      "10:00",
                      "action",
                      "email",
                      "title",
                      "Send the case study"))),
          manager.accessToken()));
      ok(api.post(
          "/v1/leads/" + captured.get(4) + "/cadences",
          Map.of("cadenceId", cadence.get("id").asText()),
          manager.accessToken()));
      ok(api.get("/v1/leads/" + captured.get(4) + "/cadences", manager.accessToken()));
      // a capture of someone who opted out of marketing: the cadence listener looks its lead up
      ok(api.post(
          "/v1/leads",
          Map.of(
              "lastName",
              "Unsubscribed",
              "consents",
              List.of(Map.of(
                  "purpose",
                  "marketing",
                  "granted",
                  false,
                  "at",
                  "2026-11-20T08:30:00Z",
                  "method",
                  "email",
                  "textVersion",
                  "unsubscribe-v1"))),
          rep1.accessToken()));

      // photos and voice notes: on the lead about to be reassigned, on one about to be merged away,
      // one of them deleted; the phones pull their records (reassignment and merge re-stamp them)
      String photo = attach(captured.get(5), "booth_photo", "image/png", png());
      attach(captured.get(7), "business_card", "image/png", png());
      String note = attach(captured.get(5), "voice_note", "audio/ogg", ogg());
      ok(api.get("/v1/leads/" + captured.get(5) + "/attachments", rep1.accessToken()));
      assertEquals(
          200,
          api.get(
                  "/v1/leads/" + captured.get(5) + "/attachments/" + photo + "/thumbnail",
                  admin.accessToken())
              .status());
      ok(api.delete("/v1/leads/" + captured.get(5) + "/attachments/" + note, admin.accessToken()));
      cp1 = pullAll(rep1, phone1, cp1);

      // managers: reassign, SLA, segments, notifications
      ok(api.post(
          "/v1/leads/" + captured.get(5) + "/assign",
          Map.of("ownerId", rep2.userId(), "reason", "speaks German"),
          manager.accessToken()));
      for (String groupBy : List.of("rep", "team", "event", "source")) {
        ok(api.get("/v1/sla/compliance?groupBy=" + groupBy, manager.accessToken()));
      }
      ok(api.get("/v1/sla/open", manager.accessToken()));
      ok(api.get("/v1/sla/open?dueWithinMinutes=1440", admin.accessToken()));
      // analytics: every report (rollups read by day range, marked days computed again), a rebuild
      for (String report : List.of(
          "funnel?groupBy=event",
          "conversion?by=rep",
          "speed-to-lead",
          "trend?interval=week",
          "events",
          "leaderboard",
          "ageing?groupBy=rep",
          "hot-untouched")) {
        ok(api.get("/v1/analytics/" + report, manager.accessToken()));
      }
      ok(api.post("/v1/analytics/rebuild", Map.of(), admin.accessToken()));
      JsonNode segment = ok(api.post(
          "/v1/segments",
          Map.of(
              "name",
              "Hot at the expo",
              "shared",
              true,
              "filter",
              Map.of("eventId", EXPO, "temperature", "hot"),
              "sort",
              "-score"),
          manager.accessToken()));
      ok(api.get("/v1/segments/" + segment.get("id").asText() + "/count", manager.accessToken()));
      ok(api.get("/v1/segments", rep1.accessToken()));
      JsonNode inbox = ok(api.get("/v1/notifications", manager.accessToken()));
      for (JsonNode n : inbox.path("items")) {
        ok(api.post(
            "/v1/notifications/" + n.get("id").asText() + "/read",
            Map.of(),
            manager.accessToken()));
        break;
      }
      ok(api.get("/v1/devices", manager.accessToken()));

      // admins: rules that rescore and requeue, availability with capacity, an import, a merge, a
      // conversion
      ok(api.put(
          "/v1/users/" + rep1.userId() + "/availability",
          Map.of("timeZone", "Europe/Berlin", "maxOpenLeads", 5000),
          admin.accessToken()));
      ok(api.put(
          "/v1/routing/rules",
          Map.of(
              "fallbackQueue",
              "unassigned",
              "rules",
              List.of(
                  Map.of(
                      "type",
                      "event",
                      "id",
                      "expo-capturer",
                      "eventIds",
                      List.of(EXPO),
                      "mode",
                      "capturing_rep"),
                  Map.of("type", "capacity", "id", "cap", "maxOpenLeads", 5000),
                  Map.of("type", "round_robin", "id", "rr", "teamId", "*"))),
          admin.accessToken()));
      JsonNode scoring = ok(api.get("/v1/scoring/rules", admin.accessToken()));
      ok(api.put("/v1/scoring/rules", scoringInput(scoring), admin.accessToken()));
      ok(api.get("/v1/scoring/rules/versions", manager.accessToken()));
      JsonNode sla = ok(api.get("/v1/sla/policy", admin.accessToken()));
      ok(api.put(
          "/v1/sla/policy",
          Map.of(
              "rules",
              sla.get("rules"),
              "contactTypes",
              sla.get("contactTypes"),
              "reassignOnBreach",
              true),
          admin.accessToken()));
      push(rep1, phone1, captures(10, captured, null)); // routed by the new rules
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rows.add(Map.of(
            "lastName",
            "Imported " + i,
            "company",
            "Import Co",
            "email",
            "import" + i + "@import.example",
            "source",
            "import"));
      }
      ok(api.post("/v1/leads/import", Map.of("leads", rows), admin.accessToken()));
      ok(api.post(
          "/v1/leads/" + captured.get(6) + "/merge",
          Map.of("otherId", captured.get(7)),
          manager.accessToken()));
      ok(api.post(
          "/v1/leads/" + captured.get(8) + "/convert",
          Map.of(
              "value",
              12000,
              "currency",
              "EUR",
              "account",
              Map.of("name", "Nordwind Logistik GmbH")),
          manager.accessToken()));
      ok(api.post(
          "/v1/events",
          Map.of(
              "id",
              "expo-2",
              "name",
              "Second Expo",
              "startsOn",
              LocalDate.now(ZoneOffset.UTC).toString(),
              "endsOn",
              LocalDate.now(ZoneOffset.UTC).plusDays(1).toString(),
              "timeZone",
              "Europe/Berlin"),
          manager.accessToken()));
      ok(api.get("/v1/events", rep1.accessToken()));
      ok(api.get("/v1/qualifier-questions?eventId=" + EXPO, rep1.accessToken()));
      ok(api.get("/v1/lead-settings", rep1.accessToken()));
      ok(api.get("/v1/users", manager.accessToken()));
      ok(api.get("/v1/teams", manager.accessToken()));
      ok(api.get("/v1/me", rep1.accessToken()));

      // phones catch up on everything, then every background job runs and the outbox drains
      pullAll(rep1, phone1, cp1);
      pullAll(rep2, phone2, cp2);
      pullAll(booth, boothPhone, null);
      for (int round = 0; round < 2; round++) {
        for (String job : server.server().features().jobs().names()) {
          Await.onContext(server, () -> server.server().features().jobs().tick(job));
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && unsent() > 0) {
        Thread.onSpinWait();
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertEquals(0, unsent(), "the outbox drained");
      ok(api.get("/v1/notifications", rep1.accessToken()));
    }

    private long unsent() {
      JsonNode inbox = ok(api.get("/v1/notifications?limit=200", manager.accessToken()));
      long n = 0;
      for (JsonNode item : inbox.path("items")) {
        if (item.path("status").asText().equals("pending")) {
          n++;
        }
      }
      return n;
    }

    /** Uploads a new attachment as the admin (who sees every lead); answers its id. */
    private String attach(String leadId, String kind, String type, byte[] bytes) {
      String id = UUID.randomUUID().toString();
      ok(api.send(
          HttpRequest.newBuilder(URI.create(
                  api.base() + "/v1/leads/" + leadId + "/attachments/" + id + "?kind=" + kind))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
          admin.accessToken(),
          Map.of("Content-Type", type)));
      return id;
    }

    private static byte[] png() {
      BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        assertTrue(ImageIO.write(img, "png", out));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    private static byte[] ogg() {
      byte[] b = new byte[800];
      System.arraycopy("OggS".getBytes(), 0, b, 0, 4);
      return b;
    }

    private String teamOf(Session s) {
      return ok(api.get("/v1/me", s.accessToken()))
          .path("teams")
          .path(0)
          .path("id")
          .asText();
    }

    private String ownerToken(String leadId) {
      String owner = ok(api.get("/v1/leads/" + leadId, admin.accessToken()))
          .path("ownerId")
          .asText();
      for (Session s : List.of(rep1, rep2, manager)) {
        if (s.userId().equals(owner)) {
          return s.accessToken();
        }
      }
      return manager.accessToken();
    }

    private static Map<String, Object> scoringInput(JsonNode view) {
      Map<String, Object> in = new LinkedHashMap<>();
      view.fields().forEachRemaining(e -> {
        if (!List.of("version", "isDefault", "updatedAt", "updatedBy").contains(e.getKey())) {
          in.put(e.getKey(), e.getValue());
        }
      });
      return in;
    }

    private String device(Session s, String fcmToken) {
      JsonNode d = ok(api.post(
          "/v1/devices",
          Map.of(
              "id",
              UUID.randomUUID().toString(),
              "platform",
              "android",
              "appVersion",
              "2.0.0",
              "syncProtocolVersion",
              1,
              "fcmToken",
              fcmToken + "-" + UUID.randomUUID()),
          s.accessToken()));
      return d.get("id").asText();
    }

    private List<Map<String, Object>> captures(int n, List<String> ids, String ownerId) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("firstName", "Jonas");
        lead.put("lastName", "Müller " + ids.size());
        lead.put("email", "jonas" + ids.size() + "@nordwind.example");
        lead.put("company", "Nordwind Logistik GmbH");
        lead.put("title", i % 3 == 0 ? "Managing Director" : "Dispatcher");
        lead.put("country", "DE");
        lead.put("source", "trade_show");
        lead.put("campaign", "expo-booth-2026");
        lead.put("eventId", EXPO);
        lead.put("captureMethod", "badge_scan");
        lead.put("capturedAt", Instant.now().minus(Duration.ofMinutes(5)).toString());
        lead.put("tags", List.of("expo-2026"));
        lead.put(
            "bant",
            i % 4 == 0
                ? Map.of(
                    "budget",
                    "approved",
                    "authority",
                    "decision_maker",
                    "need",
                    "high",
                    "timeline",
                    "immediate")
                : Map.of("need", "medium"));
        if (ownerId != null) {
          lead.put("ownerId", ownerId);
        }
        out.add(mutation("lead", id, "create", null, lead));
      }
      return out;
    }

    private Map<String, Object> update(String id, Map<String, Object> changes) {
      return mutation("lead", id, "update", versions.getOrDefault(id, 1L), changes);
    }

    private Map<String, Object> mutation(
        String type, String id, String op, Long base, Map<String, Object> changes) {
      Map<String, Object> m = new HashMap<>();
      m.put("clientMutationId", "m" + (++cmid));
      m.put("entityType", type);
      m.put("entityId", id);
      m.put("op", op);
      if (base != null) {
        m.put("baseVersion", base);
      }
      if (changes != null) {
        m.put("changes", changes);
      }
      return m;
    }

    private void push(Session s, String device, List<Map<String, Object>> mutations) {
      JsonNode r = ok(api.post(
          "/v1/sync/push",
          Map.of("protocolVersion", 1, "deviceId", device, "mutations", mutations),
          s.accessToken()));
      for (JsonNode result : r.path("results")) {
        if (result.hasNonNull("version")
            && "lead".equals(result.path("entityType").asText())) {
          versions.put(result.get("entityId").asText(), result.get("version").asLong());
        }
      }
    }

    private String pullAll(Session s, String device, String checkpoint) {
      String cp = checkpoint;
      for (int pages = 0; pages < 100; pages++) {
        Map<String, Object> body =
            new HashMap<>(Map.of("protocolVersion", 1, "deviceId", device, "limit", 50));
        if (cp != null) {
          body.put("checkpoint", cp);
        }
        JsonNode page = ok(api.post("/v1/sync/pull", body, s.accessToken()));
        for (JsonNode c : page.path("changes")) {
          if (c.path("entityType").asText().equals("lead") && c.hasNonNull("version")) {
            versions.merge(c.get("entityId").asText(), c.get("version").asLong(), Math::max);
          }
        }
        cp = page.get("checkpoint").asText();
        if (!page.get("hasMore").asBoolean()) {
          return cp;
        }
      }
      throw new AssertionError("the pull did not end");
    }

    private static JsonNode ok(Api.Response r) {
      assertTrue(r.status() >= 200 && r.status() < 300, () -> "expected a 2xx: " + r);
      return r.text().isEmpty() ? NullNode.getInstance() : r.json();
    }
  }
}
