package com.fieldlead.lead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.auth.DemoPeople;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lead list latency with 100,000 leads in one tenant on the embedded store: through the HTTP API and directly with
 * the driver. Opt-in ({@code bench} tag): prints a p50/p95 table to stdout.
 */
@Tag("bench")
class LeadListBenchmark {

  static final int LEADS = 100_000;
  static final int RUNS = 15;

  @Test
  void listQueriesOn100kLeads() throws Exception {
    try (TestServer server = TestServer.start()) {
      Api api = server.api();
      Session admin = AuthFixtures.tenantWithAdmin(server, "Bench");
      LeadModule module = server.server().features().leads();
      long seedStart = System.nanoTime();
      DemoPeople people = new DemoPeople(
          admin.tenantId(),
          admin.userId(),
          admin.userId(),
          "team-1",
          List.of(admin.userId(), "rep-2", "rep-3"),
          "booth");
      for (int chunk = 0; chunk < LEADS / LeadDemoSeed.COUNT; chunk++) {
        List<Lead> batch = new ArrayList<>();
        for (Lead l : LeadDemoSeed.leads(people, Instant.now().minus(Duration.ofMinutes(chunk)))) {
          batch.add(copy(l, "b" + chunk + "-" + l.id(), chunk));
        }
        Await.onContext(server, () -> module.repository().insertMany(batch));
      }
      long seedMs = (System.nanoTime() - seedStart) / 1_000_000;
      String token = admin.accessToken();
      Api.Response seg = api.post(
          "/v1/segments", Map.of("name", "Hot", "filter", Map.of("temperature", "hot")), token);
      String segId = seg.json().get("id").asText();
      List<String[]> rows = new ArrayList<>();
      rows.add(row(
          "HTTP list status=new, source=referral, limit 50",
          time(() -> check(api.get("/v1/leads?status=new&source=referral&limit=50", token)))));
      rows.add(row(
          "HTTP prefix search q=mul, limit 50",
          time(() -> check(api.get("/v1/leads?q=mul&limit=50", token)))));
      rows.add(row("HTTP page 10 via cursor (limit 50, 10 requests)", time(() -> {
        String cursor = null;
        for (int p = 0; p < 10; p++) {
          Api.Response r = check(
              api.get("/v1/leads?limit=50" + (cursor == null ? "" : "&cursor=" + cursor), token));
          cursor = r.json().get("nextCursor").asText();
        }
      })));
      rows.add(row(
          "HTTP segment count (temperature=hot)",
          time(() -> check(api.get("/v1/segments/" + segId + "/count", token)))));
      MongoCollection<Document> leads = server.server().store().collection(LeadFields.LEADS);
      Visibility all = Visibility.of(
          new Principal(
              admin.tenantId(), admin.userId(), Role.ADMIN, "s", null, List.of(), List.of()),
          Set.of());
      Bson sort = Sorts.descending(LeadFields.CREATED_AT, LeadFields.ID);
      LeadQuery filtered = new LeadQuery(
          List.of("new"),
          null,
          null,
          "referral",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
      LeadQuery search = new LeadQuery(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, "mul",
          null);
      LeadQuery hot = new LeadQuery(
          null, null, null, null, null, null, "hot", null, null, null, null, null, null, null, null,
          null);
      rows.add(row(
          "driver list status=new, source=referral",
          time(() -> Await.onContext(
              server,
              () -> MongoFutures.list(leads
                  .find(Filters.and(LeadFilters.of(admin.tenantId(), all, filtered)))
                  .sort(sort)
                  .limit(51))))));
      rows.add(row(
          "driver prefix search q=mul",
          time(() -> Await.onContext(
              server,
              () -> MongoFutures.list(leads
                  .find(Filters.and(LeadFilters.of(admin.tenantId(), all, search)))
                  .sort(sort)
                  .limit(51))))));
      rows.add(row(
          "driver page 10 (skip 450, limit 50)",
          time(() -> Await.onContext(
              server,
              () -> MongoFutures.list(leads
                  .find(Filters.and(LeadFilters.of(admin.tenantId(), all, LeadQuery.ALL)))
                  .sort(sort)
                  .skip(450)
                  .limit(50))))));
      rows.add(row(
          "driver count temperature=hot",
          time(() -> Await.onContext(
              server,
              () -> MongoFutures.one(leads.countDocuments(
                  Filters.and(LeadFilters.of(admin.tenantId(), all, hot))))))));
      StringBuilder out = new StringBuilder(String.format(
          "%nLead list benchmark: %,d leads in one tenant, embedded "
              + "store, %d runs each, %d cores (seeded in %,d ms)%n",
          LEADS, RUNS, Runtime.getRuntime().availableProcessors(), seedMs));
      out.append(String.format("%-52s %10s %10s%n", "query", "p50 ms", "p95 ms"));
      rows.forEach(r -> out.append(String.format("%-52s %10s %10s%n", r[0], r[1], r[2])));
      System.out.print(out);
    }
  }

  static Lead copy(Lead l, String id, int chunk) {
    return l.toBuilder()
        .id(UUID.nameUUIDFromBytes(id.getBytes()).toString())
        .email(chunk + l.contact().email())
        .build();
  }

  static Api.Response check(Api.Response r) {
    assertEquals(200, r.status(), r::toString);
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

  static String[] row(String name, long[] sorted) {
    return new String[] {
      name,
      String.valueOf(sorted[sorted.length / 2]),
      String.valueOf(sorted[(int) Math.ceil(sorted.length * 0.95) - 1])
    };
  }
}
