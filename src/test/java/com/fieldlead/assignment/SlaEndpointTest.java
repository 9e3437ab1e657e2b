package com.fieldlead.assignment;

import static com.fieldlead.assignment.RoutingFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.assignment.model.SlaClock;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.events.EventLog;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.MutableClock;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Speed-to-lead through the real server on a hand-moved clock: due times, first contact, breaches, compliance. */
class SlaEndpointTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-03-03T10:00:00Z"));
  private static TestServer server;
  private static Api api;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start(
      Map.of(ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS, "86400"), CLOCK);

  @BeforeAll
  static void start() {
    server = SERVER.get();
    api = server.api();
  }

  /** Moves the clock to the next {@code day} at {@code hour}:{@code minute} UTC (at least a day ahead). */
  static Instant nextUtc(DayOfWeek day, int hour, int minute) {
    ZonedDateTime now = CLOCK.instant().plus(Duration.ofDays(1)).atZone(ZoneOffset.UTC);
    Instant target = now.with(TemporalAdjusters.nextOrSame(day))
        .withHour(hour)
        .withMinute(minute)
        .withSecond(0)
        .withNano(0)
        .toInstant();
    CLOCK.advance(Duration.between(CLOCK.instant(), target));
    return target;
  }

  static void advanceTo(Instant t) {
    CLOCK.advance(Duration.between(CLOCK.instant(), t));
  }

  static Session relogin(Session s) {
    return AuthFixtures.login(api, s.email(), AuthFixtures.PASSWORD);
  }

  static SlaClock clock(Session s, String leadId) {
    return Await.onContext(
            server, () -> server.server().features().assignment().slaClock(s.tenantId(), leadId))
        .orElseThrow();
  }

  static int checkBreaches() {
    return Await.onContext(
        server, () -> server.server().features().assignment().checkSlaBreaches());
  }

  static List<Document> breachEvents(TestServer on, String leadId) {
    return Await.onContext(
        on,
        () -> MongoFutures.list(on.server()
            .store()
            .collection(EventLog.COLLECTION)
            .find(Filters.and(Filters.eq("type", "sla.breached"), Filters.eq("leadId", leadId)))));
  }

  static void call(Session s, String leadId, Instant at) {
    Api.Response r = api.post(
        "/v1/leads/" + leadId + "/activities",
        map(
            "type",
            "call",
            "occurredAt",
            at.toString(),
            "call",
            map("direction", "outbound", "outcome", "connected")),
        s.accessToken());
    assertEquals(201, r.status(), r::toString);
  }

  static void policy(Session admin, Object body) {
    Api.Response r = api.put("/v1/sla/policy", body, admin.accessToken());
    assertEquals(200, r.status(), r::toString);
  }

  @Test
  void workingHoursSlaRunsOverTheWeekendMetByAMondayCallBreachedWithoutOneAndEscalatedOnce() {
    RoutingFixture f = RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(server, "Sla"), 1);
    Session rep = f.reps().get(0);
    policy(
        f.admin(),
        map(
            "contactTypes",
            List.of("call", "meeting", "email"),
            "rules",
            List.of(map("id", "first-hour", "withinMinutes", 60, "clock", "working_hours"))));
    f.availability(
        rep,
        map(
            "timeZone",
            "UTC",
            "workingHours",
            List.of("monday", "tuesday", "wednesday", "thursday", "friday").stream()
                .map(d -> map("day", d, "start", "08:00", "end", "16:00"))
                .toList()));
    Instant friday = nextUtc(DayOfWeek.FRIDAY, 15, 30);
    Session booth = relogin(f.booth());
    RoutingFixture g =
        new RoutingFixture(api, relogin(f.admin()), f.teamId(), f.manager(), f.reps(), booth);
    String called = g.capture(booth);
    String ignored = g.capture(booth);
    assertEquals(rep.userId(), g.owner(called));
    Instant monday = friday.plus(Duration.ofDays(3)).minus(Duration.ofMinutes(450)); // Monday 08:00
    SlaClock c = clock(rep, called);
    assertEquals(
        monday.plus(Duration.ofMinutes(30)), c.dueAt(), "30 working minutes left on Friday");
    assertEquals(friday, c.startAt());

    advanceTo(friday.plus(
        Duration.ofHours(20))); // Saturday: long past an hour of wall time, still in time
    checkBreaches();
    assertEquals(SlaClock.PENDING, clock(rep, ignored).status());

    advanceTo(monday.plus(Duration.ofMinutes(25)));
    call(relogin(rep), called, monday.plus(Duration.ofMinutes(20)));
    assertEquals(SlaClock.MET, clock(rep, called).status());

    advanceTo(monday.plus(Duration.ofMinutes(31)));
    checkBreaches();
    checkBreaches();
    assertEquals(SlaClock.MET, clock(rep, called).status());
    assertEquals(SlaClock.BREACHED, clock(rep, ignored).status());
    List<Document> events = breachEvents(server, ignored);
    assertEquals(1, events.size(), events::toString);
    assertEquals(List.of(f.manager().userId()), events.get(0).getList("recipients", String.class));
    assertEquals(rep.userId(), events.get(0).get("data", Document.class).getString("ownerId"));
    assertTrue(breachEvents(server, called).isEmpty());
  }

  @Test
  void aLeadThatTurnsHotAfterAssignmentGetsTheTighterHotDueTime() {
    RoutingFixture f =
        RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(server, "Sla hot later"), 1);
    Session rep = f.reps().get(0);
    policy(
        f.admin(),
        map(
            "contactTypes",
            List.of("call", "meeting", "email"),
            "rules",
            List.of(
                map("id", "hot-hour", "temperature", "hot", "withinMinutes", 60, "clock", "wall"),
                map("id", "any-day", "withinMinutes", 1440, "clock", "wall"))));
    Session booth = relogin(f.booth());
    RoutingFixture g =
        new RoutingFixture(api, relogin(f.admin()), f.teamId(), f.manager(), f.reps(), booth);
    String id = g.capture(booth, "title", "Intern");
    SlaClock before = clock(rep, id);
    assertEquals(
        before.startAt().plus(Duration.ofHours(24)), before.dueAt(), "a cold lead gets a day");

    Session owner = relogin(rep);
    Api.Response lead = api.get("/v1/leads/" + id, owner.accessToken());
    Api.Response hot = api.patch(
        "/v1/leads/" + id,
        map(
            "title",
            "CEO",
            "companySize",
            "201-500",
            "bant",
            map(
                "budget",
                "approved",
                "authority",
                "decision_maker",
                "need",
                "high",
                "timeline",
                "immediate")),
        owner.accessToken(),
        Map.of("If-Match", lead.header("ETag")));
    assertEquals(200, hot.status(), hot::toString);
    assertEquals("hot", hot.json().get("temperature").asText(), hot::toString);
    SlaClock after = clock(rep, id);
    assertEquals(
        before.startAt().plus(Duration.ofHours(1)),
        after.dueAt(),
        "the hot rule applies once it is hot");
  }

  @Test
  void theOfflineGapCountsAndComplianceIsReportedPerRepAndSource() {
    RoutingFixture f =
        RoutingFixture.create(api, AuthFixtures.tenantWithAdmin(server, "Compliance"), 2);
    policy(
        f.admin(),
        map(
            "contactTypes",
            List.of("call"),
            "rules",
            List.of(map("id", "hour", "withinMinutes", 60, "clock", "wall"))));
    Instant from = CLOCK.instant().minus(Duration.ofHours(3));
    Session fast = f.reps().get(0);
    Session slow = f.reps().get(1);
    // captured on the phone two hours ago, synced now: already past its hour
    String offline = f.capture(
        slow,
        "source",
        "web_form",
        "capturedAt",
        CLOCK.instant().minus(Duration.ofHours(2)).toString());
    SlaClock gap = clock(slow, offline);
    assertEquals(CLOCK.instant().minus(Duration.ofHours(2)), gap.startAt());
    assertEquals(gap.startAt().plus(Duration.ofHours(1)), gap.dueAt());
    String quick = f.capture(fast, "source", "referral");
    String waiting = f.capture(slow, "source", "referral");
    Instant captured = CLOCK.instant();
    CLOCK.advance(Duration.ofMinutes(10));
    call(fast, quick, captured.plus(Duration.ofMinutes(10)));
    String late = f.capture(fast, "source", "web_form");
    checkBreaches();
    assertEquals(SlaClock.BREACHED, clock(slow, offline).status());
    assertEquals(SlaClock.MET, clock(fast, quick).status());
    String to = CLOCK.instant().plus(Duration.ofMinutes(1)).toString();

    JsonNode byRep = compliance(f.manager(), "rep", from.toString(), to);
    assertEquals(
        Map.of("leads", 2, "met", 1, "breached", 0, "pending", 1, "median", 600L),
        group(byRep, fast.userId()));
    assertEquals(
        Map.of("leads", 2, "met", 0, "breached", 1, "pending", 1, "median", -1L),
        group(byRep, slow.userId()));
    JsonNode bySource = compliance(f.admin(), "source", from.toString(), to);
    assertEquals(
        Map.of("leads", 2, "met", 1, "breached", 0, "pending", 1, "median", 600L),
        group(bySource, "referral"));
    assertEquals(
        Map.of("leads", 2, "met", 0, "breached", 1, "pending", 1, "median", -1L),
        group(bySource, "web_form"));
    assertFalse(late.isEmpty() || waiting.isEmpty());
    // another team's manager sees none of it; reps may not ask
    String other = AuthFixtures.team(api, f.admin(), "Other");
    Session stranger = AuthFixtures.user(api, f.admin(), "manager", List.of(), List.of(other));
    assertEquals(
        0, compliance(stranger, "rep", from.toString(), to).get("groups").size());
    assertEquals(403, api.get("/v1/sla/compliance", fast.accessToken()).status());
  }

  @Test
  void badSlaInputIsRefusedNamingEachField() {
    Session admin = AuthFixtures.tenantWithAdmin(server, "Sla Bad");
    Api.Response defaults = api.get("/v1/sla/policy", admin.accessToken());
    assertEquals(200, defaults.status(), defaults::toString);
    assertTrue(defaults.json().get("isDefault").asBoolean());
    assertEquals("hot", defaults.json().get("rules").get(0).get("temperature").asText());
    RoutingEndpointTest.assertFields(
        api.put(
            "/v1/sla/policy",
            map(
                "contactTypes",
                List.of("call"),
                "rules",
                List.of(map("id", "x", "withinMinutes", 0))),
            admin.accessToken()),
        "/rules/0/withinMinutes");
    RoutingEndpointTest.assertFields(
        api.put(
            "/v1/sla/policy",
            map("contactTypes", List.of(), "rules", List.of(map("withinMinutes", 5))),
            admin.accessToken()),
        "/contactTypes",
        "/rules/0/id");
    RoutingEndpointTest.assertFields(
        api.put(
            "/v1/sla/policy",
            map(
                "contactTypes",
                List.of("call"),
                "rules",
                List.of(map("id", "x", "withinMinutes", 5, "temperature", "lukewarm"))),
            admin.accessToken()),
        "/rules/0/temperature");
    RoutingEndpointTest.assertFields(
        api.get("/v1/sla/compliance?groupBy=planet", admin.accessToken()), "query.groupBy");
    RoutingEndpointTest.assertFields(
        api.get(
            "/v1/sla/compliance?from=2025-05-02T00:00:00Z&to=2025-05-01T00:00:00Z",
            admin.accessToken()),
        "query.to");
  }

  static JsonNode compliance(Session s, String groupBy, String from, String to) {
    Api.Response r = api.get(
        "/v1/sla/compliance?groupBy=" + groupBy + "&from=" + from + "&to=" + to, s.accessToken());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static Map<String, Object> group(JsonNode report, String key) {
    for (JsonNode g : report.get("groups")) {
      if (g.get("key").asText().equals(key)) {
        Map<String, Object> m = new HashMap<>();
        m.put("leads", g.get("leads").asInt());
        m.put("met", g.get("met").asInt());
        m.put("breached", g.get("breached").asInt());
        m.put("pending", g.get("pending").asInt());
        m.put(
            "median",
            g.has("medianSecondsToFirstContact")
                ? g.get("medianSecondsToFirstContact").asLong()
                : -1L);
        return m;
      }
    }
    throw new AssertionError("no group " + key + " in " + report);
  }
}
