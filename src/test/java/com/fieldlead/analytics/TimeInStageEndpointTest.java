package com.fieldlead.analytics;

import static com.fieldlead.analytics.AnalyticsEndpointTest.byKey;
import static com.fieldlead.analytics.AnalyticsEndpointTest.map;
import static com.fieldlead.analytics.AnalyticsEndpointTest.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.store.Migration;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The funnel's time in stage through the real server: four leads captured on 4 May 2026 (UTC) move through their
 * statuses through the API while a {@link MutableClock} moves on, and the funnel answers the median and 90th
 * percentile of the stays that ended, per status, per grouping, for what the caller sees, in JSON and CSV, the same
 * after a rebuild.
 *
 * <pre>
 *   one   (rep A, team A, trade show): new 600 s, contacted 82,800 s, now qualified
 *   two   (rep A, team A, web form):   new 7,200 s, now contacted
 *   three (rep B, team B, trade show): new 10,800 s, contacted 7,200 s, now lost
 *   four  (rep A, team A, referral):   now new (since capture: not counted)
 * </pre>
 */
class TimeInStageEndpointTest {

  static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
  static final MutableClock CLOCK = new MutableClock(T0);

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS, "86400"), CLOCK);

  static final String RANGE = "from=2026-05-04&to=2026-05-04";

  private static Api api;
  private static Session admin;
  private static Session manager;
  private static Session repA;
  private static Session repB;
  private static String teamA;
  private static String teamB;

  @BeforeAll
  static void data() {
    TestServer server = SERVER.get();
    api = server.api();
    admin = AuthFixtures.tenantWithAdmin(server, "Time in stage");
    teamA = AuthFixtures.team(api, admin, "A");
    teamB = AuthFixtures.team(api, admin, "B");
    manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(teamA));
    repA = AuthFixtures.user(api, admin, "rep", List.of(teamA), List.of());
    repB = AuthFixtures.user(api, admin, "rep", List.of(teamB), List.of());
    String one = lead("One", repA, teamA, "trade_show");
    String two = lead("Two", repA, teamA, "web_form");
    String three = lead("Three", repB, teamB, "trade_show");
    lead("Four", repA, teamA, "referral");
    at("2026-05-04T08:10:00Z");
    status(one, "contacted");
    at("2026-05-04T10:00:00Z");
    status(two, "contacted");
    at("2026-05-04T11:00:00Z");
    status(three, "contacted");
    at("2026-05-04T13:00:00Z");
    status(three, "lost");
    at("2026-05-05T07:10:00Z");
    status(one, "qualified");
    // within the day the tokens live
    at("2026-05-05T07:30:00Z");
  }

  @Test
  void theFunnelReadsTheMedianAndP90OfEachStatusFromTheStaysThatEnded() {
    Map<String, JsonNode> s =
        stages(ok(api.get("/v1/analytics/funnel?" + RANGE, admin.accessToken()))
            .get("groups")
            .get(0));
    // new: 600, 7,200 and 10,800 s; the fourth lead is still new
    assertTime(s.get("new"), 3, 7_200, 10_800);
    assertEquals(1, s.get("new").get("current").asInt());
    // contacted: 7,200 and 82,800 s; the second lead is still contacted
    assertTime(s.get("contacted"), 2, 7_200, 82_800);
    assertTime(s.get("qualified"), 0, null, null);
    assertTime(s.get("lost"), 0, null, null);
  }

  @Test
  void eachGroupHasTheTimesOfItsOwnLeads() {
    Map<String, JsonNode> teams =
        byKey(ok(api.get("/v1/analytics/funnel?" + RANGE + "&groupBy=team", admin.accessToken()))
            .get("groups"));
    assertTime(stages(teams.get(teamA)).get("new"), 2, 600, 7_200);
    assertTime(stages(teams.get(teamA)).get("contacted"), 1, 82_800, 82_800);
    assertTime(stages(teams.get(teamB)).get("new"), 1, 10_800, 10_800);
    assertTime(stages(teams.get(teamB)).get("contacted"), 1, 7_200, 7_200);

    Map<String, JsonNode> reps =
        byKey(ok(api.get("/v1/analytics/funnel?" + RANGE + "&groupBy=rep", admin.accessToken()))
            .get("groups"));
    assertTime(stages(reps.get(repA.userId())).get("new"), 2, 600, 7_200);
    assertTime(stages(reps.get(repB.userId())).get("contacted"), 1, 7_200, 7_200);

    Map<String, JsonNode> sources =
        byKey(ok(api.get("/v1/analytics/funnel?" + RANGE + "&groupBy=source", admin.accessToken()))
            .get("groups"));
    assertTime(stages(sources.get("trade_show")).get("new"), 2, 600, 10_800);
    assertTime(stages(sources.get("trade_show")).get("contacted"), 2, 7_200, 82_800);
    assertTime(stages(sources.get("web_form")).get("new"), 1, 7_200, 7_200);
    assertTime(stages(sources.get("referral")).get("new"), 0, null, null);

    // a filter narrows the cells the histograms are added from
    Map<String, JsonNode> filtered = stages(ok(api.get(
            "/v1/analytics/funnel?" + RANGE + "&source=trade_show&team=" + teamB,
            admin.accessToken()))
        .get("groups")
        .get(0));
    assertTime(filtered.get("new"), 1, 10_800, 10_800);
  }

  @Test
  void aManagerGetsTheTimesOfTheirTeamsLeadsOnly() {
    JsonNode f = ok(api.get("/v1/analytics/funnel?" + RANGE, manager.accessToken()));
    Map<String, JsonNode> s = stages(f.get("groups").get(0));
    assertEquals(3, f.get("groups").get(0).get("total").asInt(), "team B's lead is not theirs");
    assertTime(s.get("new"), 2, 600, 7_200);
    assertTime(s.get("contacted"), 1, 82_800, 82_800);
    JsonNode byTeam =
        ok(api.get("/v1/analytics/funnel?" + RANGE + "&groupBy=team", manager.accessToken()));
    assertEquals(1, byTeam.get("groups").size(), byTeam::toString);
    assertEquals(teamA, byTeam.get("groups").get(0).get("key").asText());
    assertEquals(
        403, api.get("/v1/analytics/funnel?" + RANGE, repA.accessToken()).status());
  }

  @Test
  void theCsvHasTheTimeInStageColumns() {
    Api.Response csv =
        api.get("/v1/analytics/funnel?" + RANGE + "&format=csv", admin.accessToken());
    assertEquals(200, csv.status(), csv::toString);
    List<String> lines = csv.text().lines().toList();
    assertEquals(
        "group,groupLabel,status,statusLabel,meaning,current,reached,conversionFromPrevious,"
            + "exits,p50Seconds,p90Seconds",
        lines.get(0));
    assertTrue(
        lines.contains("all,\"All leads\",new,New,open,1,4,,3," + read(7_200) + "," + read(10_800)),
        csv::text);
    assertTrue(
        lines.contains("all,\"All leads\",contacted,Contacted,open,1,3,0.75,2," + read(7_200) + ","
            + read(82_800)),
        csv::text);
    assertTrue(
        lines.contains("all,\"All leads\",qualified,Qualified,open,1,1,0.3333,0,,"), csv::text);
  }

  @Test
  void aRebuildFillsTheSameTimesAndComputingADayAgainStoresTheSameCells() {
    JsonNode before =
        ok(api.get("/v1/analytics/funnel?" + RANGE + "&groupBy=team", admin.accessToken()));
    byte[] stored = storedDay();
    ok(api.post("/v1/analytics/rebuild", Map.of(), admin.accessToken()));
    byte[] rebuilt = storedDay();
    assertArrayEquals(stored, rebuilt, "the rebuild computed the day's cells to the same bytes");
    ok(api.post("/v1/analytics/rebuild", Map.of(), admin.accessToken()));
    assertArrayEquals(rebuilt, storedDay(), "and again");
    JsonNode after =
        ok(api.get("/v1/analytics/funnel?" + RANGE + "&groupBy=team", admin.accessToken()));
    assertEquals(before.get("groups"), after.get("groups"));
  }

  @Test
  void aDayStoredByTheReleaseBeforeGetsItsTimesFromSchemaStep4() {
    JsonNode before = ok(api.get("/v1/analytics/funnel?" + RANGE, admin.accessToken()));
    // the day as the release before stored it: its cells, without the times in stage after them
    LocalDate day = LocalDate.of(2026, 5, 4);
    List<Cell> cells = CellCodec.decode(day, storedDay());
    cells.forEach(c -> c.tally().stageTimes.clear());
    byte[] old = CellCodec.encode(cells);
    storeDay(Arrays.copyOf(old, old.length - 1));
    Map<String, JsonNode> stale =
        stages(ok(api.get("/v1/analytics/funnel?" + RANGE, admin.accessToken()))
            .get("groups")
            .get(0));
    assertTime(stale.get("new"), 0, null, null);

    TestServer server = SERVER.get();
    Migration step = server.server().features().analytics().stageTimesBackfill();
    assertEquals(4, step.version());
    long marked = Await.onContext(
        server, () -> step.work().apply(server.server().store(), Future::succeededFuture));
    assertTrue(marked >= 1, "days marked: " + marked);
    // the next report computes the marked day again first
    JsonNode after = ok(api.get("/v1/analytics/funnel?" + RANGE, admin.accessToken()));
    assertEquals(before.get("groups"), after.get("groups"));
  }

  // ---- helpers

  /** The reported value of a stay of {@code seconds}: its bucket's middle, within 5 %. */
  static long read(long seconds) {
    long v = DurationHistogram.value(DurationHistogram.bucket(seconds));
    assertTrue(Math.abs(v - seconds) <= 0.05 * seconds + 0.5, seconds + " read as " + v);
    return v;
  }

  static void assertTime(JsonNode stage, long exits, Integer p50, Integer p90) {
    assertEquals(exits, stage.get("exits").asLong(), stage::toString);
    if (p50 == null) {
      assertTrue(
          stage.get("p50Seconds") == null || stage.get("p50Seconds").isNull(), stage::toString);
      assertTrue(
          stage.get("p90Seconds") == null || stage.get("p90Seconds").isNull(), stage::toString);
      return;
    }
    assertEquals(read(p50), stage.get("p50Seconds").asLong(), stage::toString);
    assertEquals(read(p90), stage.get("p90Seconds").asLong(), stage::toString);
  }

  static Map<String, JsonNode> stages(JsonNode group) {
    Map<String, JsonNode> out = new HashMap<>();
    group.get("stages").forEach(s -> out.put(s.get("status").asText(), s));
    return out;
  }

  private static byte[] storedDay() {
    Document day = Await.onContext(
            SERVER.get(),
            () -> MongoFutures.first(SERVER
                .get()
                .server()
                .store()
                .collection(AnalyticsSchema.DAYS)
                .find(Filters.eq(AnalyticsSchema.ID, admin.tenantId() + "/2026-05-04"))))
        .orElseThrow();
    return day.get(AnalyticsSchema.CELLS, Binary.class).getData();
  }

  private static void storeDay(byte[] cells) {
    Await.onContext(
        SERVER.get(),
        () -> MongoFutures.done(SERVER
            .get()
            .server()
            .store()
            .collection(AnalyticsSchema.DAYS)
            .updateOne(
                Filters.eq(AnalyticsSchema.ID, admin.tenantId() + "/2026-05-04"),
                Updates.set(AnalyticsSchema.CELLS, new Binary(cells)))));
  }

  private static void at(String instant) {
    CLOCK.set(Instant.parse(instant));
  }

  private static String lead(String name, Session owner, String team, String source) {
    return ok(api.post(
            "/v1/leads",
            map(
                "lastName",
                name,
                "ownerId",
                owner.userId(),
                "teamId",
                team,
                "source",
                source,
                "capturedAt",
                T0.toString()),
            admin.accessToken()))
        .get("id")
        .asText();
  }

  private static void status(String leadId, String status) {
    Map<String, Object> body = map("status", status);
    if ("lost".equals(status)) {
      body.put("statusReason", "Chose a competitor");
    }
    JsonNode lead = ok(api.get("/v1/leads/" + leadId, admin.accessToken()));
    Api.Response r = api.patch(
        "/v1/leads/" + leadId,
        body,
        admin.accessToken(),
        Map.of("If-Match", "\"" + lead.get("version").asLong() + "\""));
    assertEquals(200, r.status(), r::toString);
  }
}
