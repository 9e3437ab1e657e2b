package com.fieldlead.lead.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fieldlead.auth.DemoPeople;
import com.fieldlead.auth.Principal;
import com.fieldlead.auth.Role;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.demo.LeadDemoSeed;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadHistoryEntry;
import com.fieldlead.lead.model.LeadQuery;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.lead.model.Visibility;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.sync.ChangeSequencer;
import com.fieldlead.testing.Await;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link LeadRepository} store must do, written once and run against each store: the embedded store in
 * the default suite ({@link EmbeddedLeadRepositoryTest}) and MongoDB under Failsafe ({@link MongoLeadRepositoryIT}).
 * A store that answers differently from the other fails here, not in an endpoint test three layers up.
 *
 * <p>Each class gets a database of its own and each test a tenant of its own (the demo leads, seeded under a fresh
 * tenant id), so tests neither see nor depend on each other's leads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LeadRepositoryContract {

  private MongoStore store;
  private LeadRepository leads;
  private String tenant;
  private DemoPeople people;
  private Instant now;

  /** A client of the store under test on a fresh {@code database}. */
  protected abstract MongoStore openStore(String database);

  /** Closes what {@link #openStore} opened. */
  protected abstract void closeStore(MongoStore store);

  @BeforeAll
  void open() {
    store = openStore("fl_contract_" + UUID.randomUUID().toString().substring(0, 8));
    LeadModule module = new LeadModule(
        store, Clock.systemUTC(), null, new ChangeSequencer(store, Clock.systemUTC()));
    Await.result(store.ensureIndexes(module.indexes()));
    leads = module.repository();
  }

  @AfterAll
  void close() {
    if (store != null) {
      closeStore(store);
    }
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t-" + UUID.randomUUID();
    people = new DemoPeople(
        tenant, "admin", "manager", "team-1", List.of("rep1", "rep2", "rep3"), "booth");
    now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Every fourth of the tenant's demo leads (50: 15 expo captures by the booth, the rest reps' own), stored. */
  private List<Lead> seeded() {
    List<Lead> all = LeadDemoSeed.leads(people, now);
    List<Lead> demo = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 4) {
      demo.add(all.get(i));
    }
    Await.result(leads.insertMany(demo));
    return demo.stream().map(leads::asStored).toList();
  }

  private Lead demoLead(int i) {
    return leads.asStored(LeadDemoSeed.leads(people, now).get(i));
  }

  private Lead found(String id) {
    return Await.result(leads.find(tenant, id))
        .orElseThrow(() -> new AssertionError("no lead " + id));
  }

  private static List<String> ids(List<Lead> list) {
    return list.stream().map(Lead::id).toList();
  }

  @Test
  void aLeadReadsBackAsItWasStoredAndOnlyInItsOwnTenant() {
    Lead lead = demoLead(0);
    assertTrue(Await.result(leads.insert(lead, "hash-1")));

    assertEquals(Optional.of(lead), Await.result(leads.find(tenant, lead.id())));
    assertEquals(Optional.empty(), Await.result(leads.find("t-other", lead.id())));
    assertEquals(Optional.empty(), Await.result(leads.find(tenant, "no-such-lead")));
  }

  @Test
  void aSecondInsertOfAnIdIsRefusedAndTheFirstLeadAndCreateHashStay() {
    Lead first = demoLead(0);
    Lead sameId =
        leads.asStored(LeadDemoSeed.leads(people, now.minus(Duration.ofDays(1))).get(0));
    assertEquals(first.id(), sameId.id());
    assertFalse(first.equals(sameId), "another capture under the same id");

    assertTrue(Await.result(leads.insert(first, "hash-1")));
    assertFalse(Await.result(leads.insert(sameId, "hash-2")));

    assertEquals(first, found(first.id()));
    assertEquals(Optional.of("hash-1"), Await.result(leads.createHash(tenant, first.id())));
    assertEquals(Optional.empty(), Await.result(leads.createHash(tenant, "no-such-lead")));
  }

  @Test
  void aBatchInsertAnswersPerLeadInOrderWhichWereNew() {
    Lead existing = demoLead(0);
    Lead a = demoLead(1);
    Lead b = demoLead(2);
    assertTrue(Await.result(leads.insert(existing, "h0")));

    assertEquals(
        List.of(false, true, true),
        Await.result(leads.insertAll(List.of(existing, a, b), List.of("x0", "h1", "h2"))));

    assertEquals(Optional.of("h0"), Await.result(leads.createHash(tenant, existing.id())));
    assertEquals(Optional.of("h2"), Await.result(leads.createHash(tenant, b.id())));
    assertEquals(a, found(a.id()));
  }

  @Test
  void manyIdsAreReadInOneGoAndIdsNotFoundAreLeftOut() {
    List<Lead> all = seeded();
    List<String> wanted = List.of(all.get(3).id(), all.get(40).id(), "missing");

    assertEquals(
        Set.of(all.get(3), all.get(40)), Set.copyOf(Await.result(leads.findMany(tenant, wanted))));
    assertEquals(
        Map.of(
            all.get(3).id(), all.get(3).version(), all.get(40).id(), all.get(40).version()),
        Await.result(leads.versions(tenant, wanted)));
    assertEquals(List.of(), Await.result(leads.findMany("t-other", wanted)));
    assertEquals(List.of(), Await.result(leads.findMany(tenant, List.of())));
    assertEquals(Map.of(), Await.result(leads.versions(tenant, List.of())));
  }

  @Test
  void aReplaceAtTheVersionReadWinsAndAStaleOneChangesNothing() {
    Lead read = demoLead(0);
    assertTrue(Await.result(leads.insert(read, "h")));
    Lead mine =
        read.withOwner("rep2", "team-1").withVersion(read.version() + 1, now.plusSeconds(1));
    Lead theirs =
        read.withOwner("rep3", "team-1").withVersion(read.version() + 1, now.plusSeconds(2));

    assertTrue(Await.result(leads.replace(mine, read.version())));
    assertFalse(
        Await.result(leads.replace(theirs, read.version())), "written at a version that is gone");

    assertEquals(mine, found(read.id()));
    assertEquals(
        Map.of(read.id(), mine.version()),
        Await.result(leads.versions(tenant, List.of(read.id()))));
  }

  @Test
  void aBatchReplaceAnswersPerLeadWhetherItWasWritten() {
    Lead a = demoLead(0);
    Lead b = demoLead(1);
    Await.result(leads.insertMany(List.of(a, b)));
    Lead bMovedOn = b.withOwner("rep3", "team-1").withVersion(b.version() + 1, now.plusSeconds(1));
    assertTrue(Await.result(leads.replace(bMovedOn, b.version())));
    Lead aNext = a.withScore(99, "hot", List.of("test"), null, null)
        .withVersion(a.version() + 1, now.plusSeconds(2));
    Lead bNext = b.withScore(99, "hot", List.of("test"), null, null)
        .withVersion(b.version() + 1, now.plusSeconds(2));

    assertEquals(
        List.of(true, false),
        Await.result(leads.replaceMany(List.of(a, b), List.of(aNext, bNext))));

    assertEquals(aNext, found(a.id()));
    assertEquals(bMovedOn, found(b.id()));
  }

  @Test
  void aWriteKeepsItsHistoryEntryAsTheLeadsLastWriteInvisibleToReaders() {
    Lead a = demoLead(0);
    Lead b = demoLead(1);
    Await.result(leads.insertMany(List.of(a, b)));
    assertEquals(
        Optional.empty(), Await.result(leads.lastWrite(tenant, a.id())), "no client write yet");
    LeadHistoryEntry.FieldDelta title = new LeadHistoryEntry.FieldDelta("title", null, "CFO");
    LeadHistoryEntry first = new LeadHistoryEntry(
        a.id(), a.version() + 1, now.plusSeconds(1), "rep1", "d-1", "update", List.of(title), null);
    Lead aNext = a.withVersion(a.version() + 1, now.plusSeconds(1));
    assertTrue(Await.result(leads.replace(aNext, a.version(), List.of(), first)));
    assertEquals(Optional.of(first), Await.result(leads.lastWrite(tenant, a.id())));
    assertEquals(aNext, found(a.id()), "the lead as read carries nothing of it");

    LeadHistoryEntry second = new LeadHistoryEntry(
        a.id(),
        aNext.version() + 1,
        now.plusSeconds(2),
        "rep2",
        "d-2",
        "update",
        List.of(new LeadHistoryEntry.FieldDelta("title", "CFO", "CEO")),
        null);
    LeadHistoryEntry onB = new LeadHistoryEntry(
        b.id(), b.version() + 1, now.plusSeconds(2), "rep2", "d-2", "update", List.of(title), null);
    Lead aThird = aNext.withVersion(aNext.version() + 1, now.plusSeconds(2));
    Lead bNext = b.withVersion(b.version() + 1, now.plusSeconds(2));
    assertEquals(
        List.of(true, true),
        Await.result(leads.replaceMany(
            List.of(aNext, b),
            List.of(aThird, bNext),
            List.of(List.of(), List.of()),
            List.of(second, onB))));
    assertEquals(
        Optional.of(second),
        Await.result(leads.lastWrite(tenant, a.id())),
        "the newest write replaces it");
    assertEquals(Optional.of(onB), Await.result(leads.lastWrite(tenant, b.id())));
    assertEquals(Optional.empty(), Await.result(leads.lastWrite("other-tenant", a.id())));
  }

  @Test
  void eventsStoredWithAWriteWaitForTheRelayUntilRemoved() {
    Lead a = demoLead(0);
    Lead b = demoLead(1);
    DomainEvent created =
        DomainEvent.of(tenant, DomainEvent.LEAD_HOT, a.id(), Map.of("score", 80), now);
    DomainEvent assigned =
        DomainEvent.of(tenant, DomainEvent.LEAD_ASSIGNED, b.id(), Map.of("ownerId", "rep2"), now);
    DomainEvent changed =
        DomainEvent.of(tenant, DomainEvent.LEAD_ASSIGNED, b.id(), Map.of("ownerId", "rep3"), now);
    assertTrue(Await.result(leads.insert(a, "h", List.of(created))));
    assertTrue(Await.result(leads.insert(b, "h", List.of(assigned))));
    Lead bNext = b.withOwner("rep3", "team-1").withVersion(b.version() + 1, now.plusSeconds(1));
    assertTrue(Await.result(leads.replace(bNext, b.version(), List.of(changed))));

    assertEquals(Set.of(created.id(), assigned.id(), changed.id()), pendingIds());
    assertEquals(bNext, found(b.id()), "pending events are not part of the lead");

    Await.result(leads.removePendingEvent(tenant, a.id(), created.id()));
    assertEquals(Set.of(assigned.id(), changed.id()), pendingIds());
    Await.result(leads.removePendingEvents(List.of(assigned, changed)));
    assertEquals(Set.of(), pendingIds());
    assertEquals(
        bNext.version(), found(b.id()).version(), "removing relayed events is not a lead change");
  }

  private Set<String> pendingIds() {
    Set<String> ids = new HashSet<>();
    for (DomainEvent e : Await.result(leads.pendingEvents(1000))) {
      if (e.tenantId().equals(tenant)) {
        ids.add(e.id());
      }
    }
    return ids;
  }

  @Test
  void everyListOrderWalksAllLeadsOnceInThatOrderPageByPage() {
    List<Lead> all = seeded();
    Visibility admin =
        Visibility.of(principal("admin", Role.ADMIN, List.of(), List.of()), Set.of());
    for (String wire : List.of(
        "-createdAt", "createdAt", "-updatedAt", "-capturedAt", "lastName", "-company", "-score")) {
      LeadQuery.Order order = LeadQuery.Order.parse(wire);
      List<String> expected =
          all.stream().sorted(comparator(order)).map(Lead::id).toList();
      assertEquals(expected, walk(admin, LeadQuery.ALL, order, 10), wire);
    }
  }

  @Test
  void repsManagersAndBoothsListAndCountExactlyTheLeadsTheirVisibilitySees() {
    List<Lead> all = new ArrayList<>(seeded());
    int last = all.size() - 1;
    Lead waiting = all.get(
        last); // a rep's own lead, not an expo capture: in the managers' queue once it has no owner
    assertEquals(null, waiting.capture().eventId());
    Lead queued =
        waiting.withOwner(null, null).withVersion(waiting.version() + 1, now.plusSeconds(1));
    assertTrue(Await.result(leads.replace(queued, waiting.version())));
    all.set(last, leads.asStored(queued));
    Map<String, Visibility> views = Map.of(
        "rep1", Visibility.of(principal("rep1", Role.REP, List.of("team-1"), List.of()), Set.of()),
        "rep1 at the shared expo",
            Visibility.of(
                principal("rep1", Role.REP, List.of("team-1"), List.of()),
                Set.of(LeadDemoSeed.EXPO_ID)),
        "manager",
            Visibility.of(
                principal("manager", Role.MANAGER, List.of(), List.of("team-1")), Set.of()),
        "other team's manager",
            Visibility.of(principal("m2", Role.MANAGER, List.of(), List.of("team-2")), Set.of()),
        "booth",
            Visibility.of(principal("booth", Role.BOOTH, List.of("team-1"), List.of()), Set.of()));
    LeadQuery.Order order = LeadQuery.Order.parse("-createdAt");
    views.forEach((who, v) -> {
      List<String> expected =
          all.stream().filter(v::sees).sorted(comparator(order)).map(Lead::id).toList();
      assertEquals(expected, walk(v, LeadQuery.ALL, order, 9), who);
      assertEquals(expected.size(), Await.result(leads.count(tenant, v, LeadQuery.ALL)), who);
    });
  }

  @Test
  void filtersSelectTheMatchingLeadsAndTheCountAgrees() {
    List<Lead> all = seeded();
    Visibility admin =
        Visibility.of(principal("admin", Role.ADMIN, List.of(), List.of()), Set.of());
    Map<String, LeadQuery> queries = Map.of(
        "status new", query(List.of("new"), null, null, null, null),
        "owner rep2", query(null, "rep2", null, null, null),
        "hot", query(null, null, "hot", null, null),
        "tag vip", query(null, null, null, "vip", null),
        "at the expo", query(null, null, null, null, LeadDemoSeed.EXPO_ID));
    Map<String, Predicate<Lead>> matches = Map.of(
        "status new", l -> l.qualification().status().equals("new"),
        "owner rep2", l -> "rep2".equals(l.routing().ownerId()),
        "hot", l -> "hot".equals(l.scoring().temperature()),
        "tag vip", l -> l.qualification().tags().contains("vip"),
        "at the expo", l -> LeadDemoSeed.EXPO_ID.equals(l.capture().eventId()));
    LeadQuery.Order order = LeadQuery.Order.parse("-createdAt");
    queries.forEach((what, q) -> {
      List<String> expected = all.stream()
          .filter(matches.get(what))
          .sorted(comparator(order))
          .map(Lead::id)
          .toList();
      assertFalse(expected.isEmpty(), what + ": the demo leads include some");
      assertEquals(expected, walk(admin, q, order, 4), what);
      assertEquals(expected.size(), Await.result(leads.count(tenant, admin, q)), what);
    });
    assertEquals(0L, Await.result(leads.count("t-other", admin, LeadQuery.ALL)));
  }

  @Test
  void aScanWalksTheLiveLeadsInIdOrderAndLeavesOutTombstones() {
    List<Lead> all = seeded();
    String deleted = all.get(7).id();
    markDeleted(deleted);
    List<String> expected =
        all.stream().map(Lead::id).filter(id -> !id.equals(deleted)).sorted().toList();

    List<String> scanned = new ArrayList<>();
    String after = null;
    List<Lead> batch;
    do {
      batch = Await.result(leads.scan(tenant, after, 16));
      scanned.addAll(ids(batch));
      after = batch.isEmpty() ? null : batch.get(batch.size() - 1).id();
    } while (batch.size() == 16);

    assertEquals(expected, scanned);
    assertTrue(
        Await.result(leads.find(tenant, deleted)).isPresent(), "a tombstone is still found by id");
    Visibility admin =
        Visibility.of(principal("admin", Role.ADMIN, List.of(), List.of()), Set.of());
    assertEquals(
        expected.size(), Await.result(leads.count(tenant, admin, LeadQuery.ALL)), "nor listed");
  }

  @Test
  void leadsWhoseScoreDecayIsDueAreFoundOldestFirstAndTombstonesNot() {
    Lead a = demoLead(0).withScore(80, "hot", List.of(), null, now.minus(Duration.ofHours(1)));
    Lead b = demoLead(1).withScore(80, "hot", List.of(), null, now.minus(Duration.ofHours(2)));
    Lead later = demoLead(2).withScore(80, "hot", List.of(), null, now.plus(Duration.ofHours(1)));
    Lead gone = demoLead(3).withScore(80, "hot", List.of(), null, now.minus(Duration.ofHours(3)));
    Await.result(leads.insertMany(List.of(a, b, later, gone)));
    markDeleted(gone.id());

    List<String> due = ids(Await.result(leads.decayDue(now, 100))).stream()
        .filter(id -> Set.of(a.id(), b.id(), later.id(), gone.id()).contains(id))
        .toList();

    assertEquals(List.of(b.id(), a.id()), due);
  }

  @Test
  void likelyDuplicatesShareTheEmailThePhoneOrNameAndCompanyButAreNeverTheLeadItself() {
    List<Lead> all = seeded();
    Lead probe = all.get(10);
    Set<String> expected = new HashSet<>();
    for (Lead l : all) {
      boolean email = SearchKeys.email(l.contact().email())
          .equals(SearchKeys.email(probe.contact().email()));
      boolean phone = Boolean.TRUE.equals(probe.contact().phoneValid())
          && probe.contact().phone().equals(l.contact().phone())
          && Boolean.TRUE.equals(l.contact().phoneValid());
      boolean nameAndCompany =
          SearchKeys.name(l.contact().firstName(), l.contact().lastName())
                  .equals(SearchKeys.name(
                      probe.contact().firstName(), probe.contact().lastName()))
              && SearchKeys.text(l.organization().company())
                  .equals(SearchKeys.text(probe.organization().company()));
      if (!l.id().equals(probe.id()) && (email || phone || nameAndCompany)) {
        expected.add(l.id());
      }
    }

    assertEquals(
        expected, Set.copyOf(ids(Await.result(leads.likelyDuplicates(tenant, probe, 500)))));
    assertEquals(List.of(), Await.result(leads.likelyDuplicates("t-other", probe, 500)));
  }

  @Test
  void theEventsAUserCapturedAtAreNamedAndNoOthers() {
    seeded();
    Set<String> asked = Set.of(LeadDemoSeed.EXPO_ID, "another-show");

    assertEquals(
        Set.of(LeadDemoSeed.EXPO_ID), Await.result(leads.eventsCapturedAt(tenant, "booth", asked)));
    assertEquals(
        Set.of(),
        Await.result(leads.eventsCapturedAt(tenant, "rep1", asked)),
        "rep1 captured no expo lead");
    assertEquals(Set.of(), Await.result(leads.eventsCapturedAt(tenant, "booth", Set.of())));
    assertEquals(Set.of(), Await.result(leads.eventsCapturedAt("t-other", "booth", asked)));
  }

  @Test
  void aStatusIsInUseWhileAnyLeadHasItTombstonesIncluded() {
    Lead lead = demoLead(0);
    assertTrue(Await.result(leads.insert(lead, "h")));
    markDeleted(lead.id());

    assertTrue(Await.result(leads.statusInUse(tenant, lead.qualification().status())));
    assertFalse(Await.result(leads.statusInUse(tenant, "no-such-status")));
    assertFalse(Await.result(leads.statusInUse("t-other", lead.qualification().status())));
  }

  /** Every id a caller sees, page by page through the keyset cursor as the lead list does. */
  private List<String> walk(Visibility v, LeadQuery q, LeadQuery.Order order, int pageSize) {
    List<String> out = new ArrayList<>();
    CursorCodec.Position after = null;
    for (int pages = 0; pages < 1000; pages++) {
      List<Lead> page = Await.result(leads.list(tenant, v, q, order, after, pageSize));
      out.addAll(ids(page));
      if (page.size() < pageSize) {
        return out;
      }
      Lead last = page.get(page.size() - 1);
      after = new CursorCodec.Position(
          order.wire(), sortValue(order.sort(), last), last.id(), "contract");
    }
    throw new AssertionError("the list never ended");
  }

  /** The cursor's value of a lead for a sort key, as the lead service writes it. */
  private static Object sortValue(LeadQuery.Sort sort, Lead l) {
    return switch (sort) {
      case CREATED_AT -> l.bookkeeping().createdAt().toEpochMilli();
      case UPDATED_AT -> l.bookkeeping().updatedAt().toEpochMilli();
      case CAPTURED_AT -> l.capture().capturedAt().toEpochMilli();
      case LAST_NAME -> SearchKeys.text(l.contact().lastName());
      case COMPANY -> SearchKeys.text(l.organization().company());
      case SCORE -> l.scoring().score();
    };
  }

  /** The order a list promises: the sort key (normalised text for names), then the id, both in its direction. */
  private static Comparator<Lead> comparator(LeadQuery.Order order) {
    Comparator<Lead> byKey =
        switch (order.sort()) {
          case CREATED_AT -> Comparator.comparing(l -> l.bookkeeping().createdAt());
          case UPDATED_AT -> Comparator.comparing(l -> l.bookkeeping().updatedAt());
          case CAPTURED_AT -> Comparator.comparing(l -> l.capture().capturedAt());
          case LAST_NAME ->
            Comparator.comparing(l -> SearchKeys.text(l.contact().lastName()));
          case COMPANY ->
            Comparator.comparing(l -> SearchKeys.text(l.organization().company()));
          case SCORE -> Comparator.comparing(l -> l.scoring().score());
        };
    Comparator<Lead> both = byKey.thenComparing(Lead::id);
    return order.desc() ? both.reversed() : both;
  }

  private Principal principal(String userId, Role role, List<String> teams, List<String> managed) {
    return new Principal(tenant, userId, role, "s", null, teams, managed);
  }

  private static LeadQuery query(
      List<String> statuses, String ownerId, String temperature, String tag, String eventId) {
    return new LeadQuery(
        statuses,
        ownerId,
        null,
        null,
        null,
        eventId,
        temperature,
        tag == null ? null : List.of(tag),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A tombstone as the delete path leaves it: the lead stays, with its deletion time. */
  private void markDeleted(String id) {
    Await.result(MongoFutures.one(store
        .collection(LeadFields.LEADS)
        .updateOne(
            Filters.and(Filters.eq(LeadFields.TENANT_ID, tenant), Filters.eq(LeadFields.ID, id)),
            Updates.set(LeadFields.DELETED_AT, Date.from(now)))));
  }
}
