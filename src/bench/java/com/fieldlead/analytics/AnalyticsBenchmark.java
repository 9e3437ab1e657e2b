package com.fieldlead.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fieldlead.activity.ActivityModule;
import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.auth.DemoPeople;
import com.fieldlead.config.ConfigKey;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The analytics reports on one tenant of {@code analytics.bench.leads} leads (default 100,000) on the durable embedded
 * store: leads captured over 180 days by 12 reps in 3 teams at 6 events, from 8 sources, with statuses, BANT,
 * conversions and a call on 70 % of them; the rollups rebuilt (timed, as the {@code analytics-rebuild} command runs
 * it), every report asked 5 times by both callers untimed (warm-up), then each report asked 20 times by the admin and
 * by a manager of one team (p50 / p95), and once more after a lead change marked today's day. Opt-in ({@code bench}
 * tag; README, Benchmarks): {@code mvn -B test -Pbench -Dtest=AnalyticsBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Danalytics.bench.leads=20000]}; the table is printed to the test's output
 * ({@code target/surefire-reports/com.fieldlead.analytics.AnalyticsBenchmark-output.txt}).
 */
@Tag("bench")
class AnalyticsBenchmark {

  static final int LEADS = Integer.getInteger("analytics.bench.leads", 100_000);
  static final int DAYS = 180;
  static final int RUNS = 20;
  static final int WARMUP = 5;
  static final List<String> SOURCES =
      List.of("trade_show", "web_form", "referral", "cold_call", "social", "ad", "import", "other");
  static final List<String> STATUSES =
      List.of("new", "contacted", "qualified", "nurturing", "converted", "unqualified", "lost");

