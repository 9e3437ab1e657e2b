package com.fieldlead.lead.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.DemoPeople;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.ChangeSequencer;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.SharedMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * On a real MongoDB: every list query shape of the lead repository is answered by an index scan on one of the lead
 * indexes (no COLLSCAN). The embedded store ignores non-unique compound indexes, so only real MongoDB can show this.
 */
@Testcontainers(disabledWithoutDocker = true)
class LeadQueriesIT {

  static final String DB = "fl_it";
  static final String TENANT = "t-it";
  static MongoStore store;
  static MongoClient sync;
  static MongoCollection<Document> leads;

  @BeforeAll
  static void seed() throws Exception {
    store = SharedMongo.connect(DB);
    LeadModule module = new LeadModule(
        store, Clock.systemUTC(), null, new ChangeSequencer(store, Clock.systemUTC()));
    List<IndexDef> indexes = module.indexes();
    Await.result(store.ensureIndexes(indexes));
    DemoPeople people = new DemoPeople(
        TENANT, "admin", "manager", "team-1", List.of("rep1", "rep2", "rep3"), "booth");
    List<Lead> batch = new ArrayList<>();
    for (int copy = 0; copy < 10; copy++) {
      DemoPeople p = new DemoPeople(
          TENANT + (copy == 0 ? "" : "-" + copy),
          people.adminId(),
          people.managerId(),
          people.teamId(),
          people.repIds(),
          people.boothId());
      batch.addAll(LeadDemoSeed.leads(p, Instant.now()));
    }
    Await.result(module.repository().insertMany(batch));
    sync = MongoClients.create(SharedMongo.connectionString());
    leads = sync.getDatabase(DB).getCollection(LeadFields.LEADS);
  }

  @AfterAll
  static void close() {
    if (sync != null) {
      sync.close();
    }
    if (store != null) {
      store.close();
    }
  }

  static final Visibility ALL = Visibility.of(
      new Principal(TENANT, "admin", Role.ADMIN, "s", null, List.of(), List.of()), Set.of());

  static LeadQuery q(String field, String value) {
    return new LeadQuery(
        field.equals("status") ? List.of(value) : null,
        field.equals("ownerId") ? value : null,
        field.equals("teamId") ? value : null,
        field.equals("source") ? value : null,
        field.equals("campaign") ? value : null,
        field.equals("eventId") ? value : null,
        field.equals("temperature") ? value : null,
        field.equals("tags") ? List.of(value) : null,
        null,
        null,
        null,
        null,
        null,
        null,
        field.equals("q") ? value : null,
        null);
  }

  /** Asserts the winning plan scans a lead index and never the collection. */
  static void assertIndexed(String shape, Bson filter, Bson sort) {
    Document explain = leads.find(filter).sort(sort).limit(51).explain();
    String plan = explain
        .get("queryPlanner", Document.class)
        .get("winningPlan", Document.class)
        .toJson();
    assertTrue(plan.contains("IXSCAN"), () -> shape + ": no index scan in " + plan);
    assertTrue(
        plan.contains("\"indexName\": \"leads_"), () -> shape + ": not a lead index in " + plan);
    assertFalse(plan.contains("COLLSCAN"), () -> shape + ": collection scan in " + plan);
  }

  static void assertListIndexed(String shape, Visibility v, LeadQuery query, String order) {
    LeadQuery.Order o = LeadQuery.Order.parse(order);
    Bson sort = o.desc()
        ? Sorts.descending(o.sort().field, LeadFields.ID)
        : Sorts.ascending(o.sort().field, LeadFields.ID);
    assertIndexed(shape, Filters.and(LeadFilters.of(TENANT, v, query)), sort);
  }

  @Test
  void everySortOfTheUnfilteredListUsesAnIndex() {
    for (String order : List.of(
        "-createdAt", "createdAt", "-updatedAt", "-capturedAt", "lastName", "-company", "-score")) {
      assertListIndexed("sort " + order, ALL, LeadQuery.ALL, order);
    }
  }

  @Test
  void everyFilterUsesAnIndex() {
    assertListIndexed("status", ALL, q("status", "new"), "-createdAt");
    assertListIndexed("owner", ALL, q("ownerId", "rep1"), "-createdAt");
    assertListIndexed("team", ALL, q("teamId", "team-1"), "-createdAt");
    assertListIndexed("source", ALL, q("source", "referral"), "-createdAt");
    assertListIndexed("campaign", ALL, q("campaign", "q2-outbound"), "-createdAt");
    assertListIndexed("event", ALL, q("eventId", LeadDemoSeed.EXPO_ID), "-createdAt");
    assertListIndexed("temperature", ALL, q("temperature", "hot"), "-createdAt");
    assertListIndexed("tag", ALL, q("tags", "vip"), "-createdAt");
    assertListIndexed("prefix search", ALL, q("q", "mul"), "-createdAt");
    LeadQuery range = new LeadQuery(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Instant.now().minus(Duration.ofDays(30)),
        Instant.now(),
        null,
        null,
        null,
        null,
        null,
        null);
    assertListIndexed("created range", ALL, range, "-createdAt");
  }

  @Test
  void theVisibilityFiltersOfRepsManagersAndBoothsUseIndexes() {
    Principal rep =
        new Principal(TENANT, "rep1", Role.REP, "s", null, List.of("team-1"), List.of());
    Principal manager =
        new Principal(TENANT, "manager", Role.MANAGER, "s", null, List.of(), List.of("team-1"));
    Principal booth =
        new Principal(TENANT, "booth", Role.BOOTH, "s", null, List.of("team-1"), List.of());
    assertListIndexed("rep", Visibility.of(rep, Set.of()), LeadQuery.ALL, "-createdAt");
    assertListIndexed(
        "rep with shared event",
        Visibility.of(rep, Set.of(LeadDemoSeed.EXPO_ID)),
        LeadQuery.ALL,
        "-createdAt");
    assertListIndexed("manager", Visibility.of(manager, Set.of()), LeadQuery.ALL, "-createdAt");
    assertListIndexed("booth", Visibility.of(booth, Set.of()), LeadQuery.ALL, "-createdAt");
  }

  @Test
  void keysetPagesAndDuplicateLookupsUseIndexes() {
    LeadQuery.Order o = LeadQuery.Order.parse("-createdAt");
    Bson after = LeadFilters.after(
        o, new CursorCodec.Position("-createdAt", Instant.now().toEpochMilli(), "zzz", "h"));
    List<Bson> and = LeadFilters.of(TENANT, ALL, LeadQuery.ALL);
    and.add(after);
    assertIndexed(
        "keyset", Filters.and(and), Sorts.descending(LeadFields.CREATED_AT, LeadFields.ID));
    assertIndexed(
        "duplicate by email",
        Filters.and(
            Filters.eq(LeadFields.TENANT_ID, TENANT),
            Filters.eq(LeadFields.EMAIL_NORM, "ana.souza0@northwindtraders.example")),
        Sorts.ascending(LeadFields.ID));
    assertIndexed(
        "captured-at events",
        Filters.and(
            Filters.eq(LeadFields.TENANT_ID, TENANT),
            Filters.eq(LeadFields.CAPTURED_BY, "booth"),
            Filters.in(LeadFields.EVENT_ID, List.of(LeadDemoSeed.EXPO_ID))),
        Sorts.ascending(LeadFields.EVENT_ID));
  }
}
