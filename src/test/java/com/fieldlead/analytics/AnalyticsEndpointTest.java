package com.fieldlead.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The analytics reports through the real server, on a small known data set in Europe/Berlin around the start of
 * summer time (2026-03-29, 02:00 CET becomes 03:00 CEST): four leads captured on the evenings of 28 and 29 March, two
 * teams, one event with a cost, calls as first touches, a conversion, a lost lead and a hot lead nobody called.
 */
class AnalyticsEndpointTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-04-02T10:00:00Z"));

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS, "86400"), CLOCK);

  static final String RANGE = "from=2026-03-28&to=2026-03-30";

  private static Api api;
  private static Session admin;
  private static Session manager;
  private static Session repA;
  private static Session repB;
  private static String teamA;
  private static String event;
  private static String l1;
  private static String l2;
  private static String l3;
  private static String l4;
  private static String hot;

  @BeforeAll
  static void data() {
    TestServer server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Analytics");
    teamA = AuthFixtures.team(api, admin, "A");
    String teamB = AuthFixtures.team(api, admin, "B");
    manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(teamA));
    repA = AuthFixtures.user(api, admin, "rep", List.of(teamA), List.of());
    repB = AuthFixtures.user(api, admin, "rep", List.of(teamB), List.of());
    ok(api.put(
        "/v1/analytics/settings",
        Map.of("timeZone", "Europe/Berlin", "weekStartsOn", "monday"),
        admin.accessToken()));
    ok(api.put(
        "/v1/sla/policy",
        map(
            "contactTypes",
            List.of("call", "meeting", "email"),
            "rules",
            List.of(map("id", "hour", "withinMinutes", 60, "clock", "wall"))),
        admin.accessToken()));
    event = ok(api.post(
            "/v1/events",
            map(
                "name",
                "Hannover Messe",
                "startsOn",
                "2026-03-28",
                "endsOn",
                "2026-03-30",
                "timeZone",
                "Europe/Berlin"),
            admin.accessToken()))
        .get("id")
        .asText();
    Map<String, Object> qualified = map(
        "budget",
        "planned",
        "authority",
        "decision_maker",
        "need",
        "high",
        "timeline",
        "immediate",
        "budgetAmount",
        5000);
    // 23:30 CET on 28 March
    l1 = lead("Eins", repA, teamA, "trade_show", event, "2026-03-28T22:30:00Z", qualified);
    // 00:30 CET on 29 March (still 28 March in UTC)
    l2 = lead("Zwei", repA, teamA, "web_form", null, "2026-03-28T23:30:00Z", null);
    // 00:30 CEST on 30 March (still 29 March in UTC)
    l3 = lead(
        "Drei",
        repB,
        teamB,
        "trade_show",
        event,
        "2026-03-29T22:30:00Z",
        map("budget", "none", "budgetAmount", 2000));
    // 23:30 CEST on 29 March
    l4 = lead("Vier", repA, teamA, "trade_show", null, "2026-03-29T21:30:00Z", null);

    call(l1, "2026-03-28T22:40:00Z"); // 600 s, within the hour
    call(l2, "2026-03-29T01:30:00Z"); // 7200 s, late
    call(l3, "2026-03-29T23:00:00Z"); // 1800 s, within the hour
    ok(api.post(
        "/v1/leads/" + l1 + "/convert",
        Map.of("value", 1000, "currency", "EUR"),
        admin.accessToken()));
    patch(l2, Map.of("status", "contacted"));
    patch(l4, Map.of("status", "lost", "statusReason", "Chose a competitor"));
    ok(api.put(
        "/v1/analytics/events/" + event + "/cost",
        Map.of("amount", 300, "currency", "EUR"),
        admin.accessToken()));
    Api.Response h = api.post(
        "/v1/leads",
        map("lastName", "Heiss", "company", "Hot GmbH", "hotAtCapture", true),
        repA.accessToken());
    assertEquals(201, h.status(), h::toString);
    hot = h.json().get("id").asText();
  }

  @Test
  void dailyBucketsFollowBerlinMidnightsAcrossTheStartOfSummerTime() {
    JsonNode t = ok(api.get("/v1/analytics/trend?" + RANGE, admin.accessToken()));
    assertEquals("Europe/Berlin", t.get("timeZone").asText());
    JsonNode b = t.get("buckets");
    assertEquals(3, b.size(), t::toString);
    assertEquals(List.of("2026-03-28", "2026-03-29", "2026-03-30"), texts(b, "start"));
    // 28 March starts at 23:00 UTC the day before (CET), 30 March at 22:00 UTC (CEST): 29 March has
    // 23 hours
    assertEquals(
        List.of("2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"),
        texts(b, "startsAt"));
    assertEquals(List.of(1, 2, 1), ints(b, "captured"));
    assertEquals(List.of(1, 0, 0), ints(b, "qualified"));
    assertEquals(List.of(1, 0, 0), ints(b, "converted"));
    assertEquals(List.of(1, 1, 1), ints(b, "touched"));
  }

  @Test
  void weeklyBucketsStartOnTheTenantsMonday() {
    JsonNode t =
        ok(api.get("/v1/analytics/trend?" + RANGE + "&interval=week", admin.accessToken()));
    JsonNode b = t.get("buckets");
    assertEquals(List.of("2026-03-23", "2026-03-30"), texts(b, "start"));
    assertEquals(List.of(3, 1), ints(b, "captured"));
  }

  @Test
  void theFunnelCountsStatusesNowAndTheFurthestStageEachLeadReached() {
    JsonNode f = ok(api.get("/v1/analytics/funnel?" + RANGE, admin.accessToken()));
    JsonNode g = f.get("groups").get(0);
    assertEquals("all", g.get("key").asText());
    assertEquals(4, g.get("total").asInt());
    Map<String, JsonNode> stages = new HashMap<>();
    g.get("stages").forEach(s -> stages.put(s.get("status").asText(), s));
    assertEquals(1, stages.get("new").get("current").asInt());
    assertEquals(4, stages.get("new").get("reached").asInt());
    assertTrue(stages.get("new").get("conversionFromPrevious") == null
        || stages.get("new").get("conversionFromPrevious").isNull());
    assertEquals(1, stages.get("contacted").get("current").asInt());
    assertEquals(
        2, stages.get("contacted").get("reached").asInt(), "the converted lead is past it");
    assertEquals(0.5, stages.get("contacted").get("conversionFromPrevious").asDouble());
    assertEquals(1, stages.get("converted").get("reached").asInt());
    assertEquals(1.0, stages.get("converted").get("conversionFromPrevious").asDouble());
    assertEquals(1, stages.get("lost").get("current").asInt());
    assertEquals(1, stages.get("lost").get("reached").asInt());

    JsonNode byTeam =
        ok(api.get("/v1/analytics/funnel?" + RANGE + "&groupBy=team", admin.accessToken()));
    Map<String, Integer> totals = new HashMap<>();
    byTeam
        .get("groups")
        .forEach(x -> totals.put(x.get("key").asText(), x.get("total").asInt()));
    assertEquals(3, totals.get(teamA));
  }

  @Test
  void conversionBySourceCountsQualifiedConvertedAndTheirValuePerCurrency() {
    JsonNode c =
        ok(api.get("/v1/analytics/conversion?" + RANGE + "&by=source", admin.accessToken()));
    Map<String, JsonNode> rows = byKey(c.get("rows"));
    JsonNode show = rows.get("trade_show");
    assertEquals(3, show.get("captured").asInt());
    assertEquals(1, show.get("qualified").asInt());
    assertEquals(1, show.get("converted").asInt());
    assertEquals(0.3333, show.get("conversionRate").asDouble());
    assertEquals("EUR", show.get("convertedValue").get(0).get("currency").asText());
    assertEquals(1000, show.get("convertedValue").get(0).get("amount").asInt());
    assertEquals(1, rows.get("web_form").get("captured").asInt());
    assertEquals(0, rows.get("web_form").get("converted").asInt());
    assertEquals(4, c.get("total").get("captured").asInt());
  }

  @Test
  void speedToLeadRunsFromThePhonesCaptureTimeToTheFirstCallPerRepAndWeek() {
    JsonNode s =
        ok(api.get("/v1/analytics/speed-to-lead?" + RANGE + "&by=rep", admin.accessToken()));
    Map<String, JsonNode> reps = byKey(s.get("groups"));
    JsonNode a = reps.get(repA.userId());
    assertEquals("Test rep", a.get("label").asText());
    assertEquals(3, a.get("leads").asInt());
    assertEquals(2, a.get("touched").asInt());
    assertEquals(600, a.get("p50Seconds").asLong());
    assertEquals(7200, a.get("p90Seconds").asLong());
    assertEquals(3, a.get("slaMeasured").asInt(), "the untouched lead is long past due");
    assertEquals(1, a.get("withinSla").asInt());
    assertEquals(0.3333, a.get("withinSlaShare").asDouble());
    JsonNode b = reps.get(repB.userId());
    assertEquals(1800, b.get("p50Seconds").asLong());
    assertEquals(1.0, b.get("withinSlaShare").asDouble());
    assertEquals(3, s.get("overall").get("touched").asInt());
    assertEquals(List.of("2026-03-23", "2026-03-30"), texts(s.get("weekly"), "weekStart"));
    assertEquals(List.of(2, 1), ints(s.get("weekly"), "touched"));
  }

  @Test
  void eventRoiDividesTheEventsCostByItsLeadsAndQualifiedLeads() {
    JsonNode r = ok(api.get("/v1/analytics/events?" + RANGE, admin.accessToken()));
    JsonNode e = byKey(r.get("events"), "eventId").get(event);
    assertEquals("Hannover Messe", e.get("name").asText());
    assertEquals(2, e.get("leads").asInt());
    assertEquals(1, e.get("qualified").asInt());
    assertEquals(1, e.get("converted").asInt());
    assertEquals(300, e.get("cost").get("amount").asInt());
    assertEquals(150.0, e.get("costPerLead").asDouble());
    assertEquals(300.0, e.get("costPerQualifiedLead").asDouble());
    assertEquals(
        2000, e.get("openBudget").asInt(), "the converted lead's budget is no longer open");
    assertEquals(1000, e.get("wonValue").get(0).get("amount").asInt());
  }

  @Test
  void theLeaderboardRanksRepsByConversions() {
    JsonNode l = ok(api.get("/v1/analytics/leaderboard?" + RANGE, admin.accessToken()));
    JsonNode first = l.get("reps").get(0);
    assertEquals(repA.userId(), first.get("ownerId").asText());
    assertEquals(1, first.get("rank").asInt());
    assertEquals(1, first.get("converted").asInt());
    assertEquals(repB.userId(), l.get("reps").get(1).get("ownerId").asText());
  }

  @Test
  void ageingCountsOpenLeadsByBerlinDaysSinceTheirLastTouch() {
    JsonNode a = ok(api.get("/v1/analytics/ageing", admin.accessToken()));
    assertEquals("2026-04-02", a.get("today").asText());
    JsonNode g = a.get("groups").get(0);
    // open: Zwei (called 03:30 on 29 March: 4 days), Drei (called 01:00 on 30 March: 3 days), the
    // hot one (today)
    assertEquals(3, g.get("open").asInt());
    assertEquals(1, g.get("neverTouched").asInt());
    assertEquals(List.of(1, 1, 1, 0, 0, 0), ints(g.get("counts")));
  }

  @Test
  void hotLeadsNobodyTouchedAreListedWithTheirOwner() {
    JsonNode h = ok(api.get("/v1/analytics/hot-untouched", manager.accessToken()));
    assertEquals(1, h.get("items").size(), h::toString);
    JsonNode item = h.get("items").get(0);
    assertEquals(hot, item.get("leadId").asText());
    assertEquals(repA.userId(), item.get("ownerId").asText());
    assertEquals("Test rep", item.get("ownerLabel").asText());
  }

  @Test
  void aManagerSeesTheirTeamsLeadsOnlyAndARepIsRefused() {
    JsonNode t = ok(api.get("/v1/analytics/trend?" + RANGE, manager.accessToken()));
    assertEquals(
        List.of(1, 2, 0), ints(t.get("buckets"), "captured"), "team B's lead is not theirs");
    JsonNode c =
        ok(api.get("/v1/analytics/conversion?" + RANGE + "&by=team", manager.accessToken()));
    assertEquals(List.of(teamA), texts(c.get("rows"), "key"));
    Api.Response rep = api.get("/v1/analytics/funnel?" + RANGE, repA.accessToken());
    assertEquals(403, rep.status(), rep::toString);
    assertTrue(rep.header("Content-Type").startsWith("application/problem+json"));
    assertEquals(403, api.get("/v1/analytics/hot-untouched", repB.accessToken()).status());
    assertEquals(
        403,
        api.put(
                "/v1/analytics/events/" + event + "/cost",
                Map.of("amount", 1, "currency", "EUR"),
                manager.accessToken())
            .status());
  }

  @Test
  void everyReportDownloadsAsCsvByParameterOrAcceptHeader() {
    Api.Response csv = api.get("/v1/analytics/trend?" + RANGE + "&format=csv", admin.accessToken());
    assertEquals(200, csv.status(), csv::toString);
    assertTrue(csv.header("Content-Type").startsWith("text/csv"));
    assertEquals(
        List.of(
            "start,startsAt,captured,qualified,converted,touched",
            "2026-03-28,2026-03-27T23:00:00Z,1,1,1,1",
            "2026-03-29,2026-03-28T23:00:00Z,2,0,0,1",
            "2026-03-30,2026-03-29T22:00:00Z,1,0,0,1"),
        csv.text().lines().toList());
    Api.Response accept = api.send(
        HttpRequest.newBuilder(URI.create(api.base() + "/v1/analytics/conversion?" + RANGE))
            .GET(),
        admin.accessToken(),
        Map.of("Accept", "text/csv"));
    assertEquals(200, accept.status());
    assertTrue(
        accept.text().contains("trade_show,trade_show,3,1,1,0.3333,0.3333,\"EUR 1000\""),
        accept.text());
    for (String report :
        List.of("funnel", "speed-to-lead", "events", "leaderboard", "ageing", "hot-untouched")) {
      Api.Response r = api.get("/v1/analytics/" + report + "?format=csv", admin.accessToken());
      assertEquals(200, r.status(), () -> report + ": " + r);
      assertTrue(r.header("Content-Type").startsWith("text/csv"), report);
      assertTrue(r.text().lines().count() >= 2, () -> report + ": " + r.text());
    }
  }

  @Test
  void badRangesAndParametersAnswer400ProblemsAndUnknownEventsAnswer404() {
    Api.Response reversed =
        api.get("/v1/analytics/funnel?from=2026-03-30&to=2026-03-28", admin.accessToken());
    assertEquals(400, reversed.status(), reversed::toString);
    assertTrue(reversed.header("Content-Type").startsWith("application/problem+json"));
    assertTrue(reversed.text().contains("query.to"), reversed::toString);
    Api.Response tooLong =
        api.get("/v1/analytics/trend?from=2024-01-01&to=2026-03-28", admin.accessToken());
    assertEquals(400, tooLong.status(), tooLong::toString);
    assertEquals(
        400, api.get("/v1/analytics/trend?from=yesterday", admin.accessToken()).status());
    assertEquals(
        400, api.get("/v1/analytics/conversion?by=colour", admin.accessToken()).status());
    assertEquals(
        400,
        api.put("/v1/analytics/settings", Map.of("timeZone", "Mars/Olympus"), admin.accessToken())
            .status());
    assertEquals(
        400,
        api.put(
                "/v1/analytics/events/" + event + "/cost",
                Map.of("amount", -5, "currency", "EUR"),
                admin.accessToken())
            .status());
    assertEquals(
        404,
        api.put(
                "/v1/analytics/events/no-such-event/cost",
                Map.of("amount", 5, "currency", "EUR"),
                admin.accessToken())
            .status());
  }

  @Test
  void aRebuildGivesTheSameFiguresAsTheRollupsKeptCurrent() {
    JsonNode before = ok(api.get("/v1/analytics/conversion?" + RANGE, admin.accessToken()));
    JsonNode rebuilt = ok(api.post("/v1/analytics/rebuild", Map.of(), admin.accessToken()));
    assertTrue(rebuilt.get("leads").asInt() >= 4, rebuilt::toString);
    JsonNode after = ok(api.get("/v1/analytics/conversion?" + RANGE, admin.accessToken()));
    assertEquals(before.get("rows"), after.get("rows"));
  }

  // ---- helpers

  static String lead(
      String name,
      Session owner,
      String team,
      String source,
      String eventId,
      String capturedAt,
      Map<String, Object> bant) {
    Map<String, Object> body = map(
        "lastName",
        name,
        "ownerId",
        owner.userId(),
        "teamId",
        team,
        "source",
        source,
        "capturedAt",
        capturedAt);
    if (eventId != null) {
      body.put("eventId", eventId);
    }
    if (bant != null) {
      body.put("bant", bant);
    }
    return ok(api.post("/v1/leads", body, admin.accessToken())).get("id").asText();
  }

  static void call(String leadId, String at) {
    Api.Response r = api.post(
        "/v1/leads/" + leadId + "/activities",
        map(
            "type",
            "call",
            "occurredAt",
            at,
            "call",
            map("direction", "outbound", "outcome", "connected")),
        admin.accessToken());
    assertEquals(201, r.status(), r::toString);
  }

  static void patch(String leadId, Map<String, Object> body) {
    JsonNode lead = ok(api.get("/v1/leads/" + leadId, admin.accessToken()));
    Api.Response r = api.patch(
        "/v1/leads/" + leadId,
        body,
        admin.accessToken(),
        Map.of("If-Match", "\"" + lead.get("version").asLong() + "\""));
    assertEquals(200, r.status(), r::toString);
  }

  static JsonNode ok(Api.Response r) {
    assertTrue(r.status() >= 200 && r.status() < 300, r::toString);
    return r.json();
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Map<String, JsonNode> byKey(JsonNode array) {
    return byKey(array, "key");
  }

  static Map<String, JsonNode> byKey(JsonNode array, String field) {
    Map<String, JsonNode> out = new HashMap<>();
    array.forEach(n -> out.put(n.get(field).asText(), n));
    return out;
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  static List<Integer> ints(JsonNode array, String field) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asInt()));
    return out;
  }

  static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
