package com.fieldlead.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fieldlead.auth.AuthFixtures;
import com.fieldlead.auth.AuthFixtures.Session;
import com.fieldlead.events.DomainEvent;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.testing.Api;
import com.fieldlead.testing.Await;
import com.fieldlead.testing.TestServer;
import com.fieldlead.testing.TestServerExtension;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Server-owned fields of several leads written together: version-checked per lead, each with its events and history;
 * a lead that moved on is left alone and answered null, one with nothing to change is answered as it was.
 */
class ServerFieldsManyTest {

  static TestServer server;

  @RegisterExtension
  static final TestServerExtension SERVER = TestServerExtension.start();

  @BeforeAll
  static void start() {
    server = SERVER.get();
  }

  @Test
  void eachLeadIsWrittenOnlyAtTheVersionItWasReadAt() {
    Api api = server.api();
    Session admin = AuthFixtures.tenantWithAdmin(server, "ServerFieldsMany");
    LeadModule leads = server.server().features().leads();
    List<String> ids =
        List.of(create(api, admin, "A"), create(api, admin, "B"), create(api, admin, "C"));
    List<Lead> read = ids.stream()
        .map(id ->
            Await.onContext(server, () -> leads.lead(admin.tenantId(), id)).orElseThrow())
        .toList();
    // B moves on after it was read
    Api.Response moved = api.patch(
        "/v1/leads/" + ids.get(1),
        Map.of("city", "Elsewhere"),
        admin.accessToken(),
        Map.of(
            "If-Match", api.get("/v1/leads/" + ids.get(1), admin.accessToken()).header("ETag")));
    assertEquals(200, moved.status(), moved::toString);
    Instant at = Instant.parse("2026-11-23T10:00:00Z");
    List<Lead> written = Await.onContext(
        server,
        () -> leads.updateServerFieldsMany(
            admin.tenantId(),
            read,
            null,
            "test-mark",
            current -> current.contact().lastName().equals("C")
                ? null
                : new LeadModule.ServerChange(
                    current.withScore(77, "hot", List.of("+77 test"), null, null),
                    List.of(DomainEvent.of(
                        current.tenantId(), DomainEvent.LEAD_HOT, current.id(), Map.of(), at)))));
    assertEquals(read.get(0).version() + 1, written.get(0).version());
    assertEquals(77, written.get(0).scoring().score());
    assertNull(written.get(1), "B moved on since it was read: nothing written");
    assertSame(read.get(2), written.get(2), "nothing to change for C");

    Lead a =
        Await.onContext(server, () -> leads.lead(admin.tenantId(), ids.get(0))).orElseThrow();
    assertEquals(written.get(0).version(), a.version());
    assertEquals("hot", a.scoring().temperature());
    Lead b =
        Await.onContext(server, () -> leads.lead(admin.tenantId(), ids.get(1))).orElseThrow();
    assertEquals("Elsewhere", b.organization().city());
    assertEquals(
        read.get(1).scoring().score(),
        b.scoring().score(),
        "the stale write left B as its edit wrote it");
    Lead c =
        Await.onContext(server, () -> leads.lead(admin.tenantId(), ids.get(2))).orElseThrow();
    assertEquals(read.get(2).version(), c.version());
    assertEquals(
        true, hotEventStored(admin.tenantId(), ids.get(0)), "A's event was stored with its write");
    assertEquals(
        false,
        hotEventStored(admin.tenantId(), ids.get(1)),
        "B's event was not: its write did not land");
    List<String> actions = api.get("/v1/leads/" + ids.get(0) + "/history", admin.accessToken())
        .json()
        .get("items")
        .findValuesAsText("action");
    assertEquals(true, actions.contains("test-mark"), actions::toString);
    // the pull state stored with A is its state after this write
    Document stored = Await.onContext(
        server,
        () -> MongoFutures.one(server
            .server()
            .store()
            .collection(LeadFields.LEADS)
            .find(Filters.eq(LeadFields.ID, ids.get(0)))
            .first()));
    assertEquals(stored.get("syncSeq"), stored.get(LeadFields.SYNC_STATE_SEQ));
    assertEquals(true, stored.getString(LeadFields.SYNC_STATE).contains("\"score\":77"));
  }

  /** Whether the lead's hot event was stored: still queued on the lead, or relayed to the event log already. */
  private static boolean hotEventStored(String tenantId, String leadId) {
    return Await.onContext(
        server,
        () -> MongoFutures.one(server
                .server()
                .store()
                .collection("domain_events")
                .countDocuments(Filters.and(
                    Filters.eq("tenantId", tenantId),
                    Filters.eq("leadId", leadId),
                    Filters.eq("type", DomainEvent.LEAD_HOT))))
            .compose(relayed -> MongoFutures.one(server
                    .server()
                    .store()
                    .collection(LeadFields.LEADS)
                    .find(Filters.eq(LeadFields.ID, leadId))
                    .first())
                .map(lead -> relayed > 0
                    || lead.getList(LeadFields.PENDING_EVENTS, Document.class, List.of()).stream()
                        .anyMatch(e -> DomainEvent.LEAD_HOT.equals(e.getString("type"))))));
  }

  private static String create(Api api, Session admin, String name) {
    Api.Response r = api.post(
        "/v1/leads",
        Map.of("id", UUID.randomUUID().toString(), "lastName", name),
        admin.accessToken());
    assertEquals(201, r.status(), r::toString);
    return r.json().get("id").asText();
  }
}