  @Test
  void reportsOnOneLargeTenant() throws Exception {
    Path dir = Files.createTempDirectory("analytics-bench");
    try (TestServer server = TestServer.start(
        Map.of(
            ConfigKey.FIELDLEAD_EMBEDDED_IN_MEMORY,
            "false",
            ConfigKey.FIELDLEAD_DATA_DIR,
            dir.toString(),
            ConfigKey.FIELDLEAD_ACCESS_TOKEN_TTL_SECONDS,
            "86400"),
        Clock.systemUTC())) {
      Api api = server.api();
      Session admin = AuthFixtures.tenantWithAdmin(server, "Analytics bench");
      List<String> teams = new ArrayList<>();
      List<String> reps = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        String team = AuthFixtures.team(api, admin, "Team " + t);
        teams.add(team);
        for (int r = 0; r < 4; r++) {
          reps.add(
              AuthFixtures.user(api, admin, "rep", List.of(team), List.of()).userId());
        }
      }
      Session manager = AuthFixtures.user(api, admin, "manager", List.of(), List.of(teams.get(0)));
      List<String> events = new ArrayList<>();
      for (int e = 0; e < 6; e++) {
        LocalDate start = LocalDate.now().minusDays(30L * e + 5);
        events.add(check(api.post(
                "/v1/events",
                Map.of(
                    "name",
                    "Show " + e,
                    "startsOn",
                    start.toString(),
                    "endsOn",
                    start.plusDays(2).toString(),
                    "timeZone",
                    "Europe/Berlin"),
                admin.accessToken()))
            .json()
            .get("id")
            .asText());
      }
      check(api.put(
          "/v1/analytics/settings", Map.of("timeZone", "Europe/Berlin"), admin.accessToken()));
      long seedStart = System.nanoTime();
      seed(server, admin, teams, reps, events);
      long seedMs = (System.nanoTime() - seedStart) / 1_000_000;

      // as the analytics-rebuild command runs it (an HTTP rebuild of this size outlasts the test
      // client's 30 s)
      AnalyticsService service = server.server().features().analytics().service();
      long rebuildStart = System.nanoTime();
      String rebuilt = Await.onContext(
          server.server().vertx(),
          () -> service.rebuildSummary(admin.tenantId()),
          Duration.ofMinutes(5));
      long rebuildMs = (System.nanoTime() - rebuildStart) / 1_000_000;

      List<String[]> rows = new ArrayList<>();
      List<String> reports = List.of(
          "funnel",
          "funnel?groupBy=rep",
          "conversion?by=source",
          "conversion?by=event",
          "speed-to-lead?by=rep",
          "trend?interval=week",
          "events",
          "leaderboard",
          "ageing?groupBy=rep",
          "hot-untouched",
          "funnel?format=csv");
      // the server's code compiled before anything is timed: every report asked WARMUP times by
      // both
      for (int i = 0; i < WARMUP; i++) {
        for (String report : reports) {
          for (Session who : List.of(admin, manager)) {
            check(api.get("/v1/analytics/" + report, who.accessToken()));
          }
        }
      }
      for (String report : reports) {
        for (Session who : List.of(admin, manager)) {
          String path = "/v1/analytics/" + report;
          rows.add(row(
              report + (who == admin ? " (admin)" : " (manager)"),
              time(() -> check(api.get(path, who.accessToken())))));
        }
      }
      String range = (report(LocalDate.now().minusDays(364)));
      rows.add(row(
          "conversion?by=rep, 365 days (admin)",
          time(() ->
              check(api.get("/v1/analytics/conversion?by=rep&" + range, admin.accessToken())))));
      // a day marked by a write: the report computes it again before answering
      String someLead = check(api.post(
              "/v1/leads", Map.of("lastName", "Fresh", "source", "referral"), admin.accessToken()))
          .json()
          .get("id")
          .asText();
      rows.add(row(
          "trend after a write marked today (first ask)",
          once(() -> check(api.get("/v1/analytics/trend", admin.accessToken())))));
      // the funnel's time in stage, as the reports above computed it
      JsonNode funnel =
          check(api.get("/v1/analytics/funnel", admin.accessToken())).json();
      StringBuilder stages = new StringBuilder();
      for (JsonNode s : funnel.at("/groups/0/stages")) {
        stages.append(String.format(
            "  %-12s exits %,8d  p50 %10s s  p90 %10s s%n",
            s.get("status").asText(),
            s.path("exits").asLong(),
            s.path("p50Seconds").asText("-"),
            s.path("p90Seconds").asText("-")));
      }
      assertEquals(
          true, funnel.at("/groups/0/stages/0/exits").asLong() > 0, () -> "time in new: " + funnel);
      StringBuilder out = new StringBuilder();
      out.append(String.format(
          "%nanalytics on %,d leads over %d days (durable embedded store, %d cores): seed %,d ms,"
              + " rebuild %,d ms (%s; lead %s)%n",
          LEADS,
          DAYS,
          Runtime.getRuntime().availableProcessors(),
          seedMs,
          rebuildMs,
          rebuilt,
          someLead));
      out.append(
          String.format("%-48s %8s %8s%n", "report (default range: 90 days)", "p50 ms", "p95 ms"));
      rows.forEach(r -> out.append(String.format("%-48s %8s %8s%n", r[0], r[1], r[2])));
      out.append("time in stage, all leads of the default range (within 5 %):\n")
          .append(stages);
      System.out.print(out);
    }
  }

  static String report(LocalDate from) {
    return "from=" + from + "&to=" + LocalDate.now();
  }

  /** Leads through the repository (as an import would store them), calls straight into the activities. */
  static void seed(
      TestServer server,
      Session admin,
      List<String> teams,
      List<String> reps,
      List<String> events) {
    LeadModule module = server.server().features().leads();
    DemoPeople people = new DemoPeople(
        admin.tenantId(), admin.userId(), admin.userId(), teams.get(0), reps, reps.get(0));
    Random random = new Random(42);
    // its own sequence, so the rest of the data set is the one earlier runs measured
    Random stays = new Random(43);
    Instant now = Instant.now();
    List<Lead> templates = LeadDemoSeed.leads(people, now);
    int batchSize = 1_000;
    for (int start = 0; start < LEADS; start += batchSize) {
      List<Lead> batch = new ArrayList<>();
      List<Document> calls = new ArrayList<>();
      for (int i = start; i < Math.min(LEADS, start + batchSize); i++) {
        Lead t = templates.get(i % templates.size());
        int rep = random.nextInt(reps.size());
        Instant captured = now.minus(Duration.ofSeconds((long) random.nextInt(DAYS * 86_400)));
        String status = STATUSES.get(random.nextInt(STATUSES.size()));
        List<Lead.StageChange> history = new ArrayList<>();
        history.add(new Lead.StageChange(null, "new", admin.userId(), captured, null));
        if (!"new".equals(status)) {
          // from a few minutes to two weeks in new: the funnel's time in stage reads many buckets
          history.add(new Lead.StageChange(
              "new",
              status,
              admin.userId(),
              captured.plus(Duration.ofSeconds(Math.round(
                  Math.exp(5 + stays.nextDouble() * Math.log(1_209_600 / Math.exp(5)))))),
              null));
        }
        boolean converted = "converted".equals(status);
        String id = UUID.randomUUID().toString();
        batch.add(t.toBuilder()
            .id(id)
            .tenantId(admin.tenantId())
            .email(i + "." + t.contact().email())
            .ownerId(reps.get(rep))
            .teamId(teams.get(rep / 4))
            .capturedBy(reps.get(rep))
            .capturedAt(captured)
            .createdAt(captured)
            .updatedAt(captured)
            .source(SOURCES.get(random.nextInt(SOURCES.size())))
            .campaign("campaign-" + random.nextInt(4))
            .eventId(random.nextInt(3) == 0 ? events.get(random.nextInt(events.size())) : null)
            .status(status)
            .statusReason(status.equals("lost") || status.equals("unqualified") ? "bench" : null)
            .stageHistory(history)
            .conversion(
                converted
                    ? new Lead.Conversion(
                        BigDecimal.valueOf(1_000 + random.nextInt(50_000)),
                        random.nextInt(4) == 0 ? "USD" : "EUR",
                        null,
                        null,
                        null,
                        captured.plus(Duration.ofDays(3)),
                        admin.userId())
                    : null)
            .build());
        if (random.nextInt(10) < 7) {
          calls.add(new Document("tenantId", admin.tenantId())
              .append(ActivityModule.ID_FIELD, UUID.randomUUID().toString())
              .append(ActivityModule.LEAD_FIELD, id)
              .append(ActivityModule.ACTIVITY_TYPE_FIELD, "call")
              .append(
                  ActivityModule.ACTIVITY_OCCURRED_AT_FIELD,
                  Date.from(captured.plus(Duration.ofSeconds(60 + random.nextInt(86_400))))));
        }
      }
      Await.onContext(server, () -> module.repository().insertMany(batch));
      Await.onContext(
          server,
          () -> MongoFutures.done(server
              .server()
              .store()
              .collection(ActivityModule.ACTIVITY_COLLECTION)
              .insertMany(calls)));
    }
  }

  static Api.Response check(Api.Response r) {
    assertEquals(true, r.status() >= 200 && r.status() < 300, r::toString);
    return r;
  }

  interface Work {
    void run() throws Exception;
  }

  static long[] time(Work w) throws Exception {
    w.run();
    long[] ms = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      w.run();
      ms[i] = (System.nanoTime() - t) / 1_000_000;
    }
    Arrays.sort(ms);
    return ms;
  }

  static long[] once(Work w) throws Exception {
    long t = System.nanoTime();
    w.run();
    return new long[] {(System.nanoTime() - t) / 1_000_000};
  }

  static String[] row(String name, long[] sorted) {
    return new String[] {
      name,
      String.valueOf(sorted[sorted.length / 2]),
      String.valueOf(sorted[(int) Math.ceil(sorted.length * 0.95) - 1])
    };
  }
}
